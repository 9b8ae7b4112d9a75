using System.Text;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;

namespace SwarmHost.Tests;

public sealed class PluginDiscoveryTests
{
    [Fact]
    public void Good_package_components_are_active_and_implement_the_host_contract_types()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.Good").WithShippedPackage("SwarmHost.Clocks.System");

        var catalog = TestDiscovery.Discover(root.Root);

        Assert.All(catalog.Records, r => Assert.Equal(PackageStatus.Active, r.Status));
        Assert.Equal(["mock-analyzer", "mock-combiner", "mock-encoder", "system"], catalog.ActiveIds.Order(StringComparer.Ordinal));
        Assert.True(catalog.TryGetActive("mock-encoder", out var encoder));
        Assert.IsAssignableFrom<IEncoderFactory>(encoder.Factory);
        Assert.Equal(ContractVersionGate.HostContractVersion, encoder.ContractVersion);
        Assert.True(catalog.TryGetActive("system", out var clock));
        Assert.IsAssignableFrom<IClockFactory>(clock.Factory);
    }

    [Fact]
    public void A_component_is_a_factory_that_creates_independent_instances()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.Good");
        var catalog = TestDiscovery.Discover(root.Root);
        catalog.TryGetActive("mock-encoder", out var record);
        var factory = (IEncoderFactory)record.Factory!;
        var activator = new ComponentActivator(catalog, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        using var hq = factory.Create(ComponentOptions.Empty, activator.ContextFor("hq"));
        using var fast = factory.Create(ComponentOptions.Empty, activator.ContextFor("fast"));
        var profile = new OutputProfile("h264", 64, 32, new Rational(30, 1), 30);
        hq.Open(profile);
        fast.Open(profile);
        using var frames = new TestFrames(64, 32);
        var frame = frames.Next(0);
        try
        {
            Assert.Equal("hq", Assert.Single(hq.Encode(frame, forceKeyframe: true)).EncoderId);
            Assert.Equal("fast", Assert.Single(fast.Encode(frame, forceKeyframe: true)).EncoderId);
        }
        finally
        {
            frame.Release();
        }

        Assert.NotSame(hq, fast);
        Assert.Equal(1, hq.Stats.FramesIn);
    }

    [Fact]
    public void A_factory_that_throws_in_its_constructor_is_malfunctioned_and_the_rest_stay_active()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.Throwing").WithShippedPackage("SwarmHost.Clocks.System");

        var catalog = TestDiscovery.Discover(root.Root);

        var failed = Assert.Single(catalog.Records, r => r.Package == "Fixture.Throwing");
        Assert.Equal(PackageStatus.Malfunctioned, failed.Status);
        Assert.Contains("InvalidOperationException", failed.Reason);
        Assert.Contains("licence server unreachable", failed.Reason);
        Assert.True(catalog.TryGetActive("system", out _));
    }

    [Fact]
    public void A_missing_dependency_is_named_in_the_reason()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.MissingDependency");

        var failed = Assert.Single(TestDiscovery.Discover(root.Root).Records);

        Assert.Equal(PackageStatus.Malfunctioned, failed.Status);
        Assert.Contains("missing dependency 'Fixture.MissingDependency.Helper'", failed.Reason);
    }

    [Fact]
    public void A_package_built_against_a_newer_contract_major_is_not_supported_without_loading_it()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.FutureContract");

        var refused = Assert.Single(TestDiscovery.Discover(root.Root).Records);

        Assert.Equal(PackageStatus.NotSupported, refused.Status);
        Assert.Equal(new Version(2, 0, 0, 0), refused.ContractVersion);
        Assert.Contains("built against contract 2.0", refused.Reason);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Fixture.FutureContract");
    }

    [Fact]
    public void Two_packages_needing_different_versions_of_one_library_load_side_by_side()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.JsonOld").WithTestPackage("Fixture.JsonNew");

        var catalog = TestDiscovery.Discover(root.Root);

        Assert.True(catalog.TryGetActive("json-old", out var old));
        Assert.True(catalog.TryGetActive("json-new", out var @new));
        Assert.Equal("Newtonsoft.Json 12.0.0.0", old.Descriptor!.Description);
        Assert.Equal("Newtonsoft.Json 13.0.0.0", @new.Descriptor!.Description);
    }

    [Fact]
    public void A_folder_without_its_dll_is_malfunctioned()
    {
        using var root = new PluginRootBuilder().WithShippedPackage("SwarmHost.Clocks.System");
        File.WriteAllText(Path.Combine(root.Folder("Acme.Empty"), "readme.txt"), "nothing here");

        var catalog = TestDiscovery.Discover(root.Root);

        var empty = Assert.Single(catalog.Records, r => r.Package == "Acme.Empty");
        Assert.Equal(PackageStatus.Malfunctioned, empty.Status);
        Assert.Contains("no loadable Acme.Empty.dll", empty.Reason);
        Assert.True(catalog.TryGetActive("system", out _));
    }

    [Fact]
    public void A_garbage_dll_is_malfunctioned()
    {
        using var root = new PluginRootBuilder();
        File.WriteAllBytes(Path.Combine(root.Folder("Acme.Garbage"), "Acme.Garbage.dll"), Encoding.ASCII.GetBytes("MZ this is not a PE file at all"));

        var garbage = Assert.Single(TestDiscovery.Discover(root.Root).Records);

        Assert.Equal(PackageStatus.Malfunctioned, garbage.Status);
        Assert.Contains("Acme.Garbage.dll", garbage.Reason);
    }

    [Fact]
    public void A_disabled_marker_disables_the_package_with_its_reason()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.Good");
        File.WriteAllText(Path.Combine(root.Root, "Fixture.Good", PluginDiscovery.DisabledMarker), "under maintenance\n");

        var disabled = Assert.Single(TestDiscovery.Discover(root.Root).Records);

        Assert.Equal(PackageStatus.Disabled, disabled.Status);
        Assert.Contains("under maintenance", disabled.Reason);
    }

    [Fact]
    public void A_descriptor_that_breaks_the_rules_is_malfunctioned_with_every_problem()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.BadDescriptor");

        var bad = Assert.Single(TestDiscovery.Discover(root.Root).Records);

        Assert.Equal(PackageStatus.Malfunctioned, bad.Status);
        Assert.Contains("'Bad_Clock' is not lowercase kebab-case", bad.Reason);
        Assert.Contains("default of option 'poll' is invalid", bad.Reason);
    }

    [Fact]
    public void Every_package_claiming_a_component_id_that_another_claims_is_malfunctioned_naming_both_folders()
    {
        using var root = new PluginRootBuilder().WithTestPackage("Fixture.Good").WithTestPackage("Fixture.Good", asName: "Fixture.Good2");

        var catalog = TestDiscovery.Discover(root.Root);

        Assert.Contains(catalog.Records, r => r.Id is not null);
        Assert.All(catalog.Records.Where(r => r.Id is not null), r =>
        {
            Assert.Equal(PackageStatus.Malfunctioned, r.Status);
            Assert.Contains($"claimed by 2 packages: {Path.Combine(root.Root, "Fixture.Good")} and {Path.Combine(root.Root, "Fixture.Good2")}", r.Reason, StringComparison.Ordinal);
        });
        Assert.Empty(catalog.ActiveIds);
    }

    [Fact]
    public void A_package_folder_linking_outside_the_root_is_not_loaded()
    {
        using var root = new PluginRootBuilder();
        var outside = Path.Combine(root.Workspace, "elsewhere", "Fixture.Good");
        CopyDirectory(Path.Combine(TestPaths.TestPlugins, "Fixture.Good"), outside);
        Directory.CreateSymbolicLink(Path.Combine(root.Root, "Fixture.Good"), outside);

        var escaped = Assert.Single(TestDiscovery.Discover(root.Root).Records);

        Assert.Equal(PackageStatus.Malfunctioned, escaped.Status);
        Assert.Contains("outside the plugin root", escaped.Reason);
        Assert.Null(escaped.Factory);
    }

    [Fact]
    public void A_package_dll_linking_outside_the_root_is_not_loaded()
    {
        using var root = new PluginRootBuilder();
        var outside = Path.Combine(root.Workspace, "Fixture.Good.dll");
        File.Copy(Path.Combine(TestPaths.TestPlugins, "Fixture.Good", "Fixture.Good.dll"), outside);
        File.CreateSymbolicLink(Path.Combine(root.Folder("Fixture.Good"), "Fixture.Good.dll"), outside);

        var escaped = Assert.Single(TestDiscovery.Discover(root.Root).Records);

        Assert.Equal(PackageStatus.Malfunctioned, escaped.Status);
        Assert.Contains("outside the plugin root", escaped.Reason);
    }

    [Fact]
    public void A_missing_root_is_reported_not_fatal()
    {
        var catalog = TestDiscovery.Discover("/nonexistent/swarmhost/plugins", TestPaths.ShippedPlugins);

        Assert.Equal(["/nonexistent/swarmhost/plugins"], catalog.MissingRoots);
        Assert.True(catalog.TryGetActive("system", out _));
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
