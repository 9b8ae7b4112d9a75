namespace SwarmHost.Feedback;

/// <summary>The per-GOP oracle: each GOP taken whole from the encoder that, with hindsight, delivered it completely at the best mean quality.</summary>
/// <param name="Quality">The quality of the GOPs so chosen.</param>
/// <param name="MissedDeadlines">Slots the chosen encoder did not deliver (only when no encoder delivered its GOP completely).</param>
public sealed record OracleReference(QualityFigures Quality, long MissedDeadlines);
