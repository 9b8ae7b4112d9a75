namespace SwarmHost.Bench;

/// <summary>One variant of <c>bench swarm</c>: medians over its runs, and ratios to the in-process swarm.</summary>
/// <param name="Variant">In-process lanes, process lanes, or the ffmpeg CLI.</param>
/// <param name="Command">The command line each run used.</param>
/// <param name="WallSeconds">Median wall time.</param>
/// <param name="CpuSeconds">Median CPU time of the whole process tree.</param>
/// <param name="PeakMemoryMb">Median of each run's peak memory summed over its processes.</param>
/// <param name="WallRatio">Wall time / the in-process swarm's.</param>
/// <param name="CpuRatio">CPU time / the in-process swarm's.</param>
/// <param name="FramesPerSecond">Encoded frames (three per input frame) per wall second.</param>
/// <param name="Runs">Every run's wall time.</param>
public sealed record SwarmBenchRow(string Variant, string Command, double WallSeconds, double CpuSeconds, double PeakMemoryMb, double WallRatio, double CpuRatio, double FramesPerSecond, IReadOnlyList<double> Runs);
