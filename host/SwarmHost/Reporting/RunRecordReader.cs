using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmHost.Reporting;

/// <summary>Reads a run's events (JSON lines, <c>docs/events.md</c>) into a <see cref="RunRecord"/>.</summary>
/// <remarks>
/// A rotated set (<c>events.jsonl</c> with <c>events.1.jsonl</c>, <c>events.2.jsonl</c> ... of the same
/// run) is read as one run, oldest file first, line by line: memory stays bounded however long the
/// run was (<see cref="RunRecordBuilder"/>). The span the rotation cap deleted becomes a warning.
/// Tolerates what a live run leaves behind: a last line cut short and a missing summary (the run was
/// killed) become warnings. Refuses, listing every bad line at once, a file that is not events: lines
/// that are not JSON objects with a <c>type</c>, or no <c>run-start</c> event.
/// </remarks>
public static class RunRecordReader
{
    private const int MaxProblemsListed = 10;

    /// <summary>Reads the events file at <paramref name="path"/> and the older files rotated out of it.</summary>
    /// <exception cref="ReportInputException">The file is missing, unreadable or not a run's events.</exception>
    public static RunRecord ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var set = EventFileSetReader.Find(path);
            var reader = new Reader(path);
            for (var i = 0; i < set.Files.Count; i++)
            {
                reader.Feed(File.ReadLines(set.Files[i]), set.Files.Count > 1 ? Path.GetFileName(set.Files[i]) : null);
            }

            return reader.Finish(set.Files, set.Dropped, set.Warnings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"{path}: cannot read the events file: {ex.Message}. Give the events a run wrote (run --events <file>, or the manifest's \"events\").", ex);
        }
    }

    /// <summary>Reads events given as lines.</summary>
    /// <param name="lines">One JSON object per line; blank lines are skipped.</param>
    /// <param name="source">Where they came from, for messages and the page heading.</param>
    /// <exception cref="ReportInputException">They are not a run's events (every bad line is listed).</exception>
    public static RunRecord Read(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var reader = new Reader(source);
        reader.Feed(lines, null);
        return reader.Finish([source], null, []);
    }

    /// <summary>Parses lines one at a time into a <see cref="RunRecordBuilder"/>, collecting problems.</summary>
    private sealed class Reader(string source)
    {
        private readonly RunRecordBuilder _builder = new();
        private readonly List<string> _problems = [];
        private readonly List<string> _warnings = [];
        private string? _unparsed;

        public void Feed(IEnumerable<string> lines, string? file)
        {
            var number = 0;
            foreach (var line in lines)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var where = file is null ? $"line {number}" : $"{file} line {number}";
                if (_unparsed is not null)
                {
                    _problems.Add(_unparsed); // a bad line with more after it: not a cut-short end
                    _unparsed = null;
                }

                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(line);
                }
                catch (JsonException ex)
                {
                    _unparsed = $"{where}: not JSON ({ex.Message})";
                    continue;
                }

                if (node is not JsonObject obj || obj["type"]?.GetValueKind() != JsonValueKind.String)
                {
                    _problems.Add($"{where}: not an event (a JSON object with a \"type\")");
                    continue;
                }

                _builder.Add(obj);
            }
        }

        public RunRecord Finish(IReadOnlyList<string> files, DroppedEvents? dropped, IReadOnlyList<string> setWarnings)
        {
            if (_unparsed is not null)
            {
                if (_builder.Events > 0)
                {
                    _warnings.Add($"{_unparsed.Split(':')[0]} (the last) is cut short and was skipped: the run was stopped while writing it");
                }
                else
                {
                    _problems.Add(_unparsed);
                }
            }

            if (_problems.Count == 0 && _builder.Start is null)
            {
                _problems.Add(_builder.Events == 0 ? "no events at all" : "no run-start event: these are not a SwarmHost run's events, or the run never started its encoders");
            }

            if (_problems.Count > 0)
            {
                var listed = string.Join(Environment.NewLine, _problems.Take(MaxProblemsListed).Select(p => $"  {source}: {p}"));
                var more = _problems.Count > MaxProblemsListed ? $"{Environment.NewLine}  ... and {_problems.Count - MaxProblemsListed} more" : "";
                throw new ReportInputException($"{source}: cannot build a report from this file ({_problems.Count} problem{(_problems.Count == 1 ? "" : "s")}):{Environment.NewLine}{listed}{more}{Environment.NewLine}Give the events file a run wrote (run --events <file>, or the manifest's \"events\"); see docs/events.md.");
            }

            var warnings = new List<string>(setWarnings);
            if (dropped is not null)
            {
                warnings.Add(dropped.Describe());
            }

            warnings.AddRange(_warnings);
            if (_builder.Summary is null)
            {
                warnings.Add("no summary event: the run did not finish (it was killed, or is still going); the report shows what was written");
            }

            return _builder.Build(source, files, dropped, warnings);
        }
    }
}
