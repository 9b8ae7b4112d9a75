namespace SwarmHost.Manifest;

/// <summary>
/// What the command line allows a manifest beyond the defaults: plugin roots outside the
/// manifest's folder (a manifest alone may only name folders inside its own folder or the
/// installation's plugins), and filters a <c>lavfi:</c> source may use beyond the default list.
/// </summary>
/// <param name="PluginRoots">Folders (absolute) a manifest's <c>plugins</c> may name, with everything under them (<c>--allow-plugin-root</c>).</param>
/// <param name="Filters">Filter names a <c>lavfi:</c> graph may use beyond the default list (<c>--allow-filter</c>).</param>
public sealed record ManifestAllowances(IReadOnlyList<string> PluginRoots, IReadOnlyCollection<string> Filters)
{
    /// <summary>Nothing beyond the defaults.</summary>
    public static ManifestAllowances None { get; } = new([], []);
}
