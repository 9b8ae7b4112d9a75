using SwarmHost.Manifest;

namespace SwarmHost.Preflight;

/// <summary>Compares a configuration's memory estimate with what the process may use; <c>validate</c> and <c>run</c> refuse alike.</summary>
/// <param name="Estimate">What the configuration needs at most.</param>
/// <param name="Limit">What it may use.</param>
public sealed record MemoryCheck(MemoryEstimate Estimate, MemoryLimit Limit)
{
    /// <summary>Estimates <paramref name="targets"/> against the current limit of this process.</summary>
    public static MemoryCheck Of(PreflightTargets targets) => new(MemoryEstimator.Estimate(targets), MemoryLimit.Read());

    /// <summary>Whether the estimate fits within the limit.</summary>
    public bool Fits => Estimate.TotalBytes <= Limit.LimitBytes;

    /// <summary>One line for <c>validate</c>'s output, e.g. "memory: about 310 MB of 22.1 GB available".</summary>
    public string Summary =>
        $"memory: about {ByteSize.Format(Estimate.TotalBytes)} of {ByteSize.Format(Limit.AvailableBytes)} available ({Limit.Source}; at most {ByteSize.Format(Limit.LimitBytes)} is planned for, the rest is margin)";

    /// <summary>The refusal when the estimate does not fit (at <c>$.profile</c>, whose size drives it), or <c>null</c>.</summary>
    public ManifestProblem? Problem => Fits ? null : new ManifestProblem(
        "$.profile",
        $"this swarm needs about {ByteSize.Format(Estimate.TotalBytes)} of memory, more than the {ByteSize.Format(Limit.LimitBytes)} it may use " +
        $"({ByteSize.Format(Limit.AvailableBytes)} available by {Limit.Source}, less a margin); largest terms: {string.Join("; ", Estimate.Breakdown().Take(3))}",
        "use a smaller picture, fewer encoders, faster presets or no live timing, or free memory; docs/resources.md gives the estimate's formula");
}
