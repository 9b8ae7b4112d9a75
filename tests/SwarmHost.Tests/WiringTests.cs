using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Tests;

public sealed class WiringTests
{
    private static IEncoderFactory SubstituteEncoder(string id, params OptionDescriptor[] options)
    {
        var factory = Substitute.For<IEncoderFactory>();
        factory.Descriptor.Returns(new ComponentDescriptor(id, ComponentKind.Encoder, "Substitute", "A substitute encoder.") { Options = options });
        return factory;
    }

    private static PluginCatalog CatalogOf(params IComponentFactory[] factories) =>
        new(["/substitutes"], factories.Select(f => new ComponentRecord("Substitutes", PackageStatus.Active, null, "/substitutes/Substitutes.dll", ContractVersionGate.HostContractVersion, f)).ToList(), []);

    [Fact]
    public void The_activator_hands_each_instance_its_own_context_and_the_validated_options()
    {
        var factory = SubstituteEncoder("acme");
        var activator = new ComponentActivator(CatalogOf(factory), NullLoggerFactory.Instance);
        var options = new ComponentOptions([new("bitrate", (object?)1_000_000L)]);

        activator.CreateEncoder(new ComponentSpec("acme", options), "primary");
        activator.CreateEncoder(new ComponentSpec("acme", options), "backup");

        factory.Received(1).Create(options, Arg.Is<ComponentContext>(c => c.InstanceId == "primary" && c.Components == activator));
        factory.Received(1).Create(options, Arg.Is<ComponentContext>(c => c.InstanceId == "backup"));
    }

    [Fact]
    public void The_activator_refuses_an_id_that_is_not_an_active_encoder()
    {
        var activator = new ComponentActivator(CatalogOf(SubstituteEncoder("acme")), NullLoggerFactory.Instance);

        var error = Assert.Throws<KeyNotFoundException>(() => activator.CreateEncoder(new ComponentSpec("other", ComponentOptions.Empty), "x"));

        Assert.Contains("No active encoder component 'other'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_resolver_checks_options_against_the_substitutes_table_and_applies_defaults()
    {
        var factory = SubstituteEncoder("acme",
            new OptionDescriptor("gop", OptionType.Integer, "GOP length.") { Default = 30L, Minimum = 1 },
            new OptionDescriptor("tune", OptionType.Enum, "Tuning.") { AllowedValues = ["film", "grain"] });
        var problems = new List<ManifestProblem>();
        var resolver = new ComponentResolver(CatalogOf(factory), Path.GetTempPath(), problems);
        using var good = System.Text.Json.JsonDocument.Parse("""{ "tune": "film" }""");
        using var bad = System.Text.Json.JsonDocument.Parse("""{ "tune": "anime", "gop": 0 }""");

        var spec = resolver.Resolve("acme", good.RootElement, "$.encoders[0]", ComponentKind.Encoder);
        var refused = resolver.Resolve("acme", bad.RootElement, "$.encoders[1]", ComponentKind.Encoder);

        Assert.NotNull(spec);
        Assert.Equal(30L, spec.Options.GetInt64("gop"));
        Assert.Equal("film", spec.Options.GetString("tune"));
        Assert.Null(refused);
        Assert.Equal(["$.encoders[1].options.gop", "$.encoders[1].options.tune"], problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        _ = factory.DidNotReceiveWithAnyArgs().Create(default!, default!);
    }

    [Fact]
    public void Descriptor_rules_catch_a_kind_that_does_not_match_the_factory_interface()
    {
        var factory = Substitute.For<IClockFactory>();
        factory.Descriptor.Returns(new ComponentDescriptor("liar", ComponentKind.Encoder, "Liar", "Says it is an encoder."));

        var problem = Assert.Single(DescriptorRules.Check(factory));

        Assert.Contains("descriptor says kind Encoder", problem, StringComparison.Ordinal);
    }
}
