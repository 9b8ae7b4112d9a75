namespace SwarmHost.Tests;

/// <summary>
/// The node processes of one loopback cluster test and its scratch folder (credentials,
/// manifests, outputs): every node is stopped (a frozen one woken first) and the folder deleted
/// when it is disposed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class LoopbackCluster : IDisposable
{
    private readonly List<NodeProcess> _nodes = [];

    /// <summary>The test's scratch folder.</summary>
    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("swarmhost-cluster-");

    /// <summary>Makes a deployment's credentials (<c>swarmhost credentials new</c>) in a folder named <paramref name="name"/>; its path.</summary>
    public string Credentials(string name = "deployment")
    {
        var folder = Path.Combine(Folder.FullName, name);
        var made = Swarmhost(TimeSpan.FromMinutes(1), "credentials", "new", folder, "--deployment", name);
        Assert.True(made.ExitCode == 0, made.Error);
        return folder;
    }

    /// <summary>Starts node <paramref name="name"/> listening on loopback <paramref name="port"/>, starting a cluster or joining the one at <paramref name="join"/>.</summary>
    public NodeProcess Node(string name, int port, string credentials, int? join = null)
    {
        string[] arguments = ["node", "--name", name, "--listen", NodeProcess.Endpoint(port), "--credentials", credentials];
        var node = NodeProcess.Start(join is { } seed ? [.. arguments, "--join", NodeProcess.Endpoint(seed)] : arguments);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Runs <c>swarmhost</c> to its end (at most <paramref name="timeout"/>).</summary>
    public static ExternalTool.Result Swarmhost(TimeSpan timeout, params string[] arguments) =>
        ExternalTool.Run("dotnet", timeout, [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), .. arguments]);

    public void Dispose()
    {
        _nodes.ForEach(n => n.Dispose());
        Folder.Delete(recursive: true);
    }
}
