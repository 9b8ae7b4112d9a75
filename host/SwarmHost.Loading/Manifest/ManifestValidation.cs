using SwarmHost.Plugins;

namespace SwarmHost.Manifest;

/// <summary>The outcome of validating a manifest: every problem found, and the typed manifest when there were none.</summary>
/// <param name="File">The manifest file as given.</param>
/// <param name="Problems">Every problem, in document order as far as possible; empty when valid.</param>
/// <param name="Manifest">The typed manifest, or <c>null</c> when there are problems.</param>
/// <param name="Catalog">The plugin catalog the components were resolved against, or <c>null</c> when the file could not be read.</param>
public sealed record ManifestValidation(string File, IReadOnlyList<ManifestProblem> Problems, SwarmManifest? Manifest, PluginCatalog? Catalog)
{
    /// <summary>Whether the manifest can be run.</summary>
    public bool IsValid => Problems.Count == 0 && Manifest is not null;

    /// <summary>What is allowed but risky (e.g. a fault that ends the whole process, in an encoder running in the host's): printed, never refused.</summary>
    public IReadOnlyList<ManifestProblem> Warnings { get; init; } = [];
}
