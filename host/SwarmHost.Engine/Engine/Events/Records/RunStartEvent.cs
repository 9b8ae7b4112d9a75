using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>run-start</c> event: what the run reads, writes and schedules by, once every part is open.</summary>
/// <param name="Input">The input actually read.</param>
/// <param name="Source">The source's container, codec and size.</param>
/// <param name="Output">The output's description (path and container).</param>
/// <param name="Profile">The output profile, e.g. <c>h264 640x360 @ 30/1 gop 30</c>.</param>
/// <param name="Clock">The clock's source and state.</param>
/// <param name="FrameIntervalMs">The frame interval, ms.</param>
/// <param name="Gop">Frames per GOP.</param>
/// <param name="LatencyBudgetMs">The latency budget, ms.</param>
/// <param name="HangTimeoutMs">The hang limit, ms.</param>
/// <param name="Policy">The weighting policy.</param>
/// <param name="Encoders">Every encoder's session, by id.</param>
internal sealed record RunStartEvent(
    string Input,
    string Source,
    string Output,
    string Profile,
    string Clock,
    double FrameIntervalMs,
    int Gop,
    double LatencyBudgetMs,
    double HangTimeoutMs,
    string Policy,
    IReadOnlyDictionary<string, RunStartEncoder> Encoders) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "run-start";
}
