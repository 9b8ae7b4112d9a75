namespace SwarmHost.Plugins;

/// <summary>
/// Finds component ids claimed by more than one package and takes every claimant out of use:
/// neither the first found nor any other silently wins (a copy in a folder that sorts earlier must
/// not shadow the genuine package). Each claimant's row says which folders claim the id.
/// </summary>
public static class ComponentIdConflicts
{
    /// <summary>
    /// The rows with every Active row whose id another Active row (of another package folder, or the
    /// same) also claims turned Malfunctioned, in the original order.
    /// </summary>
    public static IReadOnlyList<ComponentRecord> Resolve(IReadOnlyList<ComponentRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var claims = records
            .Where(r => r.Status == PackageStatus.Active && r.Id is not null)
            .GroupBy(r => r.Id!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(r => Folder(r)).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        if (claims.Count == 0)
        {
            return records;
        }

        return records.Select(r => r.Status == PackageStatus.Active && r.Id is { } id && claims.TryGetValue(id, out var folders)
            ? r with
            {
                Status = PackageStatus.Malfunctioned,
                Reason = $"component id '{id}' is claimed by {(folders.Count > 1 ? $"{folders.Count} packages" : "two components of one package")}: {string.Join(" and ", folders)}; " +
                         $"neither is used. Remove the package that should not provide '{id}', or disable it with a {PluginDiscovery.DisabledMarker} file in its folder",
            }
            : r).ToList();
    }

    private static string Folder(ComponentRecord record) =>
        Path.GetDirectoryName(record.File) is { Length: > 0 } folder && record.File.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? folder : record.File;
}
