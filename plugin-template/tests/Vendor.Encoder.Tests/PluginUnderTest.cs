using System.Reflection;

namespace Vendor.Encoder.Tests;

/// <summary>The plugin these tests run: its component id and the plugin root its project builds into.</summary>
internal static class PluginUnderTest
{
    public const string ComponentId = "vendor-encoder";

    /// <summary>The plugin root holding Vendor.Encoder/ (set at build time from SwarmHostPluginRoot in Directory.Build.props).</summary>
    public static string Root { get; } = typeof(PluginUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SwarmHostPluginRoot").Value!;
}
