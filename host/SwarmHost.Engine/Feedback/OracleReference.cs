namespace SwarmHost.Feedback;

/// <summary>The per-GOP oracle: each GOP taken whole from the encoder that, with hindsight, delivered it completely at the best mean quality.</summary>
/// <param name="Quality">The quality of the GOPs so chosen.</param>
/// <param name="MissedDeadlines">Slots the chosen encoder did not deliver (only when no encoder delivered its GOP completely).</param>
/// <param name="OutputGops">GOPs of which the run's output took at least one slot from an encoder.</param>
/// <param name="TakenAsOracle">Of those, the GOPs whose slots the output took mostly from the encoder the oracle took the whole GOP from: how often the run, without hindsight, chose what hindsight would.</param>
public sealed record OracleReference(QualityFigures Quality, long MissedDeadlines, long OutputGops, long TakenAsOracle);
