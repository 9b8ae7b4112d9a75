using SwarmHost.Engine;
using SwarmHost.Engine.Audit;
using SwarmHost.Engine.Events;
using SwarmHost.Feedback;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Comparison;

/// <summary>
/// Runs one manifest on the same input once per weighting policy, then each encoder alone, and
/// adds the per-GOP oracle of the first run as a reference row: what <c>swarmhost compare</c>
/// prints side by side.
/// </summary>
/// <remarks>Runs one after the other (never in parallel: they would compete for the same cores and spoil each other's timing). Each run writes its output, summary and events into <c>outputFolder</c>.</remarks>
/// <param name="manifest">The validated manifest.</param>
/// <param name="settings">Overrides shared by every run (input, frames, real time).</param>
/// <param name="activator">Creates the components.</param>
/// <param name="outputFolder">Where each run's files go.</param>
public sealed class PolicyComparison(SwarmManifest manifest, RunSettings settings, ComponentActivator activator, string outputFolder)
{
    /// <summary>Called with a line when a run starts and ends.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Called about once a second during a run with its progress.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Runs everything; rows in the order policies, encoders alone, oracle.</summary>
    /// <param name="policies">The policies to compare, in order.</param>
    /// <param name="alone">Also run each encoder by itself.</param>
    /// <param name="stop">Stops the current run cleanly and skips the rest.</param>
    public async Task<IReadOnlyList<ComparisonRow>> RunAsync(IReadOnlyList<WeightingPolicy> policies, bool alone, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var rows = new List<ComparisonRow>();
        OracleReference? oracle = null;
        foreach (var policy in policies)
        {
            var name = policy.ToString().ToLowerInvariant();
            var summary = await RunOneAsync(manifest, settings with { Policy = policy }, name, stop).ConfigureAwait(false);
            oracle ??= summary.Oracle;
            rows.Add(Row(name, summary, $"the swarm under the {name} policy"));
            if (stop.IsCancellationRequested)
            {
                return rows;
            }
        }

        if (alone)
        {
            foreach (var encoder in manifest.Encoders)
            {
                var single = manifest with { Encoders = [encoder] };
                var summary = await RunOneAsync(single, settings, "alone-" + encoder.InstanceId, stop).ConfigureAwait(false);
                rows.Add(Row("alone:" + encoder.InstanceId, summary, $"encoder '{encoder.InstanceId}' by itself"));
                if (stop.IsCancellationRequested)
                {
                    return rows;
                }
            }
        }

        if (oracle is not null)
        {
            rows.Add(new ComparisonRow("oracle", oracle.Quality, oracle.MissedDeadlines, 0, 0, 0, 0, [], 0, double.NaN, 0, 0, 0,
                $"each GOP from the encoder that delivered it whole at the best quality, chosen with hindsight from the {rows[0].Policy} run's measurements"));
        }

        return rows;
    }

    private async Task<SwarmSummary> RunOneAsync(SwarmManifest swarm, RunSettings run, string name, CancellationToken stop)
    {
        var extension = Path.GetExtension(manifest.OutputUri) is { Length: > 0 } e && !manifest.OutputUri.Contains("://", StringComparison.Ordinal) ? e : ".ts";
        var output = Path.Combine(outputFolder, name + extension);
        using var events = new EventLog(Path.Combine(outputFolder, name + ".events.jsonl"));
        var engine = new SwarmEngine(swarm, run with { Output = output }, activator, events) { Progress = Progress };
        Log?.Invoke($"{name}: {swarm.Encoders.Count} encoder(s) → {output}");
        var summary = await engine.RunAsync(stop).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(outputFolder, name + ".summary.json"), System.Text.Json.JsonSerializer.Serialize(summary, SummaryJson.Options), CancellationToken.None).ConfigureAwait(false);
        Log?.Invoke(summary.Error is null ? $"{name}: done in {summary.ElapsedSeconds:F1} s" : $"{name}: failed: {summary.Error}");
        return summary;
    }

    private static ComparisonRow Row(string policy, SwarmSummary summary, string note)
    {
        var prediction = summary.Prediction;
        var alone = policy.StartsWith("alone:", StringComparison.Ordinal);
        var (outputGops, asOracle) = alone || summary.Oracle is not { } oracle ? (0L, 0L) : (oracle.OutputGops, oracle.TakenAsOracle);
        return new ComparisonRow(policy, summary.OutputQuality, prediction?.MissedDeadlines ?? 0, prediction?.QualityBreaches ?? 0, summary.InsertedFrames + summary.RepeatedFrames, summary.LostFrames,
            summary.Handovers, prediction?.Episodes ?? [], prediction?.HandedOverBefore ?? 0, prediction?.MedianLeadFrames ?? double.NaN, outputGops, asOracle, summary.ElapsedSeconds,
            summary.Error is null ? note : $"{note}; the run failed: {summary.Error}")
        {
            PlannedHandovers = summary.PlannedHandovers,
            BridgedFailures = summary.BridgedFailures,
            BridgedFrames = summary.BridgedFrames,
        };
    }
}
