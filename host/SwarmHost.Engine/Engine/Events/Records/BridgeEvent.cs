using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>bridge</c> event: the output broke at this frame (the encoder it followed missed it or failed), and the host bridges it with its own encoder until the handover.</summary>
/// <param name="Broken">The encoder the output followed.</param>
/// <param name="To">The encoder the output moves to after the bridge.</param>
/// <param name="Until">The frame the handover is planned at (every encoder asked for a keyframe there): the bridge covers the frames before it.</param>
/// <param name="Component">The bridge encoder's component.</param>
/// <param name="Problem">Why the break could not be bridged, or <c>null</c>.</param>
internal sealed record BridgeEvent(string? Broken, string? To, long? Until, string? Component, string? Problem) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "bridge";
}
