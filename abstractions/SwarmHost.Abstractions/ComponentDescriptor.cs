namespace SwarmHost.Abstractions;

/// <summary>
/// Everything the host knows about a component before creating an instance of it: identity,
/// documentation, capabilities and the options table.
/// </summary>
/// <remarks>
/// The host validates a descriptor when it loads the package: <see cref="Id"/> must be lowercase
/// kebab-case (<c>^[a-z][a-z0-9]*(-[a-z0-9]+)*$</c>) and unique across all packages, option names
/// unique, and every default valid for its option. A descriptor that fails these checks marks the
/// component Malfunctioned; other components keep working.
/// </remarks>
public sealed record ComponentDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="id">The id manifests use to name the component, e.g. <c>ffmpeg</c>, <c>system</c>.</param>
    /// <param name="kind">What the component is.</param>
    /// <param name="longName">A human-readable name, e.g. "System clock".</param>
    /// <param name="description">What the component does, in one or two sentences.</param>
    public ComponentDescriptor(string id, ComponentKind kind, string longName, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(longName);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Id = id;
        Kind = kind;
        LongName = longName;
        Description = description;
    }

    /// <summary>The id manifests use to name the component (lowercase kebab-case, unique across packages).</summary>
    public string Id { get; }

    /// <summary>What the component is.</summary>
    public ComponentKind Kind { get; }

    /// <summary>A human-readable name.</summary>
    public string LongName { get; }

    /// <summary>What the component does.</summary>
    public string Description { get; }

    /// <summary>Who wrote it (name and contact).</summary>
    public string Author { get; init; } = "unknown";

    /// <summary>The component's own version (not the contract's).</summary>
    public string Version { get; init; } = "0.0.0";

    /// <summary>The licence, as an SPDX identifier where possible.</summary>
    public string License { get; init; } = "proprietary";

    /// <summary>How strongly it is preferred when not named explicitly.</summary>
    public ComponentRank Rank { get; init; } = ComponentRank.Secondary;

    /// <summary>What it can do.</summary>
    public ComponentCapabilities Capabilities { get; init; } = ComponentCapabilities.None;

    /// <summary>The options it accepts; empty when it takes none.</summary>
    public IReadOnlyList<OptionDescriptor> Options { get; init; } = [];
}
