using System.CommandLine;
using SwarmHost.Engine;
using SwarmHost.Manifest;
using SwarmHost.Telemetry;

namespace SwarmHost.Cli;

/// <summary>The overrides <c>run</c> and <c>demo</c> share.</summary>
internal sealed class RunOptions
{
    public Option<string?> Input { get; } = new("--input", "-i") { Description = "Read this input instead of the manifest's source (file, URL or lavfi:<graph>).", HelpName = "uri" };

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write here instead of the manifest's output (relative to the current folder): .ts (MPEG-TS), .m3u8 (HLS: a playlist and MPEG-TS segments beside it, in an existing folder), .mkv, a raw stream (.h264, .hevc, ...: video only), or a URL such as udp://239.0.0.1:5000. The source's audio goes along (docs/audio.md).", HelpName = "uri" };

    public Option<long?> Frames { get; } = new Option<long?>("--frames", "-n") { Description = "Stop after this many input frames (at least 1).", HelpName = "count" }.AtLeastOne();

    public Option<bool> Realtime { get; } = new("--realtime") { Description = "Read the input no faster than real time (live behaviour: deadlines in real time, stalls filled)." };

    public Option<WeightingPolicy?> Policy { get; } = new("--policy") { Description = "Weighting policy instead of the manifest's: seed (0.7*complexity + 0.3*performance), reactive (moves weight only after a miss or failure) or predictive (forecasts each encoder's encode time and quality, hands over before trouble).", HelpName = "seed|reactive|predictive" };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No live view and no progress lines while the run goes on; the summary still prints at the end." };

    public Option<string?> Summary { get; } = new("--summary") { Description = "Write the run summary JSON here (relative to the current folder).", HelpName = "file" };

    public Option<string?> Events { get; } = new("--events") { Description = "Write the events, one JSON object per line, here (relative to the current folder).", HelpName = "file" };

    public Option<string?> Report { get; } = new("--report") { Description = "Write the HTML report here at the end (self-contained: plots, summary tables, events; see `swarmhost report --help`). Without --events the events are kept beside it as <name>.events.jsonl.", HelpName = "file" };

    public Option<string?> Metrics { get; } = CreateMetrics();

    public Option<bool> MetricsBindAny { get; } = new("--metrics-bind-any") { Description = "Let --metrics serve on every interface (http://0.0.0.0:<port>/ or http://[::]:<port>/): anyone who can reach this machine can then read the swarm's metrics. Without it such an address is refused." };

    public EventFileOptions EventFiles { get; } = new();

    /// <summary><c>--credentials DIR</c>: the deployment's credentials, for a manifest that places encoders on cluster nodes.</summary>
    public Option<string> Credentials { get; } = ClusterArguments.CredentialsOption();

    /// <summary>Adds the options to <paramref name="command"/>; <c>--metrics</c>, <c>--metrics-bind-any</c> and the events-file options only when <paramref name="metrics"/> (a single run: <c>run</c>, <c>demo</c>).</summary>
    public void AddTo(Command command, bool metrics = true)
    {
        command.Options.Add(Credentials);
        command.Options.Add(Input);
        command.Options.Add(Output);
        command.Options.Add(Frames);
        command.Options.Add(Realtime);
        command.Options.Add(Quiet);
        command.Options.Add(Policy);
        command.Options.Add(Summary);
        command.Options.Add(Events);
        command.Options.Add(Report);
        if (metrics)
        {
            command.Options.Add(Metrics);
            command.Options.Add(MetricsBindAny);
            command.Validators.Add(result =>
            {
                if (result.GetValue(Metrics) is { } value && MetricsUrl.TryParse(value, out var uri, out _) && MetricsUrl.IsAnyAddress(uri) && !result.GetValue(MetricsBindAny))
                {
                    result.AddError(MetricsUrl.AnyAddressRefused(value));
                }
            });
            EventFiles.AddTo(command);
        }
    }

    /// <summary>The <c>--metrics</c> address, or <c>null</c> when not given (the validator has already refused a bad one).</summary>
    public Uri? MetricsUri(ParseResult parse) =>
        parse.GetValue(Metrics) is { } value && MetricsUrl.TryParse(value, out var uri, out _) ? uri : null;

    private static Option<string?> CreateMetrics()
    {
        var option = new Option<string?>("--metrics") { Description = "Serve the swarm's metrics (docs/events.md, \"Metrics\") at <url>metrics in Prometheus text format while the run lasts; a bare port means http://127.0.0.1:<port>/; every interface (http://0.0.0.0:<port>/) only with --metrics-bind-any.", HelpName = "url" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !MetricsUrl.TryParse(value, out _, out var problem))
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>The run's overrides from the command line; <paramref name="allowedFilters"/> are the filters <c>--allow-filter</c> allows a <c>lavfi:</c> input.</summary>
    public RunSettings Settings(ParseResult parse, IReadOnlyCollection<string> allowedFilters)
    {
        var output = parse.GetValue(Output) is { } given ? OutputLocation.Prepare(given) : null;

        var input = parse.GetValue(Input);
        if (input is not null && !input.Contains(':', StringComparison.Ordinal) && File.Exists(input))
        {
            input = Path.GetFullPath(input);
        }

        return new RunSettings(input, output, parse.GetValue(Frames), parse.GetValue(Realtime)) { Policy = parse.GetValue(Policy), AllowedFilters = allowedFilters, LaneCommand = LaneCommand.ForThisInstallation() };
    }
}
