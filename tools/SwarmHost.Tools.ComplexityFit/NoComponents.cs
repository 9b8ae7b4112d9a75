using SwarmHost.Abstractions;

namespace SwarmHost.Tools.ComplexityFit;

/// <summary>The activator handed to the analyzer: it creates nothing (the complexity analyzer asks for no component).</summary>
internal sealed class NoComponents : IComponentActivator
{
    /// <inheritdoc />
    public IVideoEncoder CreateEncoder(ComponentSpec spec, string instanceId) => throw new NotSupportedException("the fit creates no encoder components");
}
