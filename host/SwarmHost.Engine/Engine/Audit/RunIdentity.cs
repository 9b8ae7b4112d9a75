namespace SwarmHost.Engine.Audit;

/// <summary>What the summary says about the run as a whole, which only the engine knows.</summary>
/// <param name="Input">The input read.</param>
/// <param name="Output">The output written.</param>
/// <param name="Clock">The clock: plugin and state.</param>
/// <param name="LatencyBudgetMs">The latency budget.</param>
/// <param name="HangTimeoutMs">The hang timeout.</param>
/// <param name="Stopped">Whether a stop request ended the run.</param>
/// <param name="Error">Why the run failed, or <c>null</c>.</param>
internal sealed record RunIdentity(string Input, string Output, string Clock, double LatencyBudgetMs, double HangTimeoutMs, bool Stopped, string? Error);
