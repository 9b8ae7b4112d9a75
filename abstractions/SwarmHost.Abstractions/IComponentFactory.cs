namespace SwarmHost.Abstractions;

/// <summary>
/// A component: a factory the host discovers in a plugin package and asks for instances. One
/// factory can create any number of independent instances (three encoders from one <c>ffmpeg</c>
/// component, or a fresh instance to replace a failed one).
/// </summary>
/// <remarks>
/// Implementations must be public, non-abstract classes with a public constructor that takes no
/// arguments or only services the host registers (<c>ILoggerFactory</c>). The constructor must be
/// cheap and must not touch hardware or the network: the host constructs every factory just to
/// list and inspect it. A constructor that throws marks the component Malfunctioned; the host and
/// other components carry on. Factories are singletons and may be called from any thread.
/// Implement one of the kind-specific interfaces (<see cref="IEncoderFactory"/>,
/// <see cref="IAnalyzerFactory"/>, <see cref="ICombinerFactory"/>, <see cref="IClockFactory"/>),
/// not this one directly.
/// </remarks>
public interface IComponentFactory
{
    /// <summary>The component's descriptor; must return the same value on every call.</summary>
    ComponentDescriptor Descriptor { get; }
}
