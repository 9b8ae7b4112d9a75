using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// SRT outputs end to end on loopback with the real CLI and the ffmpeg CLI at the other end: SRT
/// in → a swarm whose leader fails → SRT out to an encrypted receiver, complete and in sync; a
/// listener that no receiver calls, a receiver without the passphrase, and a receiver that leaves
/// never hold the swarm up nor fail the run.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class SrtOutputTests
{
    private const string Passphrase = "swarm-output-secret";

    [Fact]
    public void Srt_in_through_a_failing_leader_to_srt_out_reaches_its_receiver_whole_and_in_sync()
    {
        var folder = Directory.CreateTempSubdirectory("srt-e2e-").FullName;
        var (inPort, outPort) = (SwarmRuns.FreeUdpPort(), SwarmRuns.FreeUdpPort());
        var received = Path.Combine(folder, "received.ts");
        using var receiver = ExternalTool.Start("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", $"srt://127.0.0.1:{outPort}?mode=listener&passphrase={Passphrase}", "-map", "0", "-c", "copy", "-f", "mpegts", received);
        using var sender = ExternalTool.Start("ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", SyncPattern.Video(20, 10), "-f", "lavfi", "-i", SyncPattern.Audio(10),
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "20", "-c:a", "aac", "-f", "mpegts", $"srt://127.0.0.1:{inPort}?mode=listener&passphrase={Passphrase}");
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20", chaos: ("hang", 60));
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["output"] = new JsonObject { ["uri"] = $"srt://127.0.0.1:{outPort}?mode=caller&passphrase={Passphrase}" };
        // which of 'fast' and 'main' leads a live input depends on timing: both hang at frame 60, so the leader fails whichever it is
        var main = json["encoders"]![1]!.AsObject();
        json["encoders"]![1] = new JsonObject { ["id"] = "main", ["plugin"] = "chaos", ["options"] = new JsonObject { ["mode"] = "hang", ["frame"] = 60, ["inner"] = new JsonObject { ["plugin"] = "ffmpeg", ["options"] = main["options"]!.DeepClone() } } };
        // with both hung, 'lean' alone must deliver the GOP whole: a generous budget keeps a busy moment on a shared machine from making it late
        json["health"] = new JsonObject { ["latencyBudgetMs"] = 2000 };
        File.WriteAllText(manifest, json.ToJsonString());
        Thread.Sleep(500); // both ends listen

        var (result, summary) = SwarmRuns.Run(manifest, "--input", $"srt://127.0.0.1:{inPort}?mode=caller&passphrase={Passphrase}", "--frames", "150");
        sender.Kill();

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.DoesNotContain(Passphrase, result.Output + result.Error, StringComparison.Ordinal); // shown as ***
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.True(summary.GetProperty("handovers").GetInt64() >= 1, "the leader's hang should hand the output over");
        Assert.True(summary.GetProperty("encoders").EnumerateArray().Count(e => e.GetProperty("failures").GetInt64() >= 1) == 2, "'fast' and 'main' should each have failed once");
        var srt = summary.GetProperty("srt");
        Assert.Equal(1, srt.GetProperty("connections").GetInt64());
        Assert.Equal(0, srt.GetProperty("bytesDropped").GetInt64());
        Assert.True(receiver.WaitForExit(15_000), "the receiver did not end when the output closed");
        Assert.Equal(summary.GetProperty("framesOut").GetInt64(), ExternalTool.CountFrames(received));
        Assert.Equal("", ExternalTool.DecodeErrors(received));
        var offsets = SyncPattern.Offsets(received);
        Assert.True(offsets.Count >= 5, $"{offsets.Count} flashes measured");
        Assert.All(offsets, o => Assert.True(Math.Abs(o) <= SyncPattern.OneAudioFrameMs, $"audio − video {o:F1} ms at a flash as received"));
    }

    [Fact]
    public async Task A_listener_waits_for_its_receiver_refuses_a_wrong_passphrase_and_outlives_a_receiver_that_leaves()
    {
        var folder = Directory.CreateTempSubdirectory("srt-listener-").FullName;
        var port = SwarmRuns.FreeUdpPort();
        var manifest = SwarmRuns.Manifest(folder, SyncPattern.Lavfi(20, 14)); // long enough for SRT to notice the visitor's leaving (it may take its peer-idle timeout, 5 s)
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["output"] = new JsonObject { ["uri"] = $"srt://127.0.0.1:{port}?mode=listener&passphrase={Passphrase}" };
        File.WriteAllText(manifest, json.ToJsonString());

        var metricsPort = SwarmRuns.FreeTcpPort();
        var run = Task.Run(() => SwarmRuns.Run(manifest, "--realtime", "--metrics", $"http://127.0.0.1:{metricsPort}/"));
        await Task.Delay(2000); // nobody has called yet: the swarm runs on
        using (var http = new HttpClient())
        {
            var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
            Assert.Contains("swarmhost_output_srt_connected 0", metrics, StringComparison.Ordinal);
            Assert.Contains("swarmhost_output_srt_bytes_dropped ", metrics, StringComparison.Ordinal);
        }

        var stranger = ExternalTool.Run("ffmpeg", TimeSpan.FromSeconds(20), "-nostdin", "-v", "error", "-y", "-i", $"srt://127.0.0.1:{port}?mode=caller&passphrase=not-the-passphrase", "-t", "1", "-c", "copy", "-f", "mpegts", Path.Combine(folder, "stranger.ts"));
        var visitor = ExternalTool.Run("ffmpeg", TimeSpan.FromSeconds(20), "-nostdin", "-v", "error", "-y", "-i", $"srt://127.0.0.1:{port}?mode=caller&passphrase={Passphrase}", "-t", "2", "-map", "0", "-c", "copy", "-f", "mpegts", Path.Combine(folder, "visitor.ts"));
        var (result, summary) = await run;

        Assert.NotEqual(0, stranger.ExitCode); // SRT refused its handshake
        Assert.True(visitor.ExitCode == 0, visitor.Error);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        var srt = summary.GetProperty("srt");
        Assert.Equal(1, srt.GetProperty("connections").GetInt64());
        Assert.Equal(1, srt.GetProperty("disconnects").GetInt64());
        Assert.True(srt.GetProperty("bytesDropped").GetInt64() > 0, "bytes written before the visitor came and after it left reach nobody");
        Assert.True(srt.GetProperty("bytesSent").GetInt64() > 0);
        Assert.InRange(ExternalTool.CountFrames(Path.Combine(folder, "visitor.ts")), 20, 60); // about the 2 s it stayed
    }

    [Fact]
    public void A_listener_whose_port_is_taken_stops_the_run_before_its_first_frame()
    {
        var folder = Directory.CreateTempSubdirectory("srt-taken-").FullName;
        var port = SwarmRuns.FreeUdpPort();
        using var holder = ExternalTool.Start("ffmpeg", "-nostdin", "-v", "error", "-i", $"srt://127.0.0.1:{port}?mode=listener", "-f", "null", "-");
        Thread.Sleep(500); // the port is bound
        var manifest = SwarmRuns.Manifest(folder, SyncPattern.Lavfi(20, 2));
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["output"] = new JsonObject { ["uri"] = $"srt://127.0.0.1:{port}?mode=listener&passphrase={Passphrase}" };
        File.WriteAllText(manifest, json.ToJsonString());

        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest);
        holder.Kill();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, result.Error, StringComparison.Ordinal);
    }
}
