using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Comparison;
using SwarmHost.Engine;
using SwarmHost.Engine.Audit;
using SwarmHost.Manifest;
using SwarmHost.Plugins;
using SwarmHost.Reporting;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost compare &lt;manifest&gt;</c>: the same input under several weighting policies, side by side.</summary>
public static class CompareCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = new Argument<string>("manifest") { Description = "Path of the manifest JSON file." };
        var policies = new Option<string>("--policies") { Description = "Comma-separated policies to compare, in order: seed, reactive, predictive.", DefaultValueFactory = _ => "seed,reactive,predictive", HelpName = "list" };
        var json = new Option<string?>("--json") { Description = "Also write the rows as JSON (one object per row, with 'policy') here.", HelpName = "file" };
        var folder = new Option<string?>("--out") { Description = "Folder for every run's output, summary and events. Default: compare/ beside the manifest's output.", HelpName = "folder" };
        var noAlone = new Option<bool>("--no-alone") { Description = "Skip the runs of each encoder by itself (the 'alone' reference rows)." };
        var options = new RunOptions();
        var command = new Command("compare", """
            Run the same input under each weighting policy, then each encoder by itself, and print
            side by side: output quality against the source (mean and 5th-percentile PSNR and SSIM,
            a frame missing from the output scored as the repeat a player shows), missed deadlines
            (slots the encoder leading by weight did not deliver in time — what the policy relied
            on and had to fall back from), inserted frames, handovers, and for each trouble of an
            encoder that led shortly before (a deadline miss or quality breach) whether the lead
            had already moved away and how many frames earlier (lead time). Reference rows: every
            encoder alone, marked * where it is the best single encoder (mean PSNR), and the per-GOP
            oracle — each GOP from the encoder that, with hindsight, delivered it whole at the best
            quality, computed from the first run's measurements. "as oracle" counts the GOPs each
            policy's output took (on most of their slots) from the encoder its own run's oracle took
            them from.

            --report <file> writes the same as a self-contained HTML page: the rows as bars, each
            policy's weights over time with its handovers, and the table.

            Runs go one after the other (a live scenario takes its duration per run). Give the
            scenario's own realtime setting or --realtime for deadlines in real time.

            Examples:
              swarmhost compare scenarios/realtime-busy-passages.json
              swarmhost compare scenarios/low-bitrate-collapse.json --policies reactive,predictive --json out/compare.json
              swarmhost compare scenarios/slow-ramp.json --report out/compare.html
            """)
        {
            manifest, policies, json, folder, noAlone,
        };
        options.AddTo(command, metrics: false);
        command.SetAction((parse, cancellationToken) => Execute(context, parse, parse.GetValue(manifest)!, parse.GetValue(policies)!, parse.GetValue(json), parse.GetValue(folder), !parse.GetValue(noAlone), options, cancellationToken));
        return command;
    }

    private static async Task<int> Execute(CliContext context, ParseResult parse, string file, string policyList, string? jsonPath, string? folder, bool alone, RunOptions options, CancellationToken cancellationToken)
    {
        var policies = new List<WeightingPolicy>();
        foreach (var name in policyList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<WeightingPolicy>(name, ignoreCase: true, out var policy) || int.TryParse(name, out _))
            {
                context.Error.WriteLine($"error: --policies: unknown policy '{name}'; use seed, reactive and/or predictive, comma-separated.");
                return ExitCodes.InvalidInput;
            }

            policies.Add(policy);
        }

        if (policies.Count == 0)
        {
            context.Error.WriteLine("error: --policies names no policy; use e.g. --policies seed,reactive,predictive.");
            return ExitCodes.InvalidInput;
        }

        using var host = context.BuildHost(parse);
        if (context.ValidForRun(host, parse, file) is not { } validation)
        {
            return ExitCodes.InvalidInput;
        }

        var swarm = validation.Manifest!;
        var settings = options.Settings(parse, context.Allowances(parse).Filters);
        if (!context.InputAllowed(parse, settings.Input, "--input"))
        {
            return ExitCodes.InvalidInput;
        }

        var outputFolder = Path.GetFullPath(folder ?? Path.Combine(swarm.OutputUri.Contains("://", StringComparison.Ordinal) ? "out" : Path.GetDirectoryName(swarm.OutputUri)!, "compare"));
        Directory.CreateDirectory(outputFolder);
        var activator = new ComponentActivator(validation.Catalog!, host.Services.GetRequiredService<ILoggerFactory>());
        var progress = new ProgressLine(context.Error, ProgressLine.IsTerminal(context.Error));
        using var stop = new StopSignal();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancellationToken);
        var comparison = new PolicyComparison(swarm, settings with { Policy = null }, activator, outputFolder)
        {
            Log = line =>
            {
                progress.Done();
                context.Error.WriteLine("compare: " + line);
            },
            Progress = progress.Report,
        };
        context.Error.WriteLine($"compare: {Path.GetFileName(file)}: {string.Join(", ", policies).ToLowerInvariant()}{(alone ? $", then each of {swarm.Encoders.Count} encoders alone" : "")}; files in {outputFolder}");
        IReadOnlyList<ComparisonRow> rows;
        try
        {
            rows = await comparison.RunAsync(policies, alone, linked.Token).ConfigureAwait(false);
        }
        catch (SwarmConfigurationException ex)
        {
            progress.Done();
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.InvalidInput;
        }

        progress.Done();
        Print(context.Output, rows);
        if (jsonPath is not null)
        {
            var full = OutputLocation.Prepare(jsonPath);
            await File.WriteAllTextAsync(full, JsonSerializer.Serialize(rows, SummaryJson.Options), CancellationToken.None).ConfigureAwait(false);
            context.Output.WriteLine($"json: {full}");
        }

        if (parse.GetValue(options.Report) is { } reportPath)
        {
            WriteReport(context, file, rows, outputFolder, Path.GetFullPath(reportPath));
        }

        return rows.Any(r => r.Note.Contains("the run failed", StringComparison.Ordinal)) ? ExitCodes.RuntimeFailure : ExitCodes.Success;
    }

    /// <summary>Writes the comparison page, with each policy's weights read back from its events file.</summary>
    private static void WriteReport(CliContext context, string manifest, IReadOnlyList<ComparisonRow> rows, string outputFolder, string reportPath)
    {
        var runs = new Dictionary<string, RunRecord>();
        try
        {
            foreach (var row in rows.Where(r => !r.Policy.StartsWith("alone:", StringComparison.Ordinal) && r.Policy != "oracle"))
            {
                var events = Path.Combine(outputFolder, row.Policy + ".events.jsonl");
                if (File.Exists(events))
                {
                    runs[row.Policy] = RunRecordReader.ReadFile(events);
                }
            }

            ComparisonReport.Write(manifest, rows, runs, reportPath);
            context.Output.WriteLine($"report: {reportPath}");
        }
        catch (Exception ex) when (ex is ReportInputException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: the report was not written: {ex.Message}");
        }
    }

    private static void Print(TextWriter output, IReadOnlyList<ComparisonRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var bestAlone = rows.Where(r => r.Policy.StartsWith("alone:", StringComparison.Ordinal) && double.IsFinite(r.Quality.MeanPsnr)).MaxBy(r => r.Quality.MeanPsnr)?.Policy;
        var width = Math.Max(16, rows.Max(r => r.Policy.Length) + 2);
        output.WriteLine(string.Create(inv, $"{"row".PadRight(width)} {"PSNR mean",9} {"PSNR p5",8} {"SSIM mean",9} {"SSIM p5",8} {"missed",7} {"breaches",8} {"inserted",8} {"lost",5} {"handovers (planned)",19} {"bridged",9} {"early/troubles",14} {"as oracle",12} {"lead (frames)",-24}"));
        foreach (var r in rows)
        {
            var name = r.Policy == bestAlone ? r.Policy + " *" : r.Policy;
            var leads = r.Policy == "oracle" ? "-" : string.Join(" ", r.Episodes.Select(e => e.LeadFrames is { } lead ? lead.ToString(inv) : "late"));
            output.WriteLine(string.Create(inv, $"{name.PadRight(width)} {F(r.Quality.MeanPsnr, 2),9} {F(r.Quality.P5Psnr, 2),8} {F(r.Quality.MeanSsim, 4),9} {F(r.Quality.P5Ssim, 4),8} {r.MissedDeadlines,7} {r.QualityBreaches,8} {r.InsertedFrames,8} {r.LostFrames,5} {r.HandoversPlanned(),19} {r.Bridged(),9} {$"{r.HandedOverBefore}/{r.Episodes.Count}",14} {r.AsOracle(),12} {(leads.Length == 0 ? "-" : leads),-24}"));
        }

        output.WriteLine("missed: slots the encoder leading by weight did not deliver in time; breaches: its units below the quality floor;");
        output.WriteLine("early/troubles: troubles of a recent leader where the lead had moved away before they began; lead: frames earlier, 'late' = after.");
        output.WriteLine("as oracle: GOPs the output took (on most of their slots) from the encoder its run's per-GOP hindsight oracle took them from.");
        if (bestAlone is not null)
        {
            output.WriteLine("* the best single encoder (mean PSNR).");
        }
    }

    private static string F(double value, int digits) => double.IsFinite(value) ? value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "n/a";
}
