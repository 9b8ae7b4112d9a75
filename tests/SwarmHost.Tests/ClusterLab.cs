using System.Globalization;

namespace SwarmHost.Tests;

/// <summary>
/// A private LAN for cluster tests: one network namespace per member (coordinator, nodes, a PTP
/// grandmaster), each with an <c>eth0</c> on 192.0.2.0/24, joined by a Linux bridge in a
/// namespace of its own (multicast snooping off, multicast routed onto it) — so nothing touches
/// the host's network. A member's link can be cut at the bridge, and a share of the UDP it
/// receives dropped at random. Processes, namespaces and the scratch folder are
/// removed on <see cref="Dispose"/>.
/// </summary>
internal sealed class ClusterLab : IDisposable
{
    private readonly string _tag;
    private readonly string _bridgeNs;
    private readonly Dictionary<string, int> _members = new(StringComparer.Ordinal);
    private readonly List<LabProcess> _processes = [];
    private bool _disposed;

    /// <summary>Builds the bridge and one namespace per name in <paramref name="members"/>.</summary>
    public ClusterLab(string name, params string[] members)
    {
        if (NetworkLab.Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        _tag = $"{name}{Environment.ProcessId % 1000}{Random.Shared.Next(10, 99)}";
        _bridgeNs = $"sh-{_tag}-br";
        Folder = Directory.CreateTempSubdirectory($"lab-{_tag}-").FullName;
        try
        {
            NetworkLab.Ip("netns", "add", _bridgeNs);
            NetworkLab.Ip("-n", _bridgeNs, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            NetworkLab.Ip("-n", _bridgeNs, "link", "set", "br0", "up");
            foreach (var member in members)
            {
                var index = _members.Count + 1;
                _members[member] = index;
                NetworkLab.Ip("netns", "add", Ns(member));
                NetworkLab.Ip("link", "add", "eth0", "netns", Ns(member), "type", "veth", "peer", "name", Port(member), "netns", _bridgeNs);
                NetworkLab.Ip("-n", Ns(member), "addr", "add", Address(member) + "/24", "dev", "eth0");
                NetworkLab.Ip("-n", Ns(member), "link", "set", "lo", "up");
                NetworkLab.Ip("-n", Ns(member), "link", "set", "eth0", "up");
                NetworkLab.Ip("-n", Ns(member), "route", "add", "224.0.0.0/4", "dev", "eth0"); // multicast goes out on the lab's LAN
                NetworkLab.Ip("-n", _bridgeNs, "link", "set", Port(member), "master", "br0");
                NetworkLab.Ip("-n", _bridgeNs, "link", "set", Port(member), "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Scratch folder for credentials, configs and logs.</summary>
    public string Folder { get; }

    /// <summary>A member's namespace.</summary>
    public string Ns(string member) => $"sh-{_tag}-{_members[member].ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A member's address.</summary>
    public string Address(string member) => $"192.0.2.{(10 + _members[member]).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts a program in <paramref name="member"/>'s namespace; its output goes to a log in <see cref="Folder"/>.</summary>
    public LabProcess Start(string member, string file, params string[] arguments)
    {
        var started = LabProcess.StartIn(Ns(member), Folder, _processes.Count, null, file, arguments);
        _processes.Add(started);
        return started;
    }

    /// <summary>Starts <c>swarmhost <paramref name="arguments"/></c> in <paramref name="member"/>'s namespace.</summary>
    public LabProcess Swarmhost(string member, params string[] arguments) =>
        Start(member, "dotnet", [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), .. arguments]);

    /// <summary>Cuts (or restores) <paramref name="member"/>'s link at the bridge.</summary>
    public void Link(string member, bool up) => NetworkLab.Ip("-n", _bridgeNs, "link", "set", Port(member), up ? "up" : "down");

    /// <summary>
    /// Cuts (or heals) every path between the members of <paramref name="one"/> and those of
    /// <paramref name="other"/>, both ways, with blackhole routes in their namespaces: packets
    /// vanish as in a real partition (no reset), while each side still reaches its own members.
    /// </summary>
    public void Partition(IReadOnlyList<string> one, IReadOnlyList<string> other, bool cut)
    {
        foreach (var (from, to) in one.SelectMany(x => other.Select(y => (x, y))))
        {
            foreach (var (ns, peer) in new[] { (from, to), (to, from) })
            {
                var routed = ExternalTool.Run("ip", "-n", Ns(ns), "route", cut ? "add" : "del", "blackhole", Address(peer) + "/32");
                Assert.True(!cut || routed.ExitCode == 0, routed.Error); // healing what is healed already is no error
            }
        }
    }

    /// <summary>
    /// Drops <paramref name="percent"/> % of the UDP packets <paramref name="member"/> receives, at
    /// random (nftables <c>numgen random</c>), except PTP's (ports 319 and 320); 0 removes the rule.
    /// </summary>
    public void DropUdp(string member, int percent)
    {
        ExternalTool.Run("ip", "netns", "exec", Ns(member), "nft", "delete", "table", "inet", "lab");
        if (percent <= 0)
        {
            return;
        }

        foreach (var command in new[]
        {
            "add table inet lab",
            "add chain inet lab in { type filter hook input priority 0 ; }",
            "add rule inet lab in udp dport != { 319, 320 } counter",
            $"add rule inet lab in udp dport != {{ 319, 320 }} numgen random mod 100 < {percent.ToString(CultureInfo.InvariantCulture)} counter drop",
        })
        {
            var done = ExternalTool.Run("ip", ["netns", "exec", Ns(member), "nft", .. command.Split(' ')]);
            Assert.True(done.ExitCode == 0, $"nft {command}: {done.Error}");
        }
    }

    /// <summary>The UDP packets (and bytes) <paramref name="member"/> received and the packets dropped under <see cref="DropUdp"/>.</summary>
    public (long Packets, long Bytes, long Dropped) UdpCounters(string member)
    {
        var listed = ExternalTool.Run("ip", "netns", "exec", Ns(member), "nft", "list", "chain", "inet", "lab", "in");
        var counters = System.Text.RegularExpressions.Regex.Matches(listed.Output, @"counter packets (\d+) bytes (\d+)");
        Assert.True(counters.Count == 2, $"no drop rule in {member}'s namespace: {listed.Output}{listed.Error}");
        long At(int rule, int group) => long.Parse(counters[rule].Groups[group].Value, CultureInfo.InvariantCulture);
        return (At(0, 1), At(0, 2), At(1, 1));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            foreach (var process in _processes.Where(p => !p.HasExited))
            {
                process.Signal("CONT"); // a frozen one must run to hear SIGTERM
                process.Stop();
            }
        }
        finally
        {
            foreach (var ns in _members.Keys.Select(Ns).Append(_bridgeNs))
            {
                ExternalTool.Run("ip", "netns", "del", ns); // whatever the processes did: no namespace is left behind
            }
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Port(string member) => $"p{_members[member].ToString(CultureInfo.InvariantCulture)}";
}
