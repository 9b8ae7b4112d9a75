namespace SwarmHost.Abstractions;

/// <summary>
/// One row of a component's options table: enough for <c>swarmhost inspect</c> to document the
/// option and for <c>swarmhost validate</c> to check a manifest before anything starts.
/// </summary>
/// <remarks>
/// Defaults are typed as the option is: <see cref="long"/> for <see cref="OptionType.Integer"/>,
/// <see cref="double"/> for <see cref="OptionType.Number"/>, <see cref="bool"/> for
/// <see cref="OptionType.Boolean"/>, <see cref="string"/> for string-like types, <c>null</c> when
/// the option has no default. The host rejects a descriptor whose default does not satisfy its own
/// type, range or allowed values (the package is then reported as Malfunctioned).
/// </remarks>
public sealed record OptionDescriptor
{
    /// <summary>Creates an option row.</summary>
    /// <param name="name">The option name as written in the manifest (camelCase by convention).</param>
    /// <param name="type">The option's type.</param>
    /// <param name="help">One or two sentences saying what the option does, shown by <c>swarmhost inspect</c>.</param>
    public OptionDescriptor(string name, OptionType type, string help)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(help);
        Name = name;
        Type = type;
        Help = help;
    }

    /// <summary>The option name as written in the manifest.</summary>
    public string Name { get; }

    /// <summary>The option's type.</summary>
    public OptionType Type { get; }

    /// <summary>What the option does.</summary>
    public string Help { get; }

    /// <summary>The value used when the manifest omits the option; <c>null</c> for none.</summary>
    public object? Default { get; init; }

    /// <summary>Whether the manifest must give the option (an option with a default is never required).</summary>
    public bool Required { get; init; }

    /// <summary>Inclusive lower bound for <see cref="OptionType.Integer"/> and <see cref="OptionType.Number"/>.</summary>
    public double? Minimum { get; init; }

    /// <summary>Inclusive upper bound for <see cref="OptionType.Integer"/> and <see cref="OptionType.Number"/>.</summary>
    public double? Maximum { get; init; }

    /// <summary>The values an <see cref="OptionType.Enum"/> option accepts (case-sensitive).</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>For <see cref="OptionType.Component"/>: the kind the nested component must be.</summary>
    public ComponentKind? ComponentKind { get; init; }

    /// <summary>
    /// For a string or enum option: the values whose effect ends or freezes the whole process the
    /// component runs in (a fault injector's native faults). The host warns when such a component
    /// runs in the host's own process rather than in a process lane. <c>null</c>: none.
    /// </summary>
    public IReadOnlyList<string>? ProcessFatalValues { get; init; }

    /// <summary>
    /// For a string or enum option: the values that take memory without bound until the process is
    /// killed. The host refuses such a component unless it runs in a process lane with a memory
    /// limit. <c>null</c>: none.
    /// </summary>
    public IReadOnlyList<string>? UnboundedMemoryValues { get; init; }
}
