using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>thread-abandoned</c> event: a hung encoder call's thread was given up on.</summary>
/// <param name="Encoder">The encoder.</param>
/// <param name="Instance">Its instance (1, +1 per rejoin).</param>
/// <param name="Note">What it means.</param>
internal sealed record ThreadAbandonedEvent(string Encoder, int Instance, string Note) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "thread-abandoned";
}
