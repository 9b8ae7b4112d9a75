namespace SwarmHost.Reporting;

/// <summary>Something that happened at a slot and is marked on the plots and listed in the report: a handover, a health change, a stall, a clock change.</summary>
/// <param name="Sequence">The slot it concerns.</param>
/// <param name="ElapsedMs">When it happened, ms since the run started.</param>
/// <param name="Kind">The event type (<c>handover</c>, <c>encoder-state</c>, <c>lead-change</c>, <c>input-stalled</c>, <c>clock-state</c>, ...).</param>
/// <param name="Encoder">The encoder it concerns (the new leader for a handover), or <c>null</c>.</param>
/// <param name="State">For <c>encoder-state</c> and <c>clock-state</c>: the new state; otherwise <c>null</c>.</param>
/// <param name="Text">One line describing it.</param>
public sealed record RunMarker(long Sequence, double ElapsedMs, string Kind, string? Encoder, string? State, string Text);
