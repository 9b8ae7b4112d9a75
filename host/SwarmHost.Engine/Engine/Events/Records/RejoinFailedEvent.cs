using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>rejoin-failed</c> event: a fresh instance of a failed encoder could not open; it is retried with back-off.</summary>
/// <param name="Encoder">The encoder.</param>
/// <param name="Instance">The instance that failed to open.</param>
/// <param name="Attempts">Failed opens so far.</param>
/// <param name="Reason">Why.</param>
/// <param name="RetryInFrames">Frames until the next attempt.</param>
internal sealed record RejoinFailedEvent(string Encoder, int Instance, int Attempts, string Reason, long RetryInFrames) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "rejoin-failed";
}
