using System.Text.Json.Serialization;
using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>encoder-state</c> event: an encoder instance changed state (Joining, Active, Degraded, Failed).</summary>
/// <param name="Encoder">The encoder.</param>
/// <param name="Instance">Its instance (1, +1 per rejoin).</param>
/// <param name="From">The state before, or <c>null</c> for an instance that is just starting (not written then).</param>
/// <param name="State">The state now.</param>
/// <param name="Reason">Why.</param>
/// <param name="Pid">The lane's process id, for an encoder in a process lane on this machine (not written otherwise).</param>
/// <param name="Node">The cluster node it runs on, for an encoder placed on a node (not written otherwise).</param>
internal sealed record EncoderStateEvent(
    string Encoder,
    int Instance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? From,
    string State,
    string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Pid = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Node = null) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "encoder-state";
}
