using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SwarmHost.Plugins;

namespace SwarmHost.Tests;

/// <summary>The real discovery service, as the host wires it.</summary>
internal static class TestDiscovery
{
    public static PluginDiscovery Create() =>
        new(new ServiceCollection().AddLogging().BuildServiceProvider(), NullLogger<PluginDiscovery>.Instance);

    public static PluginCatalog Discover(params string[] roots) => Create().Discover(roots);
}
