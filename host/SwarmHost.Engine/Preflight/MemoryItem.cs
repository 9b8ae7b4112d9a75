namespace SwarmHost.Preflight;

/// <summary>One term of a memory estimate: what holds the memory, how much, and how it was worked out.</summary>
/// <param name="Name">What holds it, e.g. "encoder 'hq' (libx264 medium)".</param>
/// <param name="Bytes">The bytes counted.</param>
/// <param name="Formula">How <paramref name="Bytes"/> was computed, e.g. "52 frames × 3.5 × 1.4 MB".</param>
public sealed record MemoryItem(string Name, long Bytes, string Formula);
