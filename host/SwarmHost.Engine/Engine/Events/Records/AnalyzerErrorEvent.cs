using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>analyzer-error</c> event: an analyzer threw on a frame; that frame lacks its metrics.</summary>
/// <param name="Analyzer">The analyzer instance.</param>
/// <param name="Message">What it threw.</param>
/// <param name="Note">What it means for the run.</param>
internal sealed record AnalyzerErrorEvent(string Analyzer, string Message, string Note) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "analyzer-error";
}
