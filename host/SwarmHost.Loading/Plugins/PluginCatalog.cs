using SwarmHost.Abstractions;

namespace SwarmHost.Plugins;

/// <summary>
/// The outcome of plugin discovery: one row per component or failed package, in discovery order,
/// and lookup of active components by id.
/// </summary>
/// <remarks>Immutable once built; safe to share between threads.</remarks>
public sealed class PluginCatalog
{
    private readonly Dictionary<string, ComponentRecord> _active;

    /// <summary>Creates a catalog from discovery rows.</summary>
    /// <param name="roots">The plugin roots that were searched (canonical paths).</param>
    /// <param name="records">The rows; at most one Active row per component id.</param>
    /// <param name="missingRoots">Roots that were asked for but do not exist.</param>
    public PluginCatalog(IReadOnlyList<string> roots, IReadOnlyList<ComponentRecord> records, IReadOnlyList<string> missingRoots)
    {
        Roots = roots;
        Records = records;
        MissingRoots = missingRoots;
        _active = records
            .Where(r => r.Status == PackageStatus.Active && r.Id is not null)
            .ToDictionary(r => r.Id!, StringComparer.Ordinal);
    }

    /// <summary>The plugin roots that were searched.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>Every row, in discovery order.</summary>
    public IReadOnlyList<ComponentRecord> Records { get; }

    /// <summary>Roots that were asked for but do not exist.</summary>
    public IReadOnlyList<string> MissingRoots { get; }

    /// <summary>The ids of all active components.</summary>
    public IEnumerable<string> ActiveIds => _active.Keys;

    /// <summary>Finds an active component by id.</summary>
    public bool TryGetActive(string id, out ComponentRecord record) => _active.TryGetValue(id, out record!);

    /// <summary>Finds the row of a component by id whatever its status (the active one first).</summary>
    public ComponentRecord? Find(string id) =>
        _active.TryGetValue(id, out var active) ? active : Records.FirstOrDefault(r => r.Id == id);

    /// <summary>
    /// The component a manifest slot of <paramref name="kind"/> gets when it names none — the one
    /// place a default is chosen: of the active components of that kind that run without options
    /// (no required option), the one with the highest <see cref="ComponentRank"/> above
    /// <see cref="ComponentRank.None"/>, ties broken by id (ordinal); <c>null</c> when there is none.
    /// </summary>
    public string? DefaultFor(ComponentKind kind) => Ranked(kind).FirstOrDefault()?.Id;

    /// <summary>Every active <see cref="ComponentRank.Primary"/> component of <paramref name="kind"/> that runs without options, by id: the default set where a command takes several (the analysis of <c>analyze</c> and <c>bench analyzers</c>).</summary>
    public IReadOnlyList<string> PrimaryOf(ComponentKind kind) =>
        [.. Ranked(kind).Where(r => r.Descriptor!.Rank == ComponentRank.Primary).Select(r => r.Id!)];

    /// <summary>The active id closest to <paramref name="id"/> (edit distance), restricted to <paramref name="kind"/> when given; <c>null</c> when nothing is reasonably close.</summary>
    public string? Closest(string id, ComponentKind? kind = null) =>
        ClosestName.Find(id, _active.Values.Where(r => kind is null || r.Descriptor!.Kind == kind).Select(r => r.Id!));

    private IEnumerable<ComponentRecord> Ranked(ComponentKind kind) =>
        _active.Values
            .Where(r => r.Descriptor!.Kind == kind && r.Descriptor.Rank > ComponentRank.None && !r.Descriptor.Options.Any(o => o.Required))
            .OrderByDescending(r => r.Descriptor!.Rank)
            .ThenBy(r => r.Id, StringComparer.Ordinal);
}
