using System.Text.Json;
using System.Text.Json.Nodes;
using SwarmHost.Engine;
using SwarmHost.Engine.Events;
using static SwarmHost.Reporting.JsonFields;

namespace SwarmHost.Reporting;

/// <summary>
/// Finds the files of one run's rotated events (<c>docs/events.md</c>, "Rotation") from its newest
/// file: the older files <c>&lt;name&gt;.1.jsonl</c>, <c>&lt;name&gt;.2.jsonl</c> ... whose
/// <c>events-file</c> header names the same run and the parts just before, and what the cap deleted.
/// Reads only each file's first line.
/// </summary>
internal static class EventFileSetReader
{
    /// <summary>The files oldest first (the newest, <paramref name="path"/>, last), the deleted span, and what did not fit.</summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static (IReadOnlyList<string> Files, DroppedEvents? Dropped, IReadOnlyList<string> Warnings) Find(string path)
    {
        var warnings = new List<string>();
        var newest = Header(path);
        if (newest is null || Text(newest["run"]) is not { } run || Long(newest["part"]) is not { } part || part <= 1)
        {
            return ([path], null, warnings); // one file: the run never rotated (or wrote no header)
        }

        var files = new List<string> { path };
        var expected = part - 1;
        for (var n = 1; expected >= 1; n++, expected--)
        {
            var older = EventRotation.RotatedPath(path, n);
            if (!File.Exists(older))
            {
                break;
            }

            var header = Header(older);
            if (header is null || Text(header["run"]) != run || Long(header["part"]) != expected)
            {
                warnings.Add($"{Path.GetFileName(older)} is not part {expected} of this run (another run's file, or renamed): it was not read");
                break;
            }

            files.Add(older);
        }

        files.Reverse();
        var firstPart = part - files.Count + 1;
        var dropped = newest["dropped"] is JsonObject d
            ? new DroppedEvents((int)(Long(d["files"]) ?? 0), (int)(Long(d["fromPart"]) ?? 1), (int)(Long(d["toPart"]) ?? 1), Long(d["fromSeq"]), Long(d["toSeq"]), Text(d["fromTime"]), Text(d["toTime"]))
            : null;
        var deletedUpTo = dropped?.ToPart ?? 0;
        if (firstPart - 1 > deletedUpTo)
        {
            warnings.Add($"parts {deletedUpTo + 1} to {firstPart - 1} of this run's events are missing ({Path.GetFileName(EventRotation.RotatedPath(path, files.Count))} and older were moved or deleted after the run): the plots start at part {firstPart}");
        }

        return (files, dropped, warnings);
    }

    /// <summary>The file's first line when it is an <c>events-file</c> event; otherwise <c>null</c>.</summary>
    private static JsonObject? Header(string file)
    {
        using var reader = new StreamReader(file);
        var first = reader.ReadLine();
        try
        {
            return first is not null && JsonNode.Parse(first) is JsonObject obj && Text(obj["type"]) == "events-file" ? obj : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
