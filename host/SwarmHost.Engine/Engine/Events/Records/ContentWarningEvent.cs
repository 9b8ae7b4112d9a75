using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>content-warning</c> event: the content reports lack something the weighting needs.</summary>
/// <param name="Message">What, and what to do.</param>
internal sealed record ContentWarningEvent(string Message) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "content-warning";
}
