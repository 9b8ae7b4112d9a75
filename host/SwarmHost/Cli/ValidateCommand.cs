using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Cluster;
using SwarmHost.Engine.Lanes.Process;
using SwarmHost.Engine.Lanes.Remote;
using SwarmHost.Manifest;
using SwarmHost.Plugins;
using SwarmHost.Preflight;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost validate &lt;manifest&gt;</c>: checks a manifest completely and reports every problem at once.</summary>
public static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = new Argument<string>("manifest") { Description = "Path of the manifest JSON file." };
        var open = new Option<bool>("--open")
        {
            Description = "Also open every component once, as a run would, and close it again: the clock (started, not necessarily synchronised), each analyzer (models loaded), each encoder with the profile (codec, preset, every option), the combiner with the encoders' sessions. Reports every refusal with its JSON path.",
        };
        var cluster = new Option<string?>("--cluster") { Description = "Also check the manifest's placement against this running cluster (any member, host:port): every node it names is a reachable member of this version with the encoder component and the cores its encoders declare free. Needs the deployment's credentials.", HelpName = "host:port" };
        var credentials = ClusterArguments.CredentialsOption();
        var command = new Command("validate", """
            Check a manifest without running it: the JSON Schema (schemas/swarm-manifest.schema.json)
            and then everything the schema cannot know — that each component id is installed and of
            the right kind, each option exists in the component's options table with the right type
            and range, encoder ids are unique, there are at least 3 encoders, files exist, plugin
            paths stay inside the manifest's folder (or --allow-plugin-root allows them), a lavfi:
            source uses only allowed filters (docs/input-safety.md; --allow-filter allows more), the
            output container suits the combiner, and that the swarm fits in memory: its estimate
            (docs/resources.md) against the smaller of available memory and any cgroup limit, less a
            margin — `run` refuses the same. The manifest must be a regular file of at most 1 MiB
            holding one JSON object without duplicate keys, nulls or NUL characters.

            With --open, every component is also opened once and closed again, so what only the
            component itself can refuse is found before a run: a codec this FFmpeg does not have, an
            unknown preset, a codec option the encoder refuses, an encoder whose codec differs from
            the profile's under the switching combiner, a missing or unloadable model file, a clock
            that cannot start. Each refusal is reported at the option that causes it.

            With --cluster, the encoders placed on nodes are checked against that running cluster as
            `run` would check them before it starts (docs/distributed.md).

            Every problem is printed on its own line as
              $.json.path: what is wrong (what to do)
            followed by a count. Exits 2 when there is any problem, 0 with a summary (and the
            memory estimate) when valid.

            Examples:
              swarmhost validate swarm.json
              swarmhost validate --open swarm.json
              swarmhost validate swarm.json --plugins ./my-plugins
              swarmhost validate swarm.json --allow-filter drawtext
              swarmhost validate swarm.json --cluster 192.0.2.11:4053 --credentials /etc/swarmhost/credentials
            """)
        {
            manifest,
            open,
            cluster,
            credentials,
        };
        command.SetAction((parse, cancellationToken) => Execute(context, parse, parse.GetValue(manifest)!, parse.GetValue(open), (parse.GetValue(cluster), parse.GetValue(credentials)), cancellationToken));
        return command;
    }

    private static async Task<int> Execute(CliContext context, ParseResult parse, string file, bool open, (string? Member, string? Credentials) cluster, CancellationToken cancellationToken)
    {
        using var host = context.BuildHost(parse);
        var result = host.Services.GetRequiredService<ManifestValidator>().Validate(file, context.PluginRoots(parse), CliContext.DefaultRoots, context.Allowances(parse));
        var problems = result.Problems.ToList();
        var targets = result.IsValid ? PreflightTargets.FromManifest(result.Manifest!)
            : open && result.Catalog is { } catalog ? PartialManifestReader.Read(file, catalog)
            : null;
        problems.AddRange(result.IsValid ? LaneLimitCheck.Problems(result.Manifest!) : []);
        problems.AddRange(result.IsValid ? NodeSourceCheck.Problems(result.Manifest!, result.Manifest!.Source.Uri) : []);
        var memory = targets is null ? null : MemoryCheck.Of(targets);
        if (memory?.Problem is { } tooBig)
        {
            problems.Add(tooBig);
        }

        ProbeResult? probe = null;
        if (open && targets is not null)
        {
            var activator = new ComponentActivator(result.Catalog!, host.Services.GetRequiredService<ILoggerFactory>());
            probe = await new ComponentProbe(activator).OpenAllAsync(targets, memory!.Limit.LimitBytes, cancellationToken).ConfigureAwait(false);
            problems.AddRange(probe.Problems);
        }

        if (cluster.Member is not null && result.IsValid)
        {
            if (await PlacementAsync(context, result.Manifest!, cluster.Member, cluster.Credentials).ConfigureAwait(false) is not { } placement)
            {
                return ExitCodes.InvalidInput;
            }

            problems.AddRange(placement);
        }

        foreach (var warning in result.Warnings)
        {
            context.Output.WriteLine($"warning: {warning}");
        }

        foreach (var skipped in probe?.Skipped ?? [])
        {
            context.Output.WriteLine($"note: {skipped}");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                context.Output.WriteLine(problem);
            }

            if (open && targets is null)
            {
                context.Output.WriteLine($"note: no component was opened: the manifest's profile or structure has problems; fix them and run `swarmhost validate --open {file}` again");
            }

            context.Output.WriteLine($"{file}: {problems.Count} problem(s); nothing was run.");
            return ExitCodes.InvalidInput;
        }

        var m = result.Manifest!;
        context.Output.WriteLine(
            $"{file}: valid — {m.Encoders.Count} encoders ({string.Join(", ", m.Encoders.Select(e => $"{e.InstanceId}={e.Spec.Plugin}"))}), " +
            $"{m.Analyzers.Count} analyzer(s), clock {m.Clock.Spec.Plugin}, combiner {m.Combiner.Spec.Plugin}, " +
            $"{m.Profile.Codec} {m.Profile.Width}x{m.Profile.Height}@{m.Profile.FrameRate} gop {m.Profile.Gop}, weighting {m.Weighting.Policy.ToString().ToLowerInvariant()}.");
        context.Output.WriteLine(memory!.Summary);
        if (probe is not null)
        {
            context.Output.WriteLine($"opened: {probe.Opened} components (clock, {m.Analyzers.Count} analyzer(s), {m.Encoders.Count} encoders, combiner) opened and closed again without a refusal.");
        }

        if (cluster.Member is not null)
        {
            context.Output.WriteLine($"placement: every encoder placed on a node fits the cluster at {cluster.Member}.");
        }

        return ExitCodes.Success;
    }

    /// <summary>The placement's problems against the cluster at <paramref name="member"/>; <c>null</c> (with the reason written) when the cluster cannot be asked.</summary>
    private static async Task<IReadOnlyList<ManifestProblem>?> PlacementAsync(CliContext context, SwarmManifest manifest, string member, string? credentialsFolder)
    {
        var problems = new List<string>();
        var endpoint = ClusterArguments.Endpoints("--cluster", [member], problems).FirstOrDefault();
        problems.ForEach(p => context.Error.WriteLine($"error: {p}"));
        if (endpoint is null || ClusterArguments.Load(credentialsFolder, context.Error) is not { } credentials)
        {
            return null;
        }

        try
        {
            var report = await ClusterObserver.QueryAsync(endpoint, credentials, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var nodes = report.Adverts.Values.Where(a => a.Roles.Contains(ClusterOptions.NodeRole)).GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var (placed, unplaced) = PlacementCheck.Assign(manifest.Encoders, nodes, SwarmHostCli.ProductVersion, ContractVersionGate.HostContractVersion.ToString(2));
            foreach (var encoder in placed.Where(e => e.PlacedByCoordinator && e.Node is not null))
            {
                context.Output.WriteLine($"placement: encoder '{encoder.InstanceId}' would go to node {encoder.Node} now (placement auto)");
            }

            return [.. unplaced, .. PlacementCheck.Problems(placed, nodes, SwarmHostCli.ProductVersion, ContractVersionGate.HostContractVersion.ToString(2))];
        }
        catch (InvalidOperationException ex)
        {
            context.Error.WriteLine($"error: --cluster: {ex.Message}");
            return null;
        }
    }
}
