using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>
/// The cluster lab's network faults beyond one node: a partition that cuts the coordinator and
/// one node off from the two others (the output goes on, the cut-off lanes stop, the cut-off
/// nodes rejoin unaided once healed), and a machine without the deployment's credentials (its
/// node, its coordinator and its connection to a lane port are all refused, naming its address).
/// </summary>
[Collection(ClusterTestGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterLabPartitionTests(ClusterLabFixture lab, ITestOutputHelper output) : IClassFixture<ClusterLabFixture>
{
    private static readonly TimeSpan Joining = TimeSpan.FromSeconds(60);

    [LabFact]
    public void A_partition_cutting_the_coordinator_and_one_node_off_from_two_costs_no_frame_and_the_cut_off_nodes_rejoin_unaided()
    {
        using var nodes = lab.StartNodes();
        lab.WaitUntilSynchronised(Joining);
        const int metricsPort = 9431;
        var run = lab.Lab.Swarmhost("co", "run", lab.Manifest("partition", "vtest.avi", minEncoders: 2), "--credentials", lab.Credentials, "--metrics", $"http://127.0.0.1:{metricsPort}/");
        var (_, frame) = lab.WaitForLeader(metricsPort, 90, run);
        string[] kept = ["co", "a"];
        string[] cutOff = ["b", "c"];
        var cut = Stopwatch.StartNew();
        lab.Lab.Partition(kept, cutOff, cut: true);
        output.WriteLine($"partition {{co, a}} | {{b, c}} at frame {frame}");
        try
        {
            // each cut-off node stops its lane on its own: nobody there is waiting for its units
            foreach (var (node, encoder) in new[] { ("b", "main"), ("c", "lean") })
            {
                var ended = new Regex($@"lane {encoder} \(instance 1\): (no word from the coordinator|the coordinator's link closed|failed)");
                ClusterLabFixture.Wait(() => ended.IsMatch(nodes.Of(node).Log()), TimeSpan.FromSeconds(60), () => $"node {node} never stopped lane {encoder}:\n{nodes.Of(node).Log()}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  node {node} stopped lane {encoder} {cut.Elapsed.TotalSeconds:0.0} s after the cut: {ended.Match(nodes.Of(node).Log()).Value}"));
                Assert.True(cut.Elapsed < TimeSpan.FromSeconds(20), $"node {node} stopped its lane {cut.Elapsed.TotalSeconds:0.0} s after the cut (8 s of silence, polled; the rest is a loaded machine)");
            }

            // the split-brain resolver keeps one side: here the coordinator's (equal halves, and it has the lowest address); the others down themselves
            foreach (var node in cutOff)
            {
                ClusterLabFixture.Wait(() => nodes.Of(node).Log().Contains("removed from the cluster by the other members (downed)", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => $"node {node} was never downed:\n{nodes.Of(node).Log()}");
            }
        }
        finally
        {
            lab.Lab.Partition(kept, cutOff, cut: false);
        }

        // healed: the downed nodes join again by themselves, as new incarnations the others see Up
        foreach (var node in cutOff)
        {
            var address = $"member up: {lab.Lab.Address(node)}:";
            ClusterLabFixture.Wait(() => Regex.Count(nodes.Of("a").Log(), Regex.Escape(address)) >= 2, TimeSpan.FromSeconds(90), () => $"node {node} did not rejoin:\n{nodes.Of(node).Log()}\n--- node a:\n{nodes.Of("a").Log()}");
        }

        var code = run.WaitForExit(TimeSpan.FromMinutes(3));
        var log = run.Log();
        Assert.True(code == 0, $"exit {code}; the run's log, {ExternalTool.LastLinesFirst(log)}\n--- the nodes:\n{nodes.Logs()}");
        Assert.Contains("lost frames: 0", log, StringComparison.Ordinal);
        Assert.DoesNotContain("this coordinator was removed from the cluster", log, StringComparison.Ordinal);
        lab.CheckOutput("partition");
    }

    [LabFact]
    public void A_machine_without_the_credentials_is_refused_as_a_node_as_a_coordinator_and_at_a_lane_port()
    {
        using var nodes = lab.StartNodes();
        var stranger = Path.Combine(lab.Lab.Folder, "stranger");
        if (!Directory.Exists(stranger))
        {
            var made = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "credentials", "new", stranger);
            Assert.True(made.ExitCode == 0, made.Error);
        }

        var seed = $"{lab.Lab.Address("a")}:4053";
        var from = lab.Lab.Address("gm"); // the intruder's machine
        var intruder = lab.Lab.Swarmhost("gm", "node", "--name", "x", "--listen", $"{from}:4053", "--join", seed, "--credentials", stranger);
        Assert.True(intruder.WaitForExit(TimeSpan.FromMinutes(2)) == 1, intruder.Log());
        Assert.Contains("could not join the cluster through " + seed, intruder.Log(), StringComparison.Ordinal);
        var pinning = new Regex($@"Certificate pinning failed for \[?(::ffff:)?{Regex.Escape(from)}\]?:");
        ClusterLabFixture.Wait(() => pinning.IsMatch(nodes.Of("a").Log()), TimeSpan.FromSeconds(30), () => nodes.Of("a").Log()); // the refusal names the intruder's address
        Assert.DoesNotContain($"member up: {from}", nodes.Of("a").Log(), StringComparison.Ordinal);

        var coordinator = lab.Lab.Swarmhost("gm", "run", lab.Manifest("stranger", "vtest.avi", minEncoders: 3, coordinator: "gm"), "--credentials", stranger);
        Assert.True(coordinator.WaitForExit(TimeSpan.FromMinutes(2)) == 1, coordinator.Log());
        Assert.Contains("could not join the cluster", coordinator.Log(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(lab.Lab.Folder, "stranger.ts")));

        // a lane port takes no link from a peer without the certificate (curl presents none)
        var lanePort = Regex.Match(nodes.Of("b").Log(), @"\(lanes on ([\d.]+:\d+)\)").Groups[1].Value;
        var knocked = ExternalTool.Run("ip", "netns", "exec", lab.Lab.Ns("gm"), "curl", "-sk", "--max-time", "10", $"https://{lanePort}/");
        Assert.NotEqual(0, knocked.ExitCode);
        ClusterLabFixture.Wait(() => nodes.Of("b").Log().Contains($"refused a lane link from {from}:", StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => nodes.Of("b").Log());
        Assert.DoesNotContain(": starting at frame", nodes.Of("b").Log(), StringComparison.Ordinal);
    }
}
