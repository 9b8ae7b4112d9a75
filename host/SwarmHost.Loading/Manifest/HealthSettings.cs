namespace SwarmHost.Manifest;

/// <summary>The manifest's health section: how the swarm watches its encoders. <c>null</c> values are worked out at run time from the profile and the encoders.</summary>
/// <param name="LatencyBudgetMs">Latency budget in ms, or <c>null</c> for the largest encoder delay, at least 500 ms.</param>
/// <param name="HangTimeoutMs">How long an encoder call may take before it counts as a hang, or <c>null</c> for two frame intervals (at least 100 ms).</param>
/// <param name="RejoinAfterFrames">Frames between a failure and a fresh instance joining, or <c>null</c> for two GOPs; 0 never rejoins.</param>
/// <param name="VerifyOutput">Decode and check every encoder's output on its worker.</param>
/// <param name="FailAfterMisses">Consecutive missing, late or bad units that fail an encoder, or <c>null</c> for one GOP.</param>
public sealed record HealthSettings(double? LatencyBudgetMs, double? HangTimeoutMs, int? RejoinAfterFrames, bool VerifyOutput, int? FailAfterMisses)
{
    /// <summary>Everything worked out at run time; output verified.</summary>
    public static HealthSettings Default { get; } = new(null, null, null, true, null);

    /// <summary>With verification: SSIM (of encoders' units and of the output) on every n-th frame; PSNR is measured on every frame. 0 never.</summary>
    public int SsimEvery { get; init; } = 1;

    /// <summary>For encoders on cluster nodes: how long a call may take before it counts as a hang (ms), or <c>null</c> for <see cref="DefaultRemoteHangTimeoutMs"/>, never below the local limit. A remote call's picture and unit cross the network and two processes of a machine other runs may share.</summary>
    public double? RemoteHangTimeoutMs { get; init; }

    /// <summary>The remote hang limit when the manifest gives none, ms.</summary>
    public const double DefaultRemoteHangTimeoutMs = 2000;

    /// <summary>The fewest live encoders the swarm runs with, or <c>null</c> for every encoder of the manifest: fewer at start-up refuses the start (exit 2); fewer at the end, after the rejoin attempts, fails the run (exit 1).</summary>
    public int? MinEncoders { get; init; }
}
