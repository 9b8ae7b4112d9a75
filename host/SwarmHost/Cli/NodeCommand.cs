using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;
using SwarmHost.Cluster;
using SwarmHost.Engine.Lanes.Remote;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost node</c>: this machine as an encoder node of a cluster, until Ctrl+C/SIGTERM.</summary>
public static class NodeCommand
{
    /// <summary>How long a downed node waits between attempts to join again while the others are out of reach.</summary>
    private static readonly TimeSpan RejoinPause = TimeSpan.FromSeconds(5);

    /// <summary>The cluster port a node listens on when <c>--listen</c> names none.</summary>
    public const int DefaultPort = 4053;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var join = new Option<string[]>("--join") { Description = "A member to join the cluster through, host:port (repeatable). None: this node starts a new cluster.", HelpName = "host:port", AllowMultipleArgumentsPerToken = false };
        var name = new Option<string>("--name") { Description = "The node's name, unique in the cluster; manifests place encoders on it by this name.", DefaultValueFactory = _ => Environment.MachineName, HelpName = "name" };
        var listen = new Option<string>("--listen") { Description = "The address and port the node listens on for cluster members, and is reached at. Loopback unless you name another address.", DefaultValueFactory = _ => $"127.0.0.1:{DefaultPort}", HelpName = "addr:port" };
        var clock = new Option<string>("--clock") { Description = "The clock component that stamps the frames this node encodes (system, ntp, ptp).", DefaultValueFactory = _ => "system", HelpName = "id" };
        var options = new Option<string[]>("--option", "-O") { Description = "An option of the clock as name=value (repeatable); `swarmhost inspect <id>` lists them.", HelpName = "name=value", AllowMultipleArgumentsPerToken = false };
        var lanePort = new Option<int>("--lane-port") { Description = "The TCP port coordinators open lane links on (TLS, the deployment's certificate required), on the --listen address. 0: any free port (the cluster learns it from the node's advert).", DefaultValueFactory = _ => 0, HelpName = "port" };
        var credentials = ClusterArguments.CredentialsOption();
        var command = new Command("node", $"""
            Run this machine as an encoder node: join the cluster, tell it what this node can run
            (its installed encoders, cores, memory, load and clock), run the encoder lanes a
            coordinator places here, and stamp their frames with this node's own clock. Members
            must hold the deployment's credentials (mutual TLS); a peer without them is refused and
            the refusal is logged with its address. Ctrl+C or SIGTERM drains the node (its lanes are
            stopped after telling their coordinators, which start them on other nodes) and leaves the
            cluster cleanly.
            Membership changes are logged on stderr.

            A node the others removed (downed: cut off from the majority, or paused longer than
            their failure detector allows) keeps its lanes and joins again through the members it
            has seen.

            Exit codes: 0 left the cluster when asked; 1 could not join (or was removed and knows
            no member to join again through); 2 bad options, credentials or clock.

            Examples:
              swarmhost node --name a --listen 127.0.0.1:{DefaultPort} --credentials creds/
              swarmhost node --name b --listen 127.0.0.1:4054 --join 127.0.0.1:{DefaultPort} --credentials creds/
              swarmhost node --name c --listen 192.0.2.13:{DefaultPort} --join 192.0.2.11:{DefaultPort} --clock ptp -O interface=eth0
            """)
        {
            join, name, listen, clock, options, credentials, lanePort,
        };
        command.SetAction((parse, cancellationToken) => Execute(context, parse, new NodeArguments(parse.GetValue(join) ?? [], parse.GetValue(name)!, parse.GetValue(listen)!, parse.GetValue(clock)!, parse.GetValue(options) ?? [], parse.GetValue(credentials), parse.GetValue(lanePort)), cancellationToken));
        return command;
    }

    private static async Task<int> Execute(CliContext context, ParseResult parse, NodeArguments arguments, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var listen = ClusterArguments.Endpoints("--listen", [arguments.Listen], problems).FirstOrDefault();
        var seeds = ClusterArguments.Endpoints("--join", arguments.Join, problems);
        if (listen is { Host: "0.0.0.0" or "::" })
        {
            problems.Add($"--listen: {listen} is not an address other members can reach this node at; name this machine's address on the cluster's network");
        }

        if (string.IsNullOrWhiteSpace(arguments.Name))
        {
            problems.Add("--name: a node needs a name");
        }

        using var host = context.BuildHost(parse);
        var catalog = context.Discover(host, parse);
        var manifestProblems = new List<ManifestProblem>();
        var clockSpec = ComponentArguments.Resolve(catalog, arguments.Clock, arguments.ClockOptions, ComponentKind.Clock, manifestProblems);
        var credentials = ClusterArguments.Load(arguments.Credentials, context.Error);
        foreach (var problem in problems)
        {
            context.Error.WriteLine($"error: {problem}");
        }

        ComponentArguments.Report(context.Error, manifestProblems);
        if (problems.Count > 0 || manifestProblems.Count > 0 || clockSpec is null || credentials is null || listen is null)
        {
            return ExitCodes.InvalidInput;
        }

        var activator = new ComponentActivator(catalog, host.Services.GetRequiredService<ILoggerFactory>());
        using var stop = new StopSignal();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancellationToken);
        IClock nodeClock;
        try
        {
            nodeClock = activator.CreateClock(clockSpec, arguments.Clock);
            await nodeClock.StartAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            context.Error.WriteLine($"error: clock '{arguments.Clock}' cannot start: {ex.Message}");
            return ExitCodes.InvalidInput;
        }

        using (nodeClock)
        {
            var encoders = catalog.Records.Where(r => r.Status == PackageStatus.Active && r.Descriptor?.Kind == ComponentKind.Encoder).Select(r => r.Id!).Distinct().Order(StringComparer.Ordinal).ToList();
            var prefix = $"node {arguments.Name}: ";
            void Log(string line) => context.Error.WriteLine(prefix + line);
            var lanes = new NodeLaneHost(LaneCommand.ForThisInstallation(), activator, listen.Host, credentials.MediaPassphrase, nodeClock, Log);
            LaneListener laneListener;
            try
            {
                laneListener = new LaneListener(listen.Host, arguments.LanePort, credentials, lanes, Log);
            }
            catch (InvalidOperationException ex)
            {
                context.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            using var listening = laneListener;
            var identity = new NodeIdentity(arguments.Name, SwarmHostCli.ProductVersion, ContractVersionGate.HostContractVersion.ToString(2), encoders, arguments.Clock, nodeClock, laneListener.Endpoint.ToString());
            var membership = new ClusterOptions(listen, seeds, [ClusterOptions.NodeRole], credentials);
            var stopped = Task.Delay(Timeout.Infinite, linked.Token);
            var seen = new HashSet<ClusterEndpoint>(); // the other members this node has seen up: where it joins again when downed
            while (true)
            {
                ClusterMember member;
                try
                {
                    member = ClusterMember.Start(membership, identity, Log, () => new LaneLoad(lanes.Running, lanes.DeclaredCores, lanes.Draining));
                }
                catch (InvalidOperationException ex)
                {
                    context.Error.WriteLine($"error: {ex.Message}");
                    return ExitCodes.InvalidInput;
                }

                var joining = membership.Seeds.Count == 0 ? "starting a new cluster" : $"joining through {string.Join(", ", membership.Seeds)}";
                context.Error.WriteLine($"{prefix}listening on {member.Address} (lanes on {laneListener.Endpoint}); {joining}; encoders: {string.Join(", ", encoders)}; clock {arguments.Clock}");
                var up = member.UpAsync(TimeSpan.FromSeconds(15));
                if (await Task.WhenAny(up, stopped, member.Terminated).ConfigureAwait(false) == up && !await up.ConfigureAwait(false))
                {
                    context.Error.WriteLine($"{prefix}not a member yet after 15 s: still trying {string.Join(", ", membership.Seeds)} (is a member running there, with the same credentials and version?)");
                }

                await Task.WhenAny(stopped, member.Terminated).ConfigureAwait(false);
                if (!member.Terminated.IsCompleted)
                {
                    return await LeaveAsync(context, prefix, arguments.Name, lanes, member).ConfigureAwait(false);
                }

                seen.UnionWith(member.MembersSeen.Where(m => m != listen));
                if (member.WasUp && seen.Count > 0)
                {
                    // downed by the others (a partition, or a pause longer than their failure detector's): its lanes go on, and it joins again as a new incarnation
                    membership = membership with { Seeds = [.. seen] };
                    context.Error.WriteLine($"{prefix}removed from the cluster by the other members (downed); its {lanes.Running} lane(s) go on; rejoining through {string.Join(", ", seen)}");
                    continue;
                }

                if (member.WasUp)
                {
                    context.Error.WriteLine($"{prefix}removed from the cluster by the other members (downed), and it knows no other member to join again through; stopping");
                    return ExitCodes.RuntimeFailure;
                }

                if (seen.Count == 0)
                {
                    context.Error.WriteLine($"{prefix}could not join the cluster through {string.Join(", ", membership.Seeds)} (see above: a member that refuses this node's certificate holds other credentials); stopping");
                    return ExitCodes.RuntimeFailure;
                }

                // a member before, with these credentials: the others are still out of reach (the partition has not healed)
                context.Error.WriteLine($"{prefix}could not join again yet through {string.Join(", ", membership.Seeds)}; trying again in {RejoinPause.TotalSeconds:0} s");
                await Task.WhenAny(Task.Delay(RejoinPause, CancellationToken.None), stopped).ConfigureAwait(false);
                if (stopped.IsCompleted)
                {
                    context.Error.WriteLine($"{prefix}stopped while out of the cluster");
                    return ExitCodes.Success;
                }
            }
        }
    }

    /// <summary>Drains the node's lanes (their coordinators start them elsewhere) and leaves the cluster: Ctrl+C or SIGTERM.</summary>
    private static async Task<int> LeaveAsync(CliContext context, string prefix, string name, NodeLaneHost lanes, ClusterMember member)
    {
        if (lanes.Running > 0)
        {
            context.Error.WriteLine($"{prefix}draining: stopping {lanes.Running} lane(s); their coordinators start them on other nodes");
            lanes.Drain(name, TimeSpan.FromSeconds(10));
        }

        context.Error.WriteLine($"{prefix}leaving the cluster");
        await member.DisposeAsync().ConfigureAwait(false);
        context.Error.WriteLine($"{prefix}left the cluster");
        return ExitCodes.Success;
    }

    private sealed record NodeArguments(string[] Join, string Name, string Listen, string Clock, string[] ClockOptions, string? Credentials, int LanePort);
}
