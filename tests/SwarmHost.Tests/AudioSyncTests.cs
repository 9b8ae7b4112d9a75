using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// Audio through the swarm, end to end with the real CLI: the source's tone stays on its flash
/// through a handover and an encoder failure, through a live sender that stops and comes back
/// (the stall filled with silence), and a tone put late against its flash is found and fails the
/// run. Offsets are measured twice: by the run itself (output.audio.measureSync) and by the
/// ffmpeg CLI.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class AudioSyncTests
{
    [Fact]
    public void The_tone_stays_on_its_flash_through_a_handover_and_a_failure()
    {
        var folder = Directory.CreateTempSubdirectory("audio-sync-").FullName;
        var manifest = WithSyncMeasure(SwarmRuns.Manifest(folder, SyncPattern.Lavfi(20, 8), chaos: ("hang", 50)));

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.True(summary.GetProperty("handovers").GetInt64() >= 1, "the hang of 'fast' should hand the output over");
        var audio = summary.GetProperty("audio");
        Assert.StartsWith("aac", audio.GetProperty("tracks")[0].GetString(), StringComparison.Ordinal); // PCM from lavfi cannot go into MPEG-TS as it is: encoded
        var sync = audio.GetProperty("sync");
        Assert.Equal(8, sync.GetProperty("flashes").GetInt32());
        Assert.Equal(8, sync.GetProperty("matched").GetInt32());
        Assert.True(sync.GetProperty("maxAbsOffsetMs").GetDouble() <= SyncPattern.OneAudioFrameMs, $"the run measured {sync.GetProperty("maxAbsOffsetMs")} ms");
        var output = Path.Combine(folder, "program.ts");
        var offsets = SyncPattern.Offsets(output);
        Assert.Equal(7, offsets.Count); // every flash but the one the audio starts with
        Assert.All(offsets, o => Assert.True(Math.Abs(o) <= SyncPattern.OneAudioFrameMs, $"ffmpeg measured audio − video {o:F1} ms at a flash: {string.Join(", ", offsets.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}"));
        Assert.Equal("", ExternalTool.DecodeErrors(output));
    }

    [Fact]
    public void A_tone_late_against_its_flash_is_measured_and_fails_the_run()
    {
        var folder = Directory.CreateTempSubdirectory("audio-late-").FullName;
        var manifest = WithSyncMeasure(SwarmRuns.Manifest(folder, SyncPattern.Lavfi(20, 4, delayMs: 60)));

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("A/V sync", summary.GetProperty("error").GetString(), StringComparison.Ordinal);
        var largest = summary.GetProperty("audio").GetProperty("sync").GetProperty("maxAbsOffsetMs").GetDouble();
        Assert.InRange(largest, 55, 65);
    }

    [Fact]
    public async Task A_live_sender_that_stops_and_comes_back_keeps_the_tone_on_its_flash_and_its_stall_becomes_silence()
    {
        var folder = Directory.CreateTempSubdirectory("audio-live-").FullName;
        var manifest = WithSyncMeasure(SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20"));
        var port = SwarmRuns.FreeUdpPort();

        static System.Diagnostics.Process Sender(int port, int seconds) => ExternalTool.Start("ffmpeg", "-nostdin", "-v", "error", "-re",
            "-f", "lavfi", "-i", SyncPattern.Video(20, seconds), "-f", "lavfi", "-i", SyncPattern.Audio(seconds),
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", $"udp://127.0.0.1:{port}?pkt_size=1316");

        using var first = Sender(port, 4);
        await Task.Delay(500);
        var run = Task.Run(() => SwarmRuns.Run(manifest, "--input", $"udp://127.0.0.1:{port}", "--realtime", "--frames", "150"));
        await first.WaitForExitAsync();
        await Task.Delay(2000); // the sender is gone
        using var second = Sender(port, 6);
        var (result, summary) = await run;
        second.Kill();

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.True(summary.GetProperty("insertedFrames").GetInt64() > 10, "the stall should be filled with repeated pictures");
        var audio = summary.GetProperty("audio");
        Assert.StartsWith("aac", audio.GetProperty("tracks")[0].GetString(), StringComparison.Ordinal); // a live input's audio is encoded, so its stall can be filled
        var silence = audio.GetProperty("silenceInsertedMs").GetDouble();
        Assert.True(silence > 1000, $"only {silence} ms of silence inserted for a stall of about 2 s");
        var sync = audio.GetProperty("sync");
        Assert.True(sync.GetProperty("flashes").GetInt32() >= 6, $"{sync.GetProperty("flashes")} flashes in the output");
        Assert.Equal(sync.GetProperty("flashes").GetInt32(), sync.GetProperty("matched").GetInt32());
        Assert.True(sync.GetProperty("maxAbsOffsetMs").GetDouble() <= SyncPattern.OneAudioFrameMs, $"the run measured {sync.GetProperty("maxAbsOffsetMs")} ms");
        var offsets = SyncPattern.Offsets(Path.Combine(folder, "program.ts"));
        Assert.All(offsets, o => Assert.True(Math.Abs(o) <= SyncPattern.OneAudioFrameMs, $"ffmpeg measured audio − video {o:F1} ms at a flash: {string.Join(", ", offsets.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}"));
    }

    private static string WithSyncMeasure(string manifest)
    {
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["output"]!["audio"] = new JsonObject { ["measureSync"] = true };
        File.WriteAllText(manifest, json.ToJsonString());
        return manifest;
    }
}
