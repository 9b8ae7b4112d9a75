namespace SwarmHost.Engine.Audit;

/// <summary>A change of the swarm clock's state during a run.</summary>
/// <param name="Sequence">The next frame to be stamped when it was noticed.</param>
/// <param name="ElapsedMs">Milliseconds since the run started.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after (e.g. <c>Holdover</c> when its source went silent).</param>
/// <param name="Source">What the clock followed then.</param>
public sealed record ClockTransition(long Sequence, double ElapsedMs, string From, string To, string Source);
