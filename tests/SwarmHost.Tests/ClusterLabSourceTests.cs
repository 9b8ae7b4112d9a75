using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>
/// How the lab's nodes get the source, both ways the product offers, on real clips: the
/// coordinator's relay over SRT (AES with the deployment's media key) while every node drops 2 %
/// of the UDP it receives at random; and a multicast MPEG-TS stream that the coordinator and every
/// node read for themselves, numbering each picture by its timestamp against the coordinator's
/// epoch. Each run: exit 0, lost 0, the output checked by ffprobe and a silent decode.
/// </summary>
[Collection(ClusterTestGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterLabSourceTests(ClusterLabFixture lab, ITestOutputHelper output) : IClassFixture<ClusterLabFixture>
{
    private static readonly TimeSpan Joining = TimeSpan.FromSeconds(60);
    private static readonly string[] Nodes = ["a", "b", "c"];

    [LabFact]
    public void The_relay_over_srt_loses_no_frame_while_every_node_drops_two_percent_of_its_udp_at_random()
    {
        using var nodes = lab.StartNodes();
        lab.WaitUntilSynchronised(Joining);
        foreach (var node in Nodes)
        {
            lab.Lab.DropUdp(node, 2);
        }

        try
        {
            var run = lab.Lab.Swarmhost("co", "run", lab.Manifest("lossy", "vtest.avi", minEncoders: 3), "--credentials", lab.Credentials, "--frames", "300");
            var code = run.WaitForExit(TimeSpan.FromMinutes(4));
            var log = run.Log();
            Assert.True(code == 0, $"exit {code}; the run's log, {ExternalTool.LastLinesFirst(log)}\n--- the nodes:\n{nodes.Logs()}");
            Assert.Contains("lost frames: 0", log, StringComparison.Ordinal);
            lab.CheckOutput("lossy");
            var seconds = JsonDocument.Parse(File.ReadAllText(Path.Combine(lab.Lab.Folder, "lossy.summary.json"))).RootElement.GetProperty("elapsedSeconds").GetDouble();
            var carried = 0;
            foreach (var node in Nodes)
            {
                Assert.Contains("(relayed over SRT)", nodes.Of(node).Log(), StringComparison.Ordinal);
                var (packets, bytes, dropped) = lab.Lab.UdpCounters(node);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"node {node}: {packets} UDP packets in ({bytes * 8 / seconds / 1e6:F2} Mbit/s over {seconds:F1} s), {dropped} dropped ({100.0 * dropped / Math.Max(1, packets):F1} %)"));

                // a node whose encoder was failed under the loss and re-placed elsewhere stops receiving the relay early
                if (packets > 1000)
                {
                    carried++;
                    Assert.True(dropped > 0, $"node {node}: {dropped} of {packets} UDP packets dropped: the loss never happened");
                }
            }

            Assert.True(carried >= 2, $"only {carried} node(s) received the relay for the run (over 1000 UDP packets)");

            lab.CheckNodeSource("lossy", nodes, limitMs: 1000).ToList().ForEach(output.WriteLine);
        }
        finally
        {
            foreach (var node in Nodes)
            {
                lab.Lab.DropUdp(node, 0);
            }
        }
    }

    [LabFact]
    public void Every_node_reads_a_multicast_stream_itself_and_numbers_its_pictures_as_the_coordinator_does()
    {
        using var nodes = lab.StartNodes();
        lab.WaitUntilSynchronised(Joining);
        const string group = "udp://239.255.10.1:5004";
        using var sender = new Sender(lab.Lab.Start("gm", "ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", TestPaths.Clip("motion.mov"),
            "-an", "-c:v", "copy", "-f", "mpegts", $"{group}?ttl=1&pkt_size=1316&localaddr={lab.Lab.Address("gm")}"));
        var manifest = lab.Manifest("multicast", "motion.mov", minEncoders: 3);
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        json["source"] = new JsonObject { ["uri"] = group, ["frames"] = 240 };
        json["health"]!["latencyBudgetMs"] = 4000; // a live input does not wait: each node joins the stream about 2 s after the coordinator (lane start, stream probe) and catches up on the frames granted meanwhile
        File.WriteAllText(manifest, json.ToJsonString());
        var run = lab.Lab.Swarmhost("co", "run", manifest, "--credentials", lab.Credentials);
        var code = run.WaitForExit(TimeSpan.FromMinutes(3));
        var log = run.Log();
        Assert.True(code == 0, $"exit {code}; the run's log, {ExternalTool.LastLinesFirst(log)}\n--- the nodes:\n{nodes.Logs()}");
        Assert.Contains("lost frames: 0", log, StringComparison.Ordinal);
        lab.CheckOutput("multicast");
        foreach (var node in Nodes)
        {
            var nodeLog = nodes.Of(node).Log();
            Assert.Contains($"of {group}", nodeLog, StringComparison.Ordinal);
            Assert.DoesNotContain("relayed over SRT", nodeLog, StringComparison.Ordinal);
        }

        lab.CheckNodeSource("multicast", nodes, limitMs: 4000).ToList().ForEach(output.WriteLine); // within the budget: a node that joined the stream late stays behind while it catches up
    }

    /// <summary>The multicast sender, stopped at the end.</summary>
    private sealed class Sender(LabProcess process) : IDisposable
    {
        public void Dispose() => process.Stop();
    }
}
