using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;

namespace SwarmHost.Plugins;

/// <summary>
/// Loads one package dll into a load context of its own (McMaster.NETCore.Plugins), sharing the
/// contract and logging abstractions with the host so both sides see identical types. Every other
/// dependency resolves from the package's own folder first, even when the host carries another
/// version of it, so packages that need different versions of one library load side by side.
/// The only class that touches the plugin-loading library.
/// </summary>
public static class PluginPackageLoader
{
    /// <summary>The types whose assemblies the host shares with every package.</summary>
    public static readonly Type[] SharedTypes = [typeof(IComponentFactory), typeof(ILogger)];

    /// <summary>Loads the package's main assembly; its private dependencies resolve from its own folder.</summary>
    /// <exception cref="Exception">Anything the loader throws (bad image, missing file); the caller turns it into a Malfunctioned row.</exception>
    public static Assembly Load(string assemblyPath)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(
            assemblyPath,
            SharedTypes,
            config => config.PreferSharedTypes = false);
        return loader.LoadDefaultAssembly();
    }
}
