using System.Text.Json.Nodes;

namespace SwarmHost.Engine.Events;

/// <summary>What one events file (or a run of consecutive files) covers: its parts, first and last slot, first and last event time.</summary>
/// <remarks>Not thread-safe: <see cref="EventFileSet"/> updates it under its owner's lock.</remarks>
internal sealed class EventFileSpan(int part)
{
    /// <summary>The first part (file number in the run, from 1) covered.</summary>
    public int FirstPart { get; private set; } = part;

    /// <summary>The last part covered.</summary>
    public int LastPart { get; private set; } = part;

    /// <summary>The lowest slot sequence of an event in it, or <c>null</c> when no event had one.</summary>
    public long? FirstSeq { get; private set; }

    /// <summary>The highest slot sequence of an event in it.</summary>
    public long? LastSeq { get; private set; }

    /// <summary>The time of its first event (ISO 8601, as written).</summary>
    public string? FirstTime { get; private set; }

    /// <summary>The time of its last event.</summary>
    public string? LastTime { get; private set; }

    /// <summary>Counts one event written to the file.</summary>
    public void Include(long? seq, string time)
    {
        FirstTime ??= time;
        LastTime = time;
        if (seq is { } s)
        {
            FirstSeq = FirstSeq is { } first ? Math.Min(first, s) : s;
            LastSeq = LastSeq is { } last ? Math.Max(last, s) : s;
        }
    }

    /// <summary>Extends this span by a later one (the files are consecutive).</summary>
    public void Append(EventFileSpan later)
    {
        LastPart = later.LastPart;
        FirstSeq ??= later.FirstSeq;
        LastSeq = later.LastSeq ?? LastSeq;
        FirstTime ??= later.FirstTime;
        LastTime = later.LastTime ?? LastTime;
    }

    /// <summary>The span as the <c>dropped</c> field of an <c>events-file</c> event (<c>docs/events.md</c>).</summary>
    public JsonObject ToJson() => new()
    {
        ["files"] = LastPart - FirstPart + 1,
        ["fromPart"] = FirstPart,
        ["toPart"] = LastPart,
        ["fromSeq"] = FirstSeq,
        ["toSeq"] = LastSeq,
        ["fromTime"] = FirstTime,
        ["toTime"] = LastTime,
    };
}
