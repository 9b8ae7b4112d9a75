using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SwarmHost.Abstractions;

namespace SwarmHost.Plugins;

/// <summary>
/// Finds the component factories in a loaded package assembly (Scrutor assembly scanning) and
/// constructs each one on its own, so one factory that throws does not hide the others.
/// </summary>
public static class ComponentScanner
{
    /// <summary>One factory type's outcome: the instance, or the failure that prevented it.</summary>
    /// <param name="Type">The factory class.</param>
    /// <param name="Factory">The constructed factory, or <c>null</c> on failure.</param>
    /// <param name="Failure">The exception that prevented construction, or <c>null</c>.</param>
    public sealed record Outcome(Type Type, IComponentFactory? Factory, Exception? Failure);

    /// <summary>Scans <paramref name="assembly"/> for public component factories and constructs them.</summary>
    /// <param name="assembly">A package assembly loaded through <see cref="PluginPackageLoader"/>.</param>
    /// <param name="services">Host services a factory constructor may ask for (e.g. ILoggerFactory).</param>
    /// <exception cref="ReflectionTypeLoadException">The assembly's types cannot be listed (usually a missing dependency).</exception>
    public static IReadOnlyList<Outcome> Scan(Assembly assembly, IServiceProvider services)
    {
        var found = new ServiceCollection();
        found.Scan(scan => scan
            .FromAssemblies(assembly)
            .AddClasses(classes => classes.AssignableTo<IComponentFactory>())
            .As<IComponentFactory>()
            .WithSingletonLifetime());

        var outcomes = new List<Outcome>();
        foreach (var type in found.Select(d => d.ImplementationType).OfType<Type>().Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            try
            {
                var factory = (IComponentFactory)ActivatorUtilities.CreateInstance(services, type);
                _ = factory.Descriptor; // a descriptor that throws is the factory's failure, found here rather than later
                outcomes.Add(new Outcome(type, factory, null));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                outcomes.Add(new Outcome(type, null, ex is TargetInvocationException { InnerException: { } inner } ? inner : ex));
            }
        }

        return outcomes;
    }
}
