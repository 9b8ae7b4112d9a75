namespace SwarmHost.Tests;

/// <summary>Where the built product and test packages are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Artifacts => Path.Combine(RepoRoot, "artifacts");

    /// <summary>The built swarmhost folder (executable plus plugins/).</summary>
    public static string SwarmHostDir => Path.Combine(Artifacts, "swarmhost");

    public static string ShippedPlugins => Path.Combine(SwarmHostDir, "plugins");

    public static string TestPlugins => Path.Combine(Artifacts, "test-plugins");

    /// <summary>Real clips fetched by scripts/fetch-clips.sh (run by test.sh).</summary>
    public static string Clip(string name)
    {
        var path = Path.Combine(RepoRoot, ".cache", "clips", name);
        Assert.True(File.Exists(path), $"{path} is missing; run scripts/fetch-clips.sh (test.sh does)");
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SwarmHost.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SwarmHost.sln not found above " + AppContext.BaseDirectory);
    }
}
