namespace SwarmHost.Bench;

/// <summary>One measured row: frames per second in-process and with the ffmpeg CLI, median of several alternating runs each.</summary>
/// <param name="Name">The row's label.</param>
/// <param name="Settings">The encoders' settings, as one line.</param>
/// <param name="CliCommand">The ffmpeg command line used as the reference (empty when there is none).</param>
/// <param name="InProcessFps">Median frames per second in-process (summed over the encoders of the row).</param>
/// <param name="CliFps">Median frames per second of the CLI (summed likewise); <c>null</c> without a reference.</param>
/// <param name="Ratio">In-process fps / CLI fps; <c>null</c> without a reference.</param>
/// <param name="InProcessRuns">Every in-process run's fps.</param>
/// <param name="CliRuns">Every CLI run's fps.</param>
public sealed record BenchRow(string Name, string Settings, string CliCommand, double InProcessFps, double? CliFps, double? Ratio, IReadOnlyList<double> InProcessRuns, IReadOnlyList<double> CliRuns);
