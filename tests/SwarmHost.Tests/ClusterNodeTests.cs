using System.Globalization;
using System.Text.Json;
using SwarmHost.Cluster;

namespace SwarmHost.Tests;

/// <summary>
/// Real <c>swarmhost node</c> processes on loopback forming an Akka.NET cluster over mutual TLS:
/// membership, adverts, a clean leave on SIGTERM, a node without the deployment's credentials
/// refused (and logged with its address), and credentials that never reach a command line.
/// </summary>
[Collection(ClusterTestGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterNodeTests : IDisposable
{
    private static readonly TimeSpan Joining = TimeSpan.FromSeconds(60);
    private readonly LoopbackCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Three_nodes_form_a_cluster_list_each_other_and_one_leaves_cleanly_on_SIGTERM()
    {
        var credentials = Credentials("deployment");
        var (a, b, c) = (NodeProcess.FreePort(), NodeProcess.FreePort(), NodeProcess.FreePort());
        var first = Node("a", a, credentials);
        first.WaitFor("member up: " + NodeProcess.Endpoint(a), Joining);
        var second = Node("b", b, credentials, a);
        var third = Node("c", c, credentials, a);
        first.WaitFor("member up:", Joining, count: 3);

        // a member's first connection to another (a TLS handshake) may take a moment on a busy machine: ask until every advert came
        ExternalTool.Result listed;
        var asking = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            listed = Swarmhost("nodes", "--cluster", NodeProcess.Endpoint(c), "--credentials", credentials, "--json");
            Assert.True(listed.ExitCode == 0, listed.Error);
        }
        while (JsonDocument.Parse(listed.Output).RootElement.GetProperty("adverts").EnumerateObject().Count() < 3 && asking.Elapsed < Joining);

        using var report = JsonDocument.Parse(listed.Output);
        var members = report.RootElement.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Equal("Up", m.GetProperty("status").GetString()));
        var adverts = report.RootElement.GetProperty("adverts").EnumerateObject().Select(p => p.Value).ToList();
        Assert.Equal(["a", "b", "c"], adverts.Select(x => x.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(adverts, x =>
        {
            Assert.Equal(Environment.ProcessorCount, x.GetProperty("cores").GetInt32());
            Assert.Contains("ffmpeg", x.GetProperty("encoders").EnumerateArray().Select(e => e.GetString()));
            Assert.StartsWith("system: ", x.GetProperty("clock").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, x.GetProperty("lanes").GetInt32());
        });
        Assert.Contains(" 3 up", Swarmhost("nodes", "--cluster", NodeProcess.Endpoint(a), "--credentials", credentials).Output, StringComparison.Ordinal);

        // SIGTERM: b leaves; the others see it removed at once (not after their failure detector's pause)
        var leaving = DateTime.UtcNow;
        Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(30)));
        Assert.Contains("left the cluster", second.Log(), StringComparison.Ordinal);
        first.WaitFor("member removed: " + NodeProcess.Endpoint(b), TimeSpan.FromSeconds(20));
        third.WaitFor("member removed: " + NodeProcess.Endpoint(b), TimeSpan.FromSeconds(20));
        Assert.DoesNotContain("unreachable: " + NodeProcess.Endpoint(b), first.Log(), StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - leaving < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_node_with_other_credentials_is_refused_and_the_refusal_names_its_address()
    {
        var credentials = Credentials("deployment");
        var stranger = Credentials("stranger");
        var (a, b, x) = (NodeProcess.FreePort(), NodeProcess.FreePort(), NodeProcess.FreePort());
        var first = Node("a", a, credentials);
        first.WaitFor("member up: " + NodeProcess.Endpoint(a), Joining);
        var member = Node("b", b, credentials, a);
        first.WaitFor("member up: " + NodeProcess.Endpoint(b), Joining);

        var intruder = Node("x", x, stranger, a);
        first.WaitFor("Rejected incoming connection from", Joining);
        intruder.WaitFor("could not join the cluster through " + NodeProcess.Endpoint(a), Joining);
        Assert.Equal(1, intruder.Wait(TimeSpan.FromSeconds(30))); // it stops by itself, as failed
        Assert.Contains("Certificate pinning failed for [::ffff:127.0.0.1]:", first.Log(), StringComparison.Ordinal); // the peer's address
        Assert.DoesNotContain("member up: " + NodeProcess.Endpoint(x), first.Log(), StringComparison.Ordinal);
        Assert.DoesNotContain("member up: " + NodeProcess.Endpoint(x), member.Log(), StringComparison.Ordinal);

        var asked = Swarmhost("nodes", "--cluster", NodeProcess.Endpoint(a), "--credentials", stranger, "--timeout", "5");
        Assert.Equal(1, asked.ExitCode);
        Assert.Contains("no SwarmHost member answered", asked.Error, StringComparison.Ordinal);

        // the secrets are in files: nothing of them is on any process's command line or in a log
        var secret = File.ReadAllText(Path.Combine(credentials, "media.key")).Trim();
        var key = File.ReadAllText(Path.Combine(credentials, "cluster.key"));
        foreach (var node in new[] { first, member })
        {
            var commandLine = File.ReadAllText($"/proc/{node.Pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            Assert.DoesNotContain(secret, commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, node.Log(), StringComparison.Ordinal);
            Assert.DoesNotContain(key.Split('\n')[1], node.Log(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Credentials_are_made_private_and_refused_when_others_can_read_them_or_missing()
    {
        var folder = Path.Combine(_cluster.Folder.FullName, "made");
        var made = DeploymentCredentials.Create(folder, "unit");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        foreach (var file in Directory.GetFiles(folder))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.True(made.Certificate.HasPrivateKey);
        Assert.True(made.Admits(DeploymentCredentials.Load(folder).Certificate));
        Assert.False(made.Admits(DeploymentCredentials.Create(Path.Combine(_cluster.Folder.FullName, "other"), "other").Certificate));
        Assert.Throws<InvalidOperationException>(() => DeploymentCredentials.Create(folder, "again"));

        File.SetUnixFileMode(Path.Combine(folder, "cluster.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        File.Delete(Path.Combine(folder, "media.key"));
        var refused = Assert.Throws<InvalidOperationException>(() => DeploymentCredentials.Load(folder));
        Assert.Contains("cluster.key can be read or written by other users (chmod 600 it)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("media.key is missing", refused.Message, StringComparison.Ordinal);

        var noCredentials = Swarmhost("node", "--name", "n", "--listen", NodeProcess.Endpoint(NodeProcess.FreePort()));
        Assert.Equal(2, noCredentials.ExitCode);
        Assert.Contains("no deployment credentials", noCredentials.Error, StringComparison.Ordinal);
        var badOptions = Swarmhost("node", "--listen", "0.0.0.0:4053", "--join", "nowhere", "--credentials", folder);
        Assert.Equal(2, badOptions.ExitCode);
        Assert.Contains("--listen: 0.0.0.0:4053 is not an address other members can reach", badOptions.Error, StringComparison.Ordinal);
        Assert.Contains("--join: 'nowhere' is not host:port", badOptions.Error, StringComparison.Ordinal);
        Assert.Contains("media.key is missing", badOptions.Error, StringComparison.Ordinal);
    }

    private string Credentials(string name) => _cluster.Credentials(name);

    private NodeProcess Node(string name, int port, string credentials, int? join = null) => _cluster.Node(name, port, credentials, join);

    private static ExternalTool.Result Swarmhost(params string[] arguments) => LoopbackCluster.Swarmhost(TimeSpan.FromSeconds(60), arguments);
}

/// <summary>
/// The cluster tests run one at a time and alone, after the others: each starts four or five
/// runtimes (nodes, their lanes, a coordinator) on a two-core machine, and their watchdogs judge
/// timing; beside the rest of the suite they would test the scheduler.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterTestGroup
{
    public const string Name = "cluster";
}
