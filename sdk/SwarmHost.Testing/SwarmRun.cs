namespace SwarmHost.Testing;

/// <summary>A finished <c>swarmhost run</c>: the command's result, its parsed summary and where its files are.</summary>
/// <param name="Command">Exit code and what the host printed (exit 1 when the swarm failed; the summary's <see cref="RunSummary.Error"/> says why).</param>
/// <param name="Summary">The run summary.</param>
/// <param name="SummaryPath">The summary file.</param>
/// <param name="EventsPath">The events file (one JSON object per line, see the host's docs/events.md).</param>
public sealed record SwarmRun(CommandResult Command, RunSummary Summary, string SummaryPath, string EventsPath);
