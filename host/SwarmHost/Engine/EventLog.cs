using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmHost.Engine;

/// <summary>
/// The run's events, one JSON object per line (schema: <c>docs/events.md</c>). Every event has
/// <c>type</c>, <c>time</c> (UTC, ISO 8601) and <c>elapsedMs</c> since the run started, and
/// <c>seq</c> where it concerns a frame slot. Lines are flushed as written, so a file cut short
/// holds every whole event written before. Thread-safe.
/// </summary>
public sealed class EventLog : IDisposable
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly StreamWriter? _writer;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _lock = new();

    /// <summary>Writes to <paramref name="path"/> (created or replaced), or nowhere when <c>null</c>.</summary>
    public EventLog(string? path)
    {
        if (path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    private readonly Queue<string> _recent = new();

    /// <summary>The last few events other than <c>weights</c>, oldest first, as written (for the live view). Thread-safe.</summary>
    public IReadOnlyList<string> RecentEvents()
    {
        lock (_lock)
        {
            return [.. _recent];
        }
    }

    /// <summary>Writes one event.</summary>
    /// <param name="type">Event type, e.g. <c>encoder-state</c>.</param>
    /// <param name="sequence">The slot it concerns, or <c>null</c>.</param>
    /// <param name="fields">Further fields.</param>
    public void Write(string type, long? sequence, JsonObject? fields = null)
    {
        var line = new JsonObject
        {
            ["type"] = type,
            ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["elapsedMs"] = Math.Round(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, 1),
        };
        if (sequence is { } seq)
        {
            line["seq"] = seq;
        }

        if (fields is not null)
        {
            foreach (var (name, value) in fields.ToList())
            {
                fields.Remove(name);
                line[name] = value;
            }
        }

        var text = line.ToJsonString(Compact);
        lock (_lock)
        {
            _writer?.WriteLine(text);
            if (type != "weights")
            {
                _recent.Enqueue(text);
                while (_recent.Count > 20)
                {
                    _recent.Dequeue();
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer?.Dispose();
}
