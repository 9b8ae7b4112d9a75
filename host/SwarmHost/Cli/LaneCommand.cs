using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Engine.Lanes.Process;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary>
/// <c>swarmhost lane</c>: the process an encoder with <c>"isolation": "process"</c> runs in, started
/// by <c>swarmhost run</c> — not a command for people. It connects to its host's socket, loads only
/// the packages its encoder needs, and encodes the frames its host shares with it.
/// </summary>
public static class LaneCommand
{
    /// <summary>Creates the (hidden) command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var encoder = new Option<string>("--encoder") { Description = "The encoder instance id (as the manifest names it).", Required = true };
        var connect = new Option<string>("--connect") { Description = "The host's Unix socket for this lane.", Required = true };
        var command = new Command("lane", "Runs one encoder of a swarm in a process of its own; started by `swarmhost run` for encoders with \"isolation\": \"process\".")
        {
            encoder,
            connect,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            using var host = context.BuildHost(parse);
            var discovery = host.Services.GetRequiredService<PluginDiscovery>();
            var loggers = host.Services.GetRequiredService<ILoggerFactory>();
            return LaneRunner.Run(parse.GetValue(connect)!, (roots, packages) => new ComponentActivator(discovery.DiscoverPackages(roots, packages), loggers), context.Error);
        });
        return command;
    }

    /// <summary>How this installation starts a lane: the running <c>swarmhost</c> again, through the same .NET host.</summary>
    public static SwarmHost.Engine.Lanes.Process.LaneCommand ForThisInstallation()
    {
        var (program, arguments) = Self();
        return new(program, [.. arguments, "lane"]);
    }

    /// <summary>The program and leading arguments that start this <c>swarmhost</c> again (its apphost, or <c>dotnet swarmhost.dll</c>).</summary>
    public static (string Program, IReadOnlyList<string> Arguments) Self()
    {
        var assembly = typeof(LaneCommand).Assembly.Location;
        var running = Environment.ProcessPath;
        if (running is not null && Path.GetFileNameWithoutExtension(running) == Path.GetFileNameWithoutExtension(assembly))
        {
            return (running, []); // the apphost
        }

        return (running is not null && Path.GetFileNameWithoutExtension(running) == "dotnet" ? running : "dotnet", [assembly]);
    }
}
