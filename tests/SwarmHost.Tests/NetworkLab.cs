using System.Diagnostics;

namespace SwarmHost.Tests;

/// <summary>
/// A private two-namespace network for tests against real time peers: a server namespace
/// (192.0.2.1) and a client namespace (192.0.2.2) joined by a veth pair, a scratch folder, and the
/// processes started in them — all torn down on <see cref="Dispose"/>, processes by PID (SIGTERM,
/// then SIGKILL) and waited for. Names are unique per lab, so labs never collide.
/// </summary>
internal sealed class NetworkLab : IDisposable
{
    public const string ServerAddress = "192.0.2.1";
    public const string ClientAddress = "192.0.2.2";

    private static readonly string[] ProgramFolders = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"];
    private readonly List<LabProcess> _processes = [];
    private bool _disposed;

    public NetworkLab(string name)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var tag = $"{name}{Environment.ProcessId % 10000}{Random.Shared.Next(100, 999)}";
        ServerNs = $"sh-{tag}-s";
        ClientNs = $"sh-{tag}-c";
        Folder = Directory.CreateTempSubdirectory($"lab-{tag}-").FullName;
        try
        {
            Ip("netns", "add", ServerNs);
            Ip("netns", "add", ClientNs);
            Ip("link", "add", ServerIf, "netns", ServerNs, "type", "veth", "peer", "name", ClientIf, "netns", ClientNs);
            Ip("-n", ServerNs, "addr", "add", ServerAddress + "/24", "dev", ServerIf);
            Ip("-n", ClientNs, "addr", "add", ClientAddress + "/24", "dev", ClientIf);
            foreach (var (ns, dev) in new[] { (ServerNs, "lo"), (ServerNs, ServerIf), (ClientNs, "lo"), (ClientNs, ClientIf) })
            {
                Ip("-n", ns, "link", "set", dev, "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why the lab cannot be built here (not root, no <c>ip netns</c>, a peer program missing), or <c>null</c>.</summary>
    public static string? Unavailable { get; } = Probe();

    public string ServerNs { get; }

    public string ClientNs { get; }

    public string ServerIf { get; } = "veth0";

    public string ClientIf { get; } = "veth1";

    /// <summary>Scratch folder for configs, sockets and logs.</summary>
    public string Folder { get; }

    /// <summary>Starts a long-running program inside <paramref name="ns"/>; its output goes to a log file in <see cref="Folder"/>.</summary>
    public LabProcess Start(string ns, IDictionary<string, string>? environment, string file, params string[] arguments)
    {
        var started = LabProcess.StartIn(ns, Folder, _processes.Count, environment, file, arguments);
        _processes.Add(started);
        return started;
    }

    /// <summary>Runs a program inside <paramref name="ns"/> to completion.</summary>
    public ExternalTool.Result Run(string ns, TimeSpan timeout, IDictionary<string, string>? environment, string file, params string[] arguments)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var process = Process.Start(LabProcess.Info(ns, environment, file, arguments)) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} in {ns} did not finish within {timeout}");
        }

        process.WaitForExit();
        return new ExternalTool.Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs the swarmhost CLI inside <paramref name="ns"/> (60 s at most).</summary>
    public ExternalTool.Result Swarmhost(string ns, IDictionary<string, string>? environment, params string[] arguments) =>
        Run(ns, TimeSpan.FromSeconds(60), environment, "dotnet", [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), .. arguments]);

    /// <summary>Writes a file into <see cref="Folder"/> and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var process in _processes)
        {
            process.Stop();
        }

        foreach (var ns in new[] { ServerNs, ClientNs })
        {
            ExternalTool.Run("ip", "netns", "del", ns);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Runs <c>ip</c>; fails with what it printed.</summary>
    internal static void Ip(params string[] arguments)
    {
        var result = ExternalTool.Run("ip", arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {result.Error.Trim()}");
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsRoot())
        {
            return "network namespaces need root; run ./test.sh as root (CI does)";
        }

        foreach (var tool in new[] { "ip", "chronyd", "ptp4l", "pmc" })
        {
            if (!ProgramFolders.Any(d => File.Exists(Path.Combine(d, tool))))
            {
                return $"'{tool}' is not installed; scripts/bootstrap.sh installs chrony, linuxptp and iproute2";
            }
        }

        var name = $"sh-probe-{Environment.ProcessId}";
        var add = ExternalTool.Run("ip", "netns", "add", name);
        if (add.ExitCode != 0)
        {
            return $"cannot create a network namespace here: {add.Error.Trim()}";
        }

        ExternalTool.Run("ip", "netns", "del", name);
        return null;
    }

    private static bool IsRoot() => File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
}
