using System.Diagnostics;
using SwarmHost.Engine.Events;
using SwarmHost.Engine.Lanes.Remote;
using SwarmHost.Telemetry;
using EventLog = SwarmHost.Engine.Events.EventLog;

namespace SwarmHost.Engine.Audit;

/// <summary>
/// Watches the clocks of the nodes that run this run's live lanes, as their adverts report them
/// (read at most once a second): a <c>node-clock</c> event at each change of state, and whenever a
/// node becomes Degraded — its clock neither Synchronised nor in Holdover, or in Holdover for
/// longer than the limit — or recovers; the figures for the metrics and the summary. A node the
/// coordinator cannot reach keeps its last reading (its lanes' links say more about it than its
/// clock). Coordinator thread only.
/// </summary>
/// <param name="clocks">The nodes' clocks now (the coordinator's view of the cluster).</param>
/// <param name="nodesInUse">The nodes running live lanes now.</param>
/// <param name="events">The run's events.</param>
/// <param name="holdoverLimit">How long Holdover is acceptable.</param>
internal sealed class NodeClockLog(Func<IReadOnlyList<NodeClockReading>> clocks, Func<IEnumerable<string>> nodesInUse, EventLog events, TimeSpan holdoverLimit)
{
    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);
    private long _checkedTicks;

    /// <summary>Each node's clock as last read, for the metrics.</summary>
    public IReadOnlyList<NodeClockSnapshot> Snapshot => [.. _tracks.Select(t => new NodeClockSnapshot(t.Key, t.Value.State, t.Value.Degraded, t.Value.OffsetNs))];

    /// <summary>Each node's clock over the run so far, for the summary.</summary>
    public IReadOnlyList<NodeClockSummary> Summaries => [.. _tracks.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
        new NodeClockSummary(t.Key, t.Value.Clock, t.Value.State, t.Value.Degraded, Math.Round(t.Value.DegradedTicks / (double)Stopwatch.Frequency, 1), t.Value.OffsetNs, t.Value.MaxAbsOffsetNs, t.Value.Changes))];

    /// <summary>Reads the nodes' clocks if a second has passed since the last reading; <paramref name="nextSequence"/> is the frame an event is logged at.</summary>
    public void Check(long nextSequence) => Check(nextSequence, Stopwatch.GetTimestamp());

    /// <summary>As <see cref="Check(long)"/>, at <paramref name="now"/> (Stopwatch ticks).</summary>
    internal void Check(long nextSequence, long now)
    {
        if (_checkedTicks != 0 && now - _checkedTicks < Stopwatch.Frequency)
        {
            return;
        }

        var since = _checkedTicks == 0 ? 0 : now - _checkedTicks;
        _checkedTicks = now;
        var readings = clocks().GroupBy(r => r.Node, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var node in nodesInUse().Distinct(StringComparer.Ordinal))
        {
            if (!readings.TryGetValue(node, out var reading))
            {
                continue;
            }

            var first = !_tracks.TryGetValue(node, out var track);
            track ??= _tracks[node] = new Track { Clock = reading.Clock, State = reading.State, StateSince = now };
            if (track.Degraded)
            {
                track.DegradedTicks += since;
            }

            var from = first ? "-" : track.State;
            if (!first && reading.State != track.State)
            {
                track.State = reading.State;
                track.StateSince = now;
                track.Changes++;
            }

            track.OffsetNs = reading.OffsetNs;
            if (reading.OffsetNs is { } offset)
            {
                track.MaxAbsOffsetNs = Math.Max(track.MaxAbsOffsetNs ?? 0, Math.Abs(offset));
            }

            var degraded = track.State switch
            {
                "Synchronised" => false,
                "Holdover" => now - track.StateSince > holdoverLimit.TotalSeconds * Stopwatch.Frequency,
                _ => true,
            };
            if (first || from != track.State || degraded != track.Degraded)
            {
                events.Write(new NodeClockEvent(node, track.Clock, from, track.State, degraded, reading.OffsetNs, Note(track.State, degraded)) { Sequence = nextSequence });
            }

            track.Degraded = degraded;
        }
    }

    private string? Note(string state, bool degraded) => (state, degraded) switch
    {
        ("Holdover", false) => $"the node's time source went silent; it stamps on its last frequency estimate, acceptable for {holdoverLimit.TotalSeconds:0} s",
        ("Holdover", true) => $"in holdover for longer than {holdoverLimit.TotalSeconds:0} s: its timestamps drift from the others'",
        (_, true) => "the node's clock is not locked to its source: its timestamps are not on the swarm's time scale",
        _ => null,
    };

    private sealed class Track
    {
        public required string Clock { get; init; }

        public required string State { get; set; }

        public long StateSince { get; set; }

        public bool Degraded { get; set; }

        public long DegradedTicks { get; set; }

        public double? OffsetNs { get; set; }

        public double? MaxAbsOffsetNs { get; set; }

        public int Changes { get; set; }
    }
}
