using SwarmHost.Abstractions;

namespace SwarmHost.Plugins;

/// <summary>
/// One row of the plugin catalog: an active or failed component, or a package that yielded no
/// component at all (then <see cref="Id"/> is <c>null</c>).
/// </summary>
/// <param name="Package">The package folder name.</param>
/// <param name="Status">What became of it.</param>
/// <param name="Reason">One line saying why it is not Active (and what to do), or <c>null</c> when Active.</param>
/// <param name="File">The package dll (or folder, when there is no dll).</param>
/// <param name="ContractVersion">The contract version the package was built against, when it could be read.</param>
/// <param name="Factory">The component factory, when the component is Active or its descriptor could be read.</param>
public sealed record ComponentRecord(
    string Package,
    PackageStatus Status,
    string? Reason,
    string File,
    Version? ContractVersion,
    IComponentFactory? Factory)
{
    /// <summary>The component's descriptor, when it could be read.</summary>
    public ComponentDescriptor? Descriptor => Factory?.Descriptor;

    /// <summary>The component id, when its descriptor could be read.</summary>
    public string? Id => Descriptor?.Id;
}
