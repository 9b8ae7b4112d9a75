namespace SwarmHost.Abstractions;

/// <summary>
/// Lets a component create other components, e.g. a fault-injection encoder that wraps the encoder
/// named by one of its <see cref="OptionType.Component"/> options.
/// </summary>
/// <remarks>Thread-safe. Instances returned are owned by the caller, which must dispose them.</remarks>
public interface IComponentActivator
{
    /// <summary>Creates an encoder instance from a nested component specification.</summary>
    /// <param name="spec">The component to create and its options (already validated).</param>
    /// <param name="instanceId">The id the new instance reports in events and logs.</param>
    /// <exception cref="KeyNotFoundException">No active encoder component has <see cref="ComponentSpec.Plugin"/> as its id.</exception>
    IVideoEncoder CreateEncoder(ComponentSpec spec, string instanceId);
}
