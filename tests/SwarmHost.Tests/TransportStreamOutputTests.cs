using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// An MPEG-TS output's service description and pacing (<c>output.ts</c>), end to end with the
/// real CLI and read back with ffprobe: service name, provider and id, the PMT's and the streams'
/// PIDs, and a constant mux rate.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class TransportStreamOutputTests
{
    [Fact]
    public void The_service_its_pids_and_a_constant_mux_rate_are_what_the_manifest_says()
    {
        var folder = Directory.CreateTempSubdirectory("ts-service-").FullName;
        var manifest = SwarmRuns.Manifest(folder, SyncPattern.Lavfi(20, 6));
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["output"]!["ts"] = new JsonObject { ["serviceName"] = "SwarmHost One", ["serviceProvider"] = "Swarm Test", ["serviceId"] = 7, ["pmtPid"] = 512, ["firstPid"] = 768, ["muxRate"] = 6_000_000 };
        File.WriteAllText(manifest, json.ToJsonString());

        var (result, _) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        var output = Path.Combine(folder, "program.ts");
        var program = ExternalTool.Run("ffprobe", "-v", "error", "-show_entries", "program=program_id,pmt_pid:program_tags=service_name,service_provider:stream=id,codec_type", "-of", "flat", output).Output;
        Assert.Contains("programs.program.0.program_id=7", program, StringComparison.Ordinal);
        Assert.Contains("programs.program.0.pmt_pid=512", program, StringComparison.Ordinal);
        Assert.Contains("programs.program.0.tags.service_name=\"SwarmHost One\"", program, StringComparison.Ordinal);
        Assert.Contains("programs.program.0.tags.service_provider=\"Swarm Test\"", program, StringComparison.Ordinal);
        Assert.Contains("streams.stream.0.id=\"0x300\"", program, StringComparison.Ordinal);
        Assert.Contains("streams.stream.1.id=\"0x301\"", program, StringComparison.Ordinal);

        // constant rate: the file's bytes over its duration are the mux rate (null packets fill what the streams leave: about 2 Mbit/s here)
        var duration = double.Parse(ExternalTool.Run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", output).Output.Trim(), CultureInfo.InvariantCulture);
        var rate = new FileInfo(output).Length * 8 / duration;
        Assert.InRange(rate, 6_000_000 * 0.9, 6_000_000 * 1.1); // the duration is the streams' span, a frame or so short of what the packets were paced over
        Assert.Equal("", ExternalTool.DecodeErrors(output));
    }

    [LabFact]
    public void A_multicast_output_at_a_constant_rate_reaches_a_receiver_on_another_host_with_its_audio_in_sync()
    {
        using var lab = new NetworkLab("mcast");
        const string group = "udp://239.255.30.1:5010";
        var received = Path.Combine(lab.Folder, "received.ts");
        var receiver = lab.Start(lab.ClientNs, null, "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", $"{group}?localaddr={NetworkLab.ClientAddress}&timeout=4000000", "-map", "0", "-c", "copy", received);
        var manifest = SwarmRuns.Manifest(lab.Folder, SyncPattern.Lavfi(20, 6));
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["output"] = new JsonObject { ["uri"] = $"{group}?localaddr={NetworkLab.ServerAddress}&ttl=1&pkt_size=1316", ["ts"] = new JsonObject { ["muxRate"] = 4_000_000 } };
        File.WriteAllText(manifest, json.ToJsonString());
        Thread.Sleep(1000); // the receiver has joined the group

        var run = lab.Swarmhost(lab.ServerNs, null, "run", manifest, "--realtime", "--summary", Path.Combine(lab.Folder, "summary.json"));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        Assert.True(receiver.WaitForExit(TimeSpan.FromSeconds(20)) is 0, $"the receiver did not end cleanly after the stream did: {receiver.Log()}");
        Assert.Equal(120, ExternalTool.CountFrames(received));
        Assert.Equal("", ExternalTool.DecodeErrors(received));
        var offsets = SyncPattern.Offsets(received);
        Assert.Equal(5, offsets.Count);
        Assert.All(offsets, o => Assert.True(Math.Abs(o) <= SyncPattern.OneAudioFrameMs, $"audio − video {o:F1} ms at a flash as received"));
    }
}
