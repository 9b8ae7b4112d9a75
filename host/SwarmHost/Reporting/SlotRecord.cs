namespace SwarmHost.Reporting;

/// <summary>One closed frame slot as a <c>weights</c> event recorded it.</summary>
/// <param name="Sequence">The slot's sequence number.</param>
/// <param name="ElapsedMs">When it closed, ms since the run started.</param>
/// <param name="Complexity">Content complexity, 0..1.</param>
/// <param name="Content">Every analyzer metric of the slot (e.g. <c>motionMean</c>, <c>ti</c>, <c>contentType.sports</c>).</param>
/// <param name="Weights">Normalised weight per live encoder.</param>
/// <param name="Leader">The encoder leading by weight.</param>
public sealed record SlotRecord(long Sequence, double ElapsedMs, double Complexity, IReadOnlyDictionary<string, double> Content, IReadOnlyDictionary<string, double> Weights, string? Leader);
