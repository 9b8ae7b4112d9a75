using Microsoft.Extensions.Logging;

namespace SwarmHost.Plugins;

/// <summary>
/// Walks the plugin roots and turns every package folder into catalog rows: version gate from
/// metadata first, then an isolated load, then component scanning. Nothing a package does in
/// managed code escapes this class: every failure becomes a Malfunctioned row.
/// </summary>
/// <param name="services">Host services handed to factory constructors.</param>
/// <param name="logger">Where discovery logs each package's outcome.</param>
public sealed partial class PluginDiscovery(IServiceProvider services, ILogger<PluginDiscovery> logger)
{
    /// <summary>The file whose presence in a package folder disables the package; its first line, if any, is the reason shown.</summary>
    public const string DisabledMarker = ".disabled";

    /// <summary>Discovers every package under <paramref name="roots"/> (each searched one level deep).</summary>
    /// <param name="roots">Plugin roots; they are the only places anything is loaded from.</param>
    public PluginCatalog Discover(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var searched = new List<string>();
        var missing = new List<string>();
        var records = new List<ComponentRecord>();
        foreach (var root in roots.Select(PluginPaths.Canonical).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(root))
            {
                missing.Add(root);
                LogMissingRoot(root);
                continue;
            }

            searched.Add(root);
            foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                records.AddRange(DiscoverPackage(root, folder));
            }
        }

        var resolved = ComponentIdConflicts.Resolve(records);
        foreach (var record in resolved)
        {
            LogPackage(record.Package, record.Id ?? "-", record.Status, record.Reason ?? "ok");
        }

        return new PluginCatalog(searched, resolved, missing);
    }

    /// <summary>
    /// Loads only the package folders named in <paramref name="packages"/>, each of which must lie in
    /// one of <paramref name="roots"/> (as an encoder lane process does: it loads its encoder's
    /// packages and nothing else).
    /// </summary>
    /// <exception cref="ArgumentException">A folder is in none of the roots.</exception>
    public PluginCatalog DiscoverPackages(IReadOnlyList<string> roots, IReadOnlyList<string> packages)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(packages);
        var canonicalRoots = roots.Select(PluginPaths.Canonical).Distinct(StringComparer.Ordinal).ToList();
        var records = new List<ComponentRecord>();
        foreach (var folder in packages.Distinct(StringComparer.Ordinal))
        {
            var root = canonicalRoots.FirstOrDefault(r => PluginPaths.IsUnder(folder, r) && string.Equals(PluginPaths.Canonical(Path.GetDirectoryName(Path.GetFullPath(folder))!), r, StringComparison.Ordinal))
                ?? throw new ArgumentException($"package folder {folder} is not a package of the plugin roots {string.Join(", ", canonicalRoots)}", nameof(packages));
            records.AddRange(DiscoverPackage(root, folder));
        }

        return new PluginCatalog(canonicalRoots, ComponentIdConflicts.Resolve(records), []);
    }

    private List<ComponentRecord> DiscoverPackage(string root, string folder)
    {
        var package = Path.GetFileName(folder);
        var dll = Path.Combine(folder, package + ".dll");
        ComponentRecord Fail(PackageStatus status, string reason, string file, Version? contract = null) =>
            new(package, status, reason, file, contract, null);

        if (!PluginPaths.IsUnder(folder, root))
        {
            return [Fail(PackageStatus.Malfunctioned, $"folder resolves to {PluginPaths.Canonical(folder)}, outside the plugin root {root}; move the package into the root instead of linking to it", folder)];
        }

        var marker = Path.Combine(folder, DisabledMarker);
        if (File.Exists(marker))
        {
            var why = File.ReadLines(marker).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
            return [Fail(PackageStatus.Disabled, $"disabled by {marker}{(why is null ? "" : ": " + why)}; delete that file to enable it", folder)];
        }

        if (!File.Exists(dll))
        {
            return [Fail(PackageStatus.Malfunctioned, $"no loadable {package}.dll in the folder; a package folder <name>/ must hold <name>.dll", folder)];
        }

        if (!PluginPaths.IsUnder(dll, root))
        {
            return [Fail(PackageStatus.Malfunctioned, $"{package}.dll resolves to {PluginPaths.Canonical(dll)}, outside the plugin root {root}; copy the file instead of linking to it", dll)];
        }

        if (ContractVersionGate.Check(dll, out var contract) is { } refusal)
        {
            return [Fail(refusal.Status, refusal.Reason, dll, contract)];
        }

        IReadOnlyList<ComponentScanner.Outcome> outcomes;
        try
        {
            outcomes = ComponentScanner.Scan(PluginPackageLoader.Load(dll), services);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [Fail(PackageStatus.Malfunctioned, FailureReasons.Describe(ex, "loading the package"), dll, contract)];
        }

        if (outcomes.Count == 0)
        {
            return [Fail(PackageStatus.Malfunctioned, "no public component factory found; implement IEncoderFactory, IAnalyzerFactory, ICombinerFactory or IClockFactory in a public class", dll, contract)];
        }

        return outcomes.Select(o => ToRecord(package, dll, contract, o)).ToList();
    }

    private static ComponentRecord ToRecord(string package, string dll, Version? contract, ComponentScanner.Outcome outcome)
    {
        if (outcome.Factory is null)
        {
            return new(package, PackageStatus.Malfunctioned, $"{outcome.Type.Name}: {FailureReasons.Describe(outcome.Failure!, "constructing the factory")}", dll, contract, null);
        }

        var problems = DescriptorRules.Check(outcome.Factory);
        return problems.Count == 0
            ? new(package, PackageStatus.Active, null, dll, contract, outcome.Factory)
            : new(package, PackageStatus.Malfunctioned, $"bad descriptor in {outcome.Type.Name}: {string.Join("; ", problems)}", dll, contract, outcome.Factory);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin root {Root} does not exist")]
    private partial void LogMissingRoot(string root);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Package {Package} component {Id}: {Status} ({Reason})")]
    private partial void LogPackage(string package, string id, PackageStatus status, string reason);
}
