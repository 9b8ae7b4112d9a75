using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SwarmHost.Cluster;
using SwarmHost.Telemetry;

namespace SwarmHost.Cli;

/// <summary>
/// <c>swarmhost demo --nodes N</c>: N real <c>swarmhost node</c> processes on loopback (names a,
/// b, c, …) with a fresh set of credentials, the demo manifest with its encoders placed on them,
/// and the fault: the node running the leading encoder is killed (SIGKILL) part-way. Every node
/// process is stopped, and the credentials deleted, on dispose; each node's log is kept in the
/// demo's folder.
/// </summary>
internal sealed class DemoNodes : IAsyncDisposable
{
    /// <summary>The frame at which the leading encoder's node is killed.</summary>
    public const long KillAtFrame = 100;

    private readonly List<(string Name, Process Process, StreamWriter Log)> _nodes = [];
    private readonly DirectoryInfo _credentials;
    private readonly TextWriter _error;

    private DemoNodes(DirectoryInfo credentials, TextWriter error)
    {
        _credentials = credentials;
        _error = error;
    }

    /// <summary>The credentials folder the nodes and the run use.</summary>
    public string CredentialsFolder => Path.Combine(_credentials.FullName, "deployment");

    /// <summary>The first node's cluster address (the run joins through it).</summary>
    public string Seed { get; private set; } = "";

    /// <summary>The node names, in start order.</summary>
    public IReadOnlyList<string> Names => [.. _nodes.Select(n => n.Name)];

    /// <summary>Makes credentials and starts <paramref name="count"/> nodes, logging into <paramref name="folder"/>.</summary>
    public static DemoNodes Start(int count, string folder, TextWriter error)
    {
        var credentials = Directory.CreateTempSubdirectory("swarmhost-demo-");
        var nodes = new DemoNodes(credentials, error);
        DeploymentCredentials.Create(nodes.CredentialsFolder, "demo");
        var (program, leading) = LaneCommand.Self();
        for (var i = 0; i < count; i++)
        {
            var name = ((char)('a' + i)).ToString();
            var listen = $"127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
            nodes.Seed = i == 0 ? listen : nodes.Seed;
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in (string[])[.. leading, "node", "--name", name, "--listen", listen, "--credentials", nodes.CredentialsFolder, .. i == 0 ? Array.Empty<string>() : ["--join", nodes.Seed]])
            {
                info.ArgumentList.Add(argument);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a node process");
            var log = new StreamWriter(Path.Combine(folder, $"node-{name}.log")) { AutoFlush = true };
            process.ErrorDataReceived += (_, e) => Write(log, e.Data);
            process.OutputDataReceived += (_, e) => Write(log, e.Data);
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            nodes._nodes.Add((name, process, log));
            error.WriteLine($"demo: node {name} started (pid {process.Id}, {listen}; log {Path.Combine(folder, $"node-{name}.log")})");
        }

        return nodes;
    }

    /// <summary>The demo manifest with its encoders placed on the nodes in turn and the cluster to join; the fault is the node kill, so no encoder is wrapped in <c>chaos</c>.</summary>
    public string Manifest(string embedded)
    {
        var root = JsonNode.Parse(embedded)!.AsObject();
        var encoders = root["encoders"]!.AsArray();
        for (var i = 0; i < encoders.Count; i++)
        {
            var encoder = encoders[i]!.AsObject();
            if (encoder["plugin"]!.GetValue<string>() == "chaos")
            {
                var inner = encoder["options"]!["inner"]!.AsObject();
                encoder["plugin"] = inner["plugin"]!.GetValue<string>();
                encoder["options"] = inner["options"]!.DeepClone();
            }

            encoder["node"] = _nodes[i % _nodes.Count].Name;
        }

        root["cluster"] = new JsonObject { ["join"] = new JsonArray(Seed), ["waitSeconds"] = 60 };
        var health = root["health"] as JsonObject ?? [];
        root["health"] = health;
        health["minEncoders"] = 2; // the point of the demo: a swarm that loses a node goes on
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Watches the run and kills the node of the encoder leading at <see cref="KillAtFrame"/>.</summary>
    public async Task KillLeaderAsync(ISwarmMetricsSource swarm, IReadOnlyDictionary<string, string> nodeOf, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (swarm.Latest is { FramesIn: >= KillAtFrame, Leader: { } leader } latest && nodeOf.TryGetValue(leader, out var node))
            {
                var victim = _nodes.First(n => n.Name == node);
                victim.Process.Kill(); // SIGKILL: the node and nothing else; its lane processes end when their node's socket closes
                _error.WriteLine($"demo: killed node {node} (pid {victim.Process.Id}), which runs the leading encoder '{leader}', at frame {latest.FramesIn}");
                return;
            }

            try
            {
                await Task.Delay(20, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process, _) in _nodes.Where(n => !n.Process.HasExited))
        {
            Signal(process.Id, "TERM"); // each leaves the cluster cleanly
        }

        foreach (var (name, process, log) in _nodes)
        {
            using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(waited.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            _error.WriteLine($"demo: node {name} {(process.ExitCode == 0 ? "left the cluster" : $"ended (exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)})")}");
            process.Dispose();
            lock (log)
            {
                log.Dispose();
            }
        }

        _credentials.Delete(recursive: true);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                if (log.BaseStream is not null)
                {
                    log.WriteLine(line);
                }
            }
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
