namespace SwarmHost.Bench;

/// <summary>The whole benchmark, as written by <c>--json</c>.</summary>
/// <param name="Input">The input encoded.</param>
/// <param name="Frames">Frames per run.</param>
/// <param name="Runs">Runs per side per row (alternating in-process and CLI).</param>
/// <param name="Timing">How each side's time was measured.</param>
/// <param name="Machine">Processor count and OS, for reading the figures.</param>
/// <param name="FFmpeg">The FFmpeg release both sides used.</param>
/// <param name="Rows">The measured rows.</param>
public sealed record BenchReport(string Input, long Frames, int Runs, string Timing, string Machine, string FFmpeg, IReadOnlyList<BenchRow> Rows);
