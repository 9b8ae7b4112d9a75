using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;

namespace SwarmHost.Plugins;

/// <summary>Creates component instances from the catalog's active factories, each with its own context.</summary>
/// <param name="catalog">Where active components are looked up.</param>
/// <param name="loggers">Source of per-instance loggers (category <c>SwarmHost.Component.&lt;instance&gt;</c>).</param>
public sealed class ComponentActivator(PluginCatalog catalog, ILoggerFactory loggers) : IComponentActivator
{
    /// <inheritdoc />
    public IVideoEncoder CreateEncoder(ComponentSpec spec, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Factory<IEncoderFactory>(spec.Plugin, "encoder").Create(spec.Options, ContextFor(instanceId));
    }

    /// <summary>The plugin roots the components come from.</summary>
    public IReadOnlyList<string> Roots => catalog.Roots;

    /// <summary>
    /// The package folders <paramref name="spec"/> needs to be created elsewhere: its component's,
    /// and those of the components nested in its options (a wrapper's inner encoder), in that order.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A component is not active.</exception>
    public IReadOnlyList<string> PackagesFor(ComponentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var record = catalog.TryGetActive(spec.Plugin, out var found) ? found : throw new KeyNotFoundException($"No active component '{spec.Plugin}'; run `swarmhost plugins` to see what is installed.");
        IEnumerable<string> nested = spec.Options.Values.OfType<ComponentSpec>().SelectMany(PackagesFor);
        return [.. new[] { Path.GetDirectoryName(record.File)! }.Concat(nested).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The descriptor of the active component <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No active component has that id.</exception>
    public ComponentDescriptor Describe(string id) =>
        catalog.TryGetActive(id, out var record) ? record.Descriptor! : throw new KeyNotFoundException($"No active component '{id}'; run `swarmhost plugins` to see what is installed.");

    /// <summary>Creates an analyzer instance.</summary>
    public IContentAnalyzer CreateAnalyzer(ComponentSpec spec, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Factory<IAnalyzerFactory>(spec.Plugin, "analyzer").Create(spec.Options, ContextFor(instanceId));
    }

    /// <summary>Creates a combiner instance.</summary>
    public IOutputCombiner CreateCombiner(ComponentSpec spec, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Factory<ICombinerFactory>(spec.Plugin, "combiner").Create(spec.Options, ContextFor(instanceId));
    }

    /// <summary>Creates a clock instance.</summary>
    public IClock CreateClock(ComponentSpec spec, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Factory<IClockFactory>(spec.Plugin, "clock").Create(spec.Options, ContextFor(instanceId));
    }

    /// <summary>The context handed to an instance: its id, a logger named after it, and this activator.</summary>
    public ComponentContext ContextFor(string instanceId) =>
        new(instanceId, loggers.CreateLogger("SwarmHost.Component." + instanceId), this);

    private TFactory Factory<TFactory>(string id, string kind)
        where TFactory : class, IComponentFactory =>
        catalog.TryGetActive(id, out var record) && record.Factory is TFactory factory
            ? factory
            : throw new KeyNotFoundException($"No active {kind} component '{id}'; run `swarmhost plugins` to see what is installed.");
}
