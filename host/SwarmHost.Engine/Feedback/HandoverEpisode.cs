namespace SwarmHost.Feedback;

/// <summary>
/// One stretch of trouble of one encoder — deadline misses or quality breaches less than a GOP
/// apart — and whether the weighting had already taken the lead away from it.
/// </summary>
/// <param name="Encoder">The encoder's instance id.</param>
/// <param name="Kind"><c>deadline</c> (late, bad or missing units) or <c>quality</c> (PSNR below the floor).</param>
/// <param name="Sequence">The first slot of the stretch.</param>
/// <param name="Slots">Slots of the stretch with a miss or breach.</param>
/// <param name="WasLeading">Whether it held the lead at some point within two horizons before the stretch (otherwise nobody relied on it).</param>
/// <param name="LeadFrames">Lead time: frames from the last slot it led to its first miss or breach (1 = the lead moved away just in time); <c>null</c> when it still led when trouble began (the handover came after, or never).</param>
public sealed record HandoverEpisode(string Encoder, string Kind, long Sequence, int Slots, bool WasLeading, int? LeadFrames);
