using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>handover</c> event: the output's source encoder changed.</summary>
/// <param name="From">The previous encoder.</param>
/// <param name="To">The new one.</param>
internal sealed record HandoverEvent(string From, string To) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "handover";
}
