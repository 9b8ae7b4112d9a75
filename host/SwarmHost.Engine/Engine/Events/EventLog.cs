using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>
/// The run's events, one JSON object per line (schema: <c>docs/events.md</c>). Every event has
/// <c>type</c>, <c>time</c> (UTC, ISO 8601) and <c>elapsedMs</c> since the run started, and
/// <c>seq</c> where it concerns a frame slot. Lines are flushed as written, so a file cut short
/// holds every whole event written before. Thread-safe.
/// </summary>
/// <remarks>
/// The file is opened (and a previous run's events replaced) only when the run really starts, at its
/// <c>run-start</c> event: the events before it (encoders joining) are held and written first, in
/// order. A run that fails before it starts leaves the previous events where they were. The files
/// rotate by size (<see cref="EventRotation"/>), so a run of any length keeps a bounded set.
/// </remarks>
public sealed class EventLog : IDisposable
{
    /// <summary>How the lines are written: compact, non-ASCII text as is.</summary>
    internal static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The most events held before <c>run-start</c>; past it the file is opened anyway (a start-up that long is running).</summary>
    private const int MaxHeld = 10_000;

    private readonly string? _path;
    private readonly EventRotation _rotation;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _lock = new();
    private readonly List<(string Text, string Type, long? Seq, string Time)> _held = [];
    private readonly Queue<string> _recent = new();
    private EventFileSet? _files;
    private bool _disposed;

    /// <summary>Writes to <paramref name="path"/> and its older files (created or replaced once the run starts), or nowhere when <c>null</c>.</summary>
    /// <param name="path">The events file; <c>null</c> for none.</param>
    /// <param name="rotation">Size limit and how many older files to keep; <see cref="EventRotation.Default"/> when <c>null</c>.</param>
    public EventLog(string? path, EventRotation? rotation = null)
    {
        _path = path is null ? null : Path.GetFullPath(path);
        _rotation = rotation ?? EventRotation.Default;
    }

    /// <summary>The last few events other than <c>weights</c>, oldest first, as written (for the live view). Thread-safe.</summary>
    public IReadOnlyList<string> RecentEvents()
    {
        lock (_lock)
        {
            return [.. _recent];
        }
    }

    /// <summary>How a typed event's fields are written: camelCase, in declaration order, a non-finite number as <c>null</c>.</summary>
    private static readonly JsonSerializerOptions Fields = new(JsonSerializerDefaults.Web) { Converters = { new FiniteDoubleConverter() }, Encoder = Compact.Encoder };

    /// <summary>Writes one typed event (its type, slot and fields from the record).</summary>
    /// <exception cref="IOException">The events file cannot be written (disk full, folder gone).</exception>
    public void Write(SwarmEvent record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Write(record.Type, record.Sequence, (JsonObject)JsonSerializer.SerializeToNode(record, record.GetType(), Fields)!);
    }

    /// <summary>Writes one event from its parts (the summary, and events a test makes up).</summary>
    /// <param name="type">Event type, e.g. <c>encoder-state</c>.</param>
    /// <param name="sequence">The slot it concerns, or <c>null</c>.</param>
    /// <param name="fields">Further fields.</param>
    /// <exception cref="IOException">The events file cannot be written (disk full, folder gone).</exception>
    public void Write(string type, long? sequence, JsonObject? fields = null)
    {
        var time = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var line = new JsonObject
        {
            ["type"] = type,
            ["time"] = time,
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
            if (_path is not null && !_disposed)
            {
                WriteToFile(text, type, sequence, time);
            }

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

    /// <summary>Closes the file; events written later only reach <see cref="RecentEvents"/>. Events held for a run that never started are dropped, so the previous file stays.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _files?.Dispose();
            _held.Clear();
        }
    }

    private void WriteToFile(string text, string type, long? sequence, string time)
    {
        if (_files is null)
        {
            if (type != "run-start" && _held.Count < MaxHeld)
            {
                _held.Add((text, type, sequence, time));
                return;
            }

            _files = new EventFileSet(_path!, _rotation, _started);
            foreach (var held in _held)
            {
                _files.Write(held.Text, held.Type, held.Seq, held.Time);
            }

            _held.Clear();
        }

        _files.Write(text, type, sequence, time);
    }
}
