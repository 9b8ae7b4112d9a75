using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SwarmHost.Manifest;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost validate &lt;manifest&gt;</c>: checks a manifest completely and reports every problem at once.</summary>
public static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = new Argument<string>("manifest") { Description = "Path of the manifest JSON file." };
        var command = new Command("validate", """
            Check a manifest without running it: the JSON Schema (schemas/swarm-manifest.schema.json)
            and then everything the schema cannot know — that each component id is installed and of
            the right kind, each option exists in the component's options table with the right type
            and range, encoder ids are unique, there are at least 3 encoders, files exist, plugin
            paths stay inside the manifest's folder (or --allow-plugin-root allows them), a lavfi:
            source uses only allowed filters (docs/input-safety.md; --allow-filter allows more), and
            the output container suits the combiner. The manifest must be a regular file of at most
            1 MiB holding one JSON object without duplicate keys, nulls or NUL characters.

            Every problem is printed on its own line as
              $.json.path: what is wrong (what to do)
            followed by a count. Exits 2 when there is any problem, 0 with a one-line summary when valid.

            Examples:
              swarmhost validate swarm.json
              swarmhost validate swarm.json --plugins ./my-plugins
              swarmhost validate swarm.json --allow-filter drawtext
            """)
        {
            manifest,
        };
        command.SetAction(parse =>
        {
            using var host = context.BuildHost(parse);
            var file = parse.GetValue(manifest)!;
            var result = host.Services.GetRequiredService<ManifestValidator>().Validate(file, context.PluginRoots(parse), CliContext.DefaultRoots, context.Allowances(parse));
            if (!result.IsValid)
            {
                foreach (var problem in result.Problems)
                {
                    context.Output.WriteLine(problem);
                }

                context.Output.WriteLine($"{file}: {result.Problems.Count} problem(s); nothing was run.");
                return ExitCodes.InvalidInput;
            }

            var m = result.Manifest!;
            context.Output.WriteLine(
                $"{file}: valid — {m.Encoders.Count} encoders ({string.Join(", ", m.Encoders.Select(e => $"{e.InstanceId}={e.Spec.Plugin}"))}), " +
                $"{m.Analyzers.Count} analyzer(s), clock {m.Clock.Spec.Plugin}, combiner {m.Combiner.Spec.Plugin}, " +
                $"{m.Profile.Codec} {m.Profile.Width}x{m.Profile.Height}@{m.Profile.FrameRate} gop {m.Profile.Gop}, weighting {m.Weighting.Policy.ToString().ToLowerInvariant()}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
