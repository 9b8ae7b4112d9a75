namespace SwarmHost.Tests;

/// <summary>A throw-away plugin root in a temp folder, filled with copies of built packages and hand-made broken folders.</summary>
internal sealed class PluginRootBuilder : IDisposable
{
    public PluginRootBuilder()
    {
        Workspace = Directory.CreateTempSubdirectory("swarmhost-test-").FullName;
        Root = Directory.CreateDirectory(Path.Combine(Workspace, "plugins")).FullName;
    }

    /// <summary>The temp folder holding the root (and anything placed outside it).</summary>
    public string Workspace { get; }

    public string Root { get; }

    /// <summary>Copies a test package from artifacts/test-plugins.</summary>
    public PluginRootBuilder WithTestPackage(string package, string? asName = null) =>
        Copy(Path.Combine(TestPaths.TestPlugins, package), package, asName ?? package);

    /// <summary>Copies a shipped package from artifacts/swarmhost/plugins.</summary>
    public PluginRootBuilder WithShippedPackage(string package, string? asName = null) =>
        Copy(Path.Combine(TestPaths.ShippedPlugins, package), package, asName ?? package);

    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
            // A loaded package dll may still be mapped; the temp folder is cleaned by the OS later.
        }
    }

    private PluginRootBuilder Copy(string source, string package, string name)
    {
        Assert.True(Directory.Exists(source), $"{source} is missing; build the solution first");
        var target = Folder(name);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var fileName = Path.GetFileName(file);
            if (name != package && fileName.StartsWith(package + ".", StringComparison.Ordinal))
            {
                fileName = name + fileName[package.Length..];
            }

            File.Copy(file, Path.Combine(target, fileName));
        }

        return this;
    }
}
