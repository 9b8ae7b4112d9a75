using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;
using SwarmHost.Clocks;
using SwarmHost.Engine;
using SwarmHost.Engine.Audit;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost clock &lt;id&gt;</c>: watch a clock component's status and offset live.</summary>
public static class ClockCommand
{
    /// <summary>Readings per second.</summary>
    private const int ReadingsPerSecond = 10;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = new Argument<string>("id") { Description = "The clock component: system, ntp, ptp (`swarmhost plugins` lists them)." };
        var options = new Option<string[]>("--option", "-O") { Description = "An option of the clock as name=value (repeatable); `swarmhost inspect <id>` lists them.", HelpName = "name=value", AllowMultipleArgumentsPerToken = false };
        var seconds = new Option<double>("--seconds", "-s") { Description = "How long to watch.", DefaultValueFactory = _ => 10, HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print every reading and the figures as JSON on stdout at the end (progress stays on stderr)." };
        var command = new Command("clock", """
            Start a clock component and watch it: its state (Listening, Uncalibrated, Synchronised,
            Holdover), what it follows, its offset from the source and the path delay, ten readings
            a second. A line a second goes to stderr; at the end, how long it took to lock, the
            median and spread of the offset and the delay while it was synchronised, and whether its
            time scale ever went backwards. What an integrator runs to check a deployment's timing
            before a swarm depends on it.

            Exit codes: 0 watched to the end; 1 it never synchronised; 2 bad options or the clock
            could not start (the message says why).

            Examples:
              swarmhost clock ntp --option servers=192.0.2.1 --seconds 5
              swarmhost clock ptp --option interface=eth0 --option domain=0 --seconds 30 --json
            """)
        {
            id, options, seconds, json,
        };
        command.SetAction((parse, cancellationToken) => Execute(context, parse, parse.GetValue(id)!, parse.GetValue(options) ?? [], parse.GetValue(seconds), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> Execute(CliContext context, ParseResult parse, string id, string[] pairs, double seconds, bool json, CancellationToken cancellationToken)
    {
        using var host = context.BuildHost(parse);
        var catalog = context.Discover(host, parse);
        var problems = new List<ManifestProblem>();
        if (seconds <= 0)
        {
            problems.Add(new("--seconds", $"{seconds.ToString(CultureInfo.InvariantCulture)} is not a positive duration", "e.g. --seconds 10"));
        }

        var spec = ComponentArguments.Resolve(catalog, id, pairs, ComponentKind.Clock, problems);
        if (spec is null || problems.Count > 0)
        {
            ComponentArguments.Report(context.Error, problems);
            return ExitCodes.InvalidInput;
        }

        var activator = new ComponentActivator(catalog, host.Services.GetRequiredService<ILoggerFactory>());
        IClock created;
        try
        {
            created = activator.CreateClock(spec, id);
        }
        catch (ArgumentException ex)
        {
            context.Error.WriteLine($"error: clock '{id}': {FailureReasons.RefusedOptions(ex)}");
            return ExitCodes.InvalidInput;
        }

        using var clock = created;
        using var stop = new StopSignal();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancellationToken);
        try
        {
            await clock.StartAsync(linked.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            context.Error.WriteLine($"error: clock '{id}' cannot start: {ex.Message}");
            return ExitCodes.InvalidInput;
        }

        context.Error.WriteLine($"clock: watching '{id}' for {seconds.ToString(CultureInfo.InvariantCulture)} s; Ctrl+C stops");
        var watch = await WatchAsync(clock, id, TimeSpan.FromSeconds(seconds), line => context.Error.WriteLine(line), linked.Token).ConfigureAwait(false);
        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(watch, SummaryJson.Options));
        }
        else
        {
            Print(context.Output, watch);
        }

        return watch.LockedAfterMs is null ? ExitCodes.RuntimeFailure : ExitCodes.Success;
    }

    /// <summary>Reads the clock's status ten times a second for <paramref name="duration"/>, reporting a line a second.</summary>
    internal static async Task<ClockWatch> WatchAsync(IClock clock, string id, TimeSpan duration, Action<string> report, CancellationToken stop)
    {
        var samples = new List<ClockSample>();
        var started = Stopwatch.GetTimestamp();
        var lastNow = clock.NowNs();
        var steps = 0;
        var lastReport = -1;
        while (!stop.IsCancellationRequested && Stopwatch.GetElapsedTime(started) < duration)
        {
            try
            {
                await Task.Delay(1000 / ReadingsPerSecond, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var now = clock.NowNs();
            steps += now < lastNow ? 1 : 0;
            lastNow = now;
            var status = clock.Status;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            samples.Add(new ClockSample(Math.Round(elapsed, 1), status.State.ToString(), status.Source, status.OffsetNs, status.DelayNs, status.Detail));
            if ((int)(elapsed / 1000) != lastReport)
            {
                lastReport = (int)(elapsed / 1000);
                report(string.Create(CultureInfo.InvariantCulture, $"{elapsed / 1000,6:F1} s  {status.State,-12} {status.Source}  offset {Micro(status.OffsetNs)}  delay {Micro(status.DelayNs)}  {status.Detail}"));
            }
        }

        var locked = samples.FirstOrDefault(s => s.State == nameof(ClockState.Synchronised))?.ElapsedMs;
        var synchronised = samples.Where(s => s.State == nameof(ClockState.Synchronised)).ToList();
        return new ClockWatch(id, samples, locked,
            Spread.Of(synchronised.Where(s => s.OffsetNs is not null).Select(s => s.OffsetNs!.Value)),
            Spread.Of(synchronised.Where(s => s.DelayNs is not null).Select(s => s.DelayNs!.Value)),
            samples.Count > 0 ? samples[^1].State : clock.Status.State.ToString(), steps);
    }

    private static void Print(TextWriter output, ClockWatch watch)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"clock {watch.Id}: {watch.FinalState} at the end, {watch.Samples.Count} readings");
        output.WriteLine(watch.LockedAfterMs is { } locked ? string.Create(inv, $"locked after: {locked:F0} ms") : "locked after: never (no synchronised reading)");
        if (watch.OffsetNs is { } o)
        {
            output.WriteLine(string.Create(inv, $"offset while synchronised: median {o.Median / 1000:F1} µs, min {o.Min / 1000:F1}, 5% {o.P5 / 1000:F1}, 95% {o.P95 / 1000:F1}, max {o.Max / 1000:F1} µs ({o.Count} readings)"));
        }

        if (watch.DelayNs is { } d)
        {
            output.WriteLine(string.Create(inv, $"delay while synchronised: median {d.Median / 1000:F1} µs, min {d.Min / 1000:F1}, max {d.Max / 1000:F1} µs"));
        }

        output.WriteLine($"time scale went backwards: {watch.Steps} times");
    }

    private static string Micro(long? ns) => ns is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v / 1000.0:+0.0;-0.0} µs") : "-";
}
