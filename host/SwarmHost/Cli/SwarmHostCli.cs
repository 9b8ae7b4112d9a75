using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary>The <c>swarmhost</c> command line: parses arguments, runs the chosen command, maps outcomes to exit codes.</summary>
public static class SwarmHostCli
{
    /// <summary>The product version (informational version without build metadata).</summary>
    public static string ProductVersion { get; } =
        (typeof(SwarmHostCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="output">Where results go (stdout).</param>
    /// <param name="error">Where errors go (stderr).</param>
    /// <returns>One of <see cref="ExitCodes"/>.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error);
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine($"error: {problem.Message}");
            }

            error.WriteLine("Run `swarmhost --help` (or `swarmhost <command> --help`) for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            // Ctrl+C and SIGTERM are handled by the commands that run long (StopSignal), so they can finish their output.
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception ex) when (ex is MediaInputException or MediaOutputException)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.RuntimeFailure;
        }
    }

    private static RootCommand Build(CliContext context)
    {
        var root = new RootCommand($"""
            SwarmHost {ProductVersion} — runs three or more live video encoders in parallel on one input
            and combines them into one uninterrupted output. Encoders, analyzers, combiners and clocks
            are plugins, loaded from package folders and wired together by a manifest.

            Typical use:
              swarmhost demo                    a real swarm on built-in content, one encoder failing
              swarmhost run swarm.json          run a manifest; summary, events and output as it names
              swarmhost plugins                 what is installed, and what failed to load
              swarmhost inspect system          one component's options and capabilities
              swarmhost validate swarm.json     check a manifest, every problem at once
              swarmhost encode -i in.mp4 -o out.ts -O preset=veryfast
                                                one encoder alone: the reference for a swarm
              swarmhost bench encoders          in-process encoders against the ffmpeg CLI
              swarmhost analyze clip.mp4        what the analyzers see: complexity, SI/TI, motion, cuts

            Exit codes: 0 success, 1 runtime failure, 2 bad usage or invalid input.
            """)
        {
            context.PluginsOption,
            context.VerboseOption,
            context.AllowFilterOption,
            context.AllowPluginRootOption,
            PluginsCommand.Create(context),
            InspectCommand.Create(context),
            ValidateCommand.Create(context),
            EncodeCommand.Create(context),
            BenchCommand.Create(context),
            RunCommand.Create(context),
            DemoCommand.Create(context),
            AnalyzeCommand.Create(context),
            CompareCommand.Create(context),
            ReportCommand.Create(context),
            ClockCommand.Create(context),
            SchemaCommand.Create(context),
            LaneCommand.Create(context),
            NodeCommand.Create(context),
            NodesCommand.Create(context),
            CredentialsCommand.Create(context),
        };
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new PrintVersion(context);
        }

        return root;
    }

    private sealed class PrintVersion(CliContext context) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            context.Output.WriteLine($"swarmhost {ProductVersion} (plugin contract {ContractVersionGate.HostContractVersion.ToString(2)})");
            context.Output.WriteLine(FFmpegLibraries.TryLoad(out var ffmpeg, out var failure) ? ffmpeg!.ToString() : $"FFmpeg: not usable — {failure}");
            return ExitCodes.Success;
        }
    }
}
