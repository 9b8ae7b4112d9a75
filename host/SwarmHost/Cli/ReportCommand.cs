using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SwarmHost.Reporting;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost report &lt;events.jsonl&gt;</c>: rebuilds a run's HTML report from its saved events.</summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var events = new Argument<string>("events") { Description = "The run's events file (JSON lines: run --events <file>, or the manifest's \"events\")." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the page here. Default: report.html beside the events file.", HelpName = "file" };
        var command = new Command("report", """
            Build the HTML report of a run from its saved events: headline figures (lost and inserted
            frames, handovers, output quality, missed deadlines), plots of each encoder's weight over
            time with handovers and health changes marked, content complexity, motion and content
            type, encode time against the frame budget, PSNR and SSIM of every encoder and of the
            output, then the summary tables and the list of events. The page is one self-contained
            file: it opens without a network. A run cut short (no summary) still gets its plots.

            `run --report <file>` and `demo` write the same page at the end of a run.

            Examples:
              swarmhost report out/events.jsonl
              swarmhost report runs/tuesday.events.jsonl -o runs/tuesday.html
            """)
        {
            events, output,
        };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(events)!;
            var target = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, "report.html"));
            var started = Stopwatch.GetTimestamp();
            RunRecord record;
            try
            {
                record = RunRecordReader.ReadFile(source);
            }
            catch (ReportInputException ex)
            {
                context.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            foreach (var warning in record.Warnings)
            {
                context.Error.WriteLine($"warning: {source}: {warning}");
            }

            try
            {
                RunReport.Write(record, target);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"error: cannot write the report to {target}: {ex.Message}; choose another place with --output.");
                return ExitCodes.InvalidInput;
            }

            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {target} ({record.SlotCount} frames{(record.Files.Count > 1 ? $" from {record.Files.Count} files" : "")}, {record.Encoders.Count} encoders, {record.Markers.Count(m => m.Kind == "handover")} handovers{(record.Dropped is not null && JsonFields.Long(record.Summary?["framesOut"]) is { } total ? $"; the summary counts {total} frames out in the whole run" : "")}; {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)"));
            return ExitCodes.Success;
        });
        return command;
    }
}
