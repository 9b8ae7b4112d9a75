namespace SwarmHost.Testing;

/// <summary>One row of <c>swarmhost plugins --json</c>: a component, or a package folder that failed to load.</summary>
/// <param name="Package">The package folder's name, e.g. <c>Acme.Encoder</c>.</param>
/// <param name="Id">The component id manifests use, or <c>null</c> for a package that failed before its components were known.</param>
/// <param name="Kind">The component kind (<c>encoder</c>, <c>analyzer</c>, <c>combiner</c>, <c>clock</c>), or <c>null</c>.</param>
/// <param name="Version">The component's own version, or <c>null</c>.</param>
/// <param name="Status"><c>Active</c>, <c>Disabled</c>, <c>NotSupported</c> or <c>Malfunctioned</c>.</param>
/// <param name="Reason">Why it is not <c>Active</c>, or <c>null</c>.</param>
/// <param name="File">The package's main assembly, or <c>null</c>.</param>
public sealed record PluginListing(string Package, string? Id, string? Kind, string? Version, string Status, string? Reason, string? File)
{
    /// <summary>Whether the host loaded it and a manifest can name it.</summary>
    public bool IsActive => Status == "Active";
}
