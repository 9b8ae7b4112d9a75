using System.Text.Json.Nodes;

namespace SwarmHost.Reporting;

/// <summary>
/// A run as its events recorded it (<c>docs/events.md</c>): what the report plots and tabulates.
/// Built by <see cref="RunRecordReader"/> from a saved <c>events.jsonl</c> or from a run's events as they were written.
/// </summary>
public sealed class RunRecord
{
    /// <summary>Where the events came from (a file name), for the page's heading.</summary>
    public required string Source { get; init; }

    /// <summary>The events files read, oldest first (one unless the run's events were rotated).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The <c>run-start</c> event (input, output, profile, clock, policy, encoders), or an empty object when the run never started.</summary>
    public required JsonObject Start { get; init; }

    /// <summary>The frame interval, ms: every encoder's budget per frame in real time.</summary>
    public required double FrameIntervalMs { get; init; }

    /// <summary>Encoder ids in the order the run introduced them (the manifest's).</summary>
    public required IReadOnlyList<string> Encoders { get; init; }

    /// <summary>The closed slots, in order: every one, or every <see cref="SlotStride"/>-th of a long run.</summary>
    public required IReadOnlyList<SlotRecord> Slots { get; init; }

    /// <summary>How many slots the events read recorded (more than <see cref="Slots"/> holds when thinned).</summary>
    public long SlotCount { get; init; }

    /// <summary>Every how many slots one is in <see cref="Slots"/> (1: all of them).</summary>
    public int SlotStride { get; init; } = 1;

    /// <summary>The slots where an analyzer saw a scene cut, in order (all of them, however thinned <see cref="Slots"/> is).</summary>
    public IReadOnlyList<long> SceneCuts { get; init; } = [];

    /// <summary>Every encoder's figures per GOP, in order per encoder: every GOP, or every <see cref="GopStride"/>-th of a long run.</summary>
    public required IReadOnlyList<EncoderGopRecord> Gops { get; init; }

    /// <summary>Every how many GOPs one is in <see cref="Gops"/> (1: all of them).</summary>
    public int GopStride { get; init; } = 1;

    /// <summary>The output's quality per window (about a GOP), in order.</summary>
    public required IReadOnlyList<OutputQualityRecord> OutputQuality { get; init; }

    /// <summary>Handovers, health changes, stalls, clock changes and failures, in order.</summary>
    public required IReadOnlyList<RunMarker> Markers { get; init; }

    /// <summary>The run summary (the last event), or <c>null</c> when the run did not finish (the file was cut short).</summary>
    public required JsonObject? Summary { get; init; }

    /// <summary>The span whose events the rotation cap deleted, or <c>null</c> when none was.</summary>
    public DroppedEvents? Dropped { get; init; }

    /// <summary>What was odd about the events but did not stop the report (e.g. a last line cut short).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Content-type labels seen in the slots (<c>contentType.&lt;label&gt;</c>), in order of first appearance.</summary>
    public IReadOnlyList<string> ContentTypeLabels =>
        [.. Slots.SelectMany(s => s.Content.Keys).Where(k => k.StartsWith(ContentTypePrefix, StringComparison.Ordinal)).Distinct().Select(k => k[ContentTypePrefix.Length..])];

    /// <summary>The prefix of content-type metrics in a slot's content.</summary>
    internal const string ContentTypePrefix = "contentType.";
}
