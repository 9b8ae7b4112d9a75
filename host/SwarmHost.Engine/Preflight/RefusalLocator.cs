using System.Text.Json;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Preflight;

/// <summary>
/// Finds which option made a component refuse to open, so the refusal is reported at that option's
/// JSON path (<c>$.encoders[1].options.preset</c>). It opens the component again with one option at
/// a time put back to its default (one entry of a map option left out; a wrapped component's
/// options searched the same way): an option whose change lets the component open is the one
/// refused. When no single change helps, the refusal stays on the component's <c>options</c>.
/// </summary>
/// <param name="activator">Used for the components' descriptors (option defaults).</param>
public sealed class RefusalLocator(ComponentActivator activator)
{
    /// <summary>Locates the refusal <paramref name="message"/> of <paramref name="spec"/> declared at <paramref name="path"/>.</summary>
    /// <param name="spec">The component as the manifest gives it.</param>
    /// <param name="path">JSON path of the component object, e.g. <c>$.encoders[1]</c>.</param>
    /// <param name="message">What the component said when it refused.</param>
    /// <param name="open">Creates, opens and disposes an instance of a spec; returns <c>null</c> when it opened, else the refusal.</param>
    public ManifestProblem Locate(ComponentSpec spec, string path, string message, Func<ComponentSpec, string?> open)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(open);
        var hint = $"refused when the component opened; `swarmhost inspect {spec.Plugin}` lists its options";
        var culprits = Variants(spec, path).Where(v => open(v.Spec) is null).ToList();
        return culprits.Count switch
        {
            1 => new(culprits[0].Path, $"{culprits[0].Value} is refused: {message}", hint),
            > 1 => new(JsonPaths.Property(path, "options"), $"{message} (refused together: {string.Join(", ", culprits.Select(c => c.Path))}; changing any one of them lets it open)", hint),
            _ => new(spec.Options.Count > 0 ? JsonPaths.Property(path, "options") : path, message, hint),
        };
    }

    /// <summary>Every spec that differs from <paramref name="spec"/> in one value the manifest set, with that value's path.</summary>
    private IEnumerable<(ComponentSpec Spec, string Path, string Value)> Variants(ComponentSpec spec, string path)
    {
        ComponentDescriptor descriptor;
        try
        {
            descriptor = activator.Describe(spec.Plugin);
        }
        catch (KeyNotFoundException)
        {
            yield break;
        }

        var optionsPath = JsonPaths.Property(path, "options");
        foreach (var option in descriptor.Options)
        {
            if (!spec.Options.TryGetValue(option.Name, out var value) || Equals(value, option.Default))
            {
                continue;
            }

            var optionPath = JsonPaths.Property(optionsPath, option.Name);
            switch (value)
            {
                case ComponentSpec inner:
                    foreach (var variant in Variants(inner, optionPath))
                    {
                        yield return (With(spec, option.Name, variant.Spec), variant.Path, variant.Value);
                    }

                    break;
                case IReadOnlyDictionary<string, object?> map:
                    foreach (var key in map.Keys)
                    {
                        var rest = map.Where(p => p.Key != key).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                        yield return (With(spec, option.Name, rest), JsonPaths.Property(optionPath, key), Show(map[key]));
                    }

                    break;
                default:
                    yield return (With(spec, option.Name, option.Default), optionPath, Show(value));
                    break;
            }
        }
    }

    private static ComponentSpec With(ComponentSpec spec, string name, object? value)
    {
        var values = spec.Options.Where(p => p.Key != name).ToList();
        if (value is not null)
        {
            values.Add(new(name, value));
        }

        return spec with { Options = new ComponentOptions(values) };
    }

    private static string Show(object? value) => value is string or long or double or bool ? JsonSerializer.Serialize(value) : "the value";
}
