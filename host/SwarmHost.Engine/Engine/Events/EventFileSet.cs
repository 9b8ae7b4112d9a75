using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmHost.Engine.Events;

/// <summary>
/// Writes a run's event lines to <c>&lt;name&gt;.jsonl</c>, rotating by size (<see cref="EventRotation"/>):
/// the newest file always has the plain name; older ones are <c>&lt;name&gt;.1.jsonl</c> (the newer)
/// up to <c>&lt;name&gt;.&lt;keep&gt;.jsonl</c>. Every file begins with an <c>events-file</c> event
/// (its part number, the run's id, the run-start of the run and the span the cap has deleted so far),
/// so the newest file alone says what the set holds and what is gone.
/// </summary>
/// <remarks>
/// Rotation happens only before a line is written, never after, so the last event of a run (its
/// summary) is always in the newest file. Opening replaces the previous run's file and deletes its
/// older files. Not thread-safe: <see cref="EventLog"/> calls it under its lock. I/O errors propagate.
/// </remarks>
internal sealed class EventFileSet : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly string _path;
    private readonly EventRotation _rotation;
    private readonly long _started;
    private readonly string _run = Guid.NewGuid().ToString("N")[..16];
    private readonly Queue<EventFileSpan> _older = new();
    private StreamWriter? _writer;
    private EventFileSpan _current = new(1);
    private EventFileSpan? _dropped;
    private JsonNode? _runStart;
    private long _bytes;
    private bool _eventsInCurrent;

    /// <summary>Opens <paramref name="path"/> (replacing it, deleting older files of a previous run) and writes the first file's header.</summary>
    public EventFileSet(string path, EventRotation rotation, long startedTimestamp)
    {
        _path = Path.GetFullPath(path);
        _rotation = rotation;
        _started = startedTimestamp;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        for (var n = 1; n <= Math.Max(rotation.Keep, 1) || File.Exists(EventRotation.RotatedPath(_path, n)); n++)
        {
            File.Delete(EventRotation.RotatedPath(_path, n));
        }

        Open();
    }

    /// <summary>Writes one event line; <paramref name="type"/>, <paramref name="seq"/> and <paramref name="time"/> are the line's own fields.</summary>
    public void Write(string text, string type, long? seq, string time)
    {
        var size = Utf8.GetByteCount(text) + 1;
        if (_eventsInCurrent && _bytes + size > _rotation.MaxBytes)
        {
            Rotate();
        }

        if (type == "run-start")
        {
            _runStart = JsonNode.Parse(text);
        }

        _writer!.WriteLine(text);
        _bytes += size;
        _eventsInCurrent = true;
        _current.Include(seq, time);
    }

    /// <inheritdoc/>
    public void Dispose() => _writer?.Dispose();

    private void Rotate()
    {
        _writer!.Dispose();
        if (_older.Count == _rotation.Keep)
        {
            File.Delete(EventRotation.RotatedPath(_path, _older.Count));
            var oldest = _older.Dequeue();
            if (_dropped is null)
            {
                _dropped = oldest;
            }
            else
            {
                _dropped.Append(oldest);
            }
        }

        for (var n = _older.Count; n >= 1; n--)
        {
            File.Move(EventRotation.RotatedPath(_path, n), EventRotation.RotatedPath(_path, n + 1), overwrite: true);
        }

        File.Move(_path, EventRotation.RotatedPath(_path, 1), overwrite: true);
        _older.Enqueue(_current);
        _current = new EventFileSpan(_current.LastPart + 1);
        Open();
    }

    private void Open()
    {
        _writer = new StreamWriter(new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read), Utf8) { AutoFlush = true };
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var header = new JsonObject
        {
            ["type"] = "events-file",
            ["time"] = now,
            ["elapsedMs"] = Math.Round(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, 1),
            ["part"] = _current.FirstPart,
            ["run"] = _run,
        };
        if (_current.FirstPart > 1)
        {
            header["previous"] = Path.GetFileName(EventRotation.RotatedPath(_path, 1));
            header["dropped"] = _dropped?.ToJson();
            header["runStart"] = _runStart?.DeepClone();
        }

        var text = header.ToJsonString(EventLog.Compact);
        _writer.WriteLine(text);
        _bytes = Utf8.GetByteCount(text) + 1;
        _eventsInCurrent = false;
        _current.Include(null, now);
    }
}
