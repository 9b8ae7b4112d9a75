using SwarmHost.Manifest;

namespace SwarmHost.Preflight;

/// <summary>What opening every component found.</summary>
/// <param name="Problems">Every refusal, at the JSON path of what was refused.</param>
/// <param name="Opened">How many component instances opened (and were disposed again).</param>
/// <param name="Skipped">Components not opened, each with the reason (e.g. an encoder that alone would not fit in memory).</param>
public sealed record ProbeResult(IReadOnlyList<ManifestProblem> Problems, int Opened, IReadOnlyList<string> Skipped);
