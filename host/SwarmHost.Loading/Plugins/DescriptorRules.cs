using System.Text.RegularExpressions;
using SwarmHost.Abstractions;

namespace SwarmHost.Plugins;

/// <summary>The rules a component descriptor must satisfy before the host accepts the component.</summary>
public static partial class DescriptorRules
{
    /// <summary>Lists every problem with <paramref name="factory"/>'s descriptor; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Check(IComponentFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var problems = new List<string>();
        var descriptor = factory.Descriptor;
        if (descriptor is null)
        {
            return ["Descriptor is null"];
        }

        if (!ComponentId().IsMatch(descriptor.Id))
        {
            problems.Add($"id '{descriptor.Id}' is not lowercase kebab-case (e.g. 'my-encoder')");
        }

        var expectedKind = KindOf(factory);
        if (expectedKind is null)
        {
            problems.Add($"{factory.GetType().Name} implements none of IEncoderFactory, IAnalyzerFactory, ICombinerFactory, IClockFactory");
        }
        else if (expectedKind != descriptor.Kind)
        {
            problems.Add($"descriptor says kind {descriptor.Kind} but {factory.GetType().Name} is a {expectedKind} factory");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in descriptor.Options ?? [])
        {
            if (!seen.Add(option.Name))
            {
                problems.Add($"option '{option.Name}' is declared twice");
            }

            if (option.Default is not null && OptionValues.Check(option, option.Default) is { } bad)
            {
                problems.Add($"default of option '{option.Name}' is invalid: {bad}");
            }

            if (option.Type == OptionType.Enum && (option.AllowedValues is null || option.AllowedValues.Count == 0))
            {
                problems.Add($"enum option '{option.Name}' lists no allowed values");
            }
        }

        return problems;
    }

    /// <summary>The kind implied by the factory interface <paramref name="factory"/> implements, or <c>null</c>.</summary>
    public static ComponentKind? KindOf(IComponentFactory factory) => factory switch
    {
        IEncoderFactory => ComponentKind.Encoder,
        IAnalyzerFactory => ComponentKind.Analyzer,
        ICombinerFactory => ComponentKind.Combiner,
        IClockFactory => ComponentKind.Clock,
        _ => null,
    };

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex ComponentId();
}
