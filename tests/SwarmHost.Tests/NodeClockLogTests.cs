using System.Diagnostics;
using System.Text.Json;
using SwarmHost.Engine.Audit;
using SwarmHost.Engine.Lanes.Remote;
using EventLog = SwarmHost.Engine.Events.EventLog;

namespace SwarmHost.Tests;

/// <summary>
/// The coordinator's watch over its nodes' clocks: Synchronised is fine, Holdover is fine for
/// the limit and Degraded after it, anything else is Degraded at once; each change is one
/// <c>node-clock</c> event; only nodes running lanes count, and the summary adds up the time degraded.
/// </summary>
public sealed class NodeClockLogTests : IDisposable
{
    private static readonly long Second = Stopwatch.Frequency;
    private readonly string _events = Path.Combine(Directory.CreateTempSubdirectory("node-clocks-").FullName, "events.jsonl");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_events)!, recursive: true);

    [Fact]
    public void Holdover_is_acceptable_up_to_the_limit_then_the_node_is_degraded_and_every_change_is_one_event()
    {
        var readings = new Dictionary<string, NodeClockReading>
        {
            ["a"] = new("a", "ptp", "Synchronised", 400),
            ["b"] = new("b", "ptp", "Synchronised", -900),
            ["idle"] = new("idle", "ptp", "Listening", null), // runs no lane of this run: not watched
        };
        using (var events = new EventLog(_events))
        {
            events.Write("run-start", null); // the log's file is written from the run's start
            var log = new NodeClockLog(() => [.. readings.Values], () => ["a", "b", "a"], events, TimeSpan.FromSeconds(10));
            var t = 1000 * Second;
            log.Check(0, t);
            log.Check(1, t + (Second / 2)); // within a second of the last reading: not read
            readings["a"] = readings["a"] with { State = "Holdover", OffsetNs = 1500 };
            log.Check(30, t + (2 * Second));
            Assert.False(Assert.Single(log.Snapshot, n => n.Node == "a").Degraded); // holdover within the limit
            log.Check(300, t + (13 * Second)); // 11 s of holdover: past the 10 s limit
            Assert.True(Assert.Single(log.Snapshot, n => n.Node == "a").Degraded);
            readings["b"] = readings["b"] with { State = "Uncalibrated" };
            log.Check(330, t + (14 * Second));
            readings["a"] = readings["a"] with { State = "Synchronised", OffsetNs = 200 };
            log.Check(360, t + (16 * Second));

            var a = Assert.Single(log.Summaries, n => n.Node == "a");
            Assert.Equal(("ptp", "Synchronised", false, 2), (a.Clock, a.State, a.Degraded, a.Changes));
            Assert.Equal(3.0, a.DegradedSeconds); // degraded from 13 s to 16 s
            Assert.Equal(1500, a.MaxAbsOffsetNs);
            var b = Assert.Single(log.Summaries, n => n.Node == "b");
            Assert.Equal(("Uncalibrated", true, 900.0), (b.State, b.Degraded, b.MaxAbsOffsetNs));
            Assert.DoesNotContain(log.Summaries, n => n.Node == "idle");
        }

        var written = File.ReadAllLines(_events).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("type").GetString() == "node-clock")
            .Select(e => $"{e.GetProperty("node").GetString()} {e.GetProperty("from").GetString()}>{e.GetProperty("state").GetString()} {e.GetProperty("degraded").GetBoolean()}").ToList();
        Assert.Equal(["a ->Synchronised False", "b ->Synchronised False", "a Synchronised>Holdover False", "a Holdover>Holdover True", "b Synchronised>Uncalibrated True", "a Holdover>Synchronised False"], written);
    }
}
