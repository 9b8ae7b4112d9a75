namespace SwarmHost.Feedback;

/// <summary>How well the weighting kept the lead away from encoders in trouble.</summary>
/// <param name="Policy">The weighting policy.</param>
/// <param name="MissedDeadlines">Slots whose unit from the encoder leading by weight (the one the policy relied on) was late, bad or missing.</param>
/// <param name="QualityBreaches">Slots whose unit from the leading encoder was below the quality floor.</param>
/// <param name="PolicyHandovers">Times the lead by weight moved to another encoder.</param>
/// <param name="Episodes">Stretches of trouble of encoders that led shortly before; see <see cref="HandoverEpisode"/>.</param>
/// <param name="HandedOverBefore">Of those, how many had lost the lead before the trouble began.</param>
/// <param name="MedianLeadFrames">Median lead time of those handed over before, frames (NaN when none).</param>
public sealed record PredictionSummary(string Policy, long MissedDeadlines, long QualityBreaches, long PolicyHandovers, IReadOnlyList<HandoverEpisode> Episodes, int HandedOverBefore, double MedianLeadFrames);
