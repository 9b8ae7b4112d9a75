namespace SwarmHost.Engine.Audit;

/// <summary>The clock of a node that ran this run's lanes, over the run.</summary>
/// <param name="Node">The node.</param>
/// <param name="Clock">Its clock component.</param>
/// <param name="State">Its clock's last state.</param>
/// <param name="Degraded">Whether the node was Degraded at the end.</param>
/// <param name="DegradedSeconds">How long it counted as Degraded, s.</param>
/// <param name="OffsetNs">The clock's last offset from its reference, ns, when known.</param>
/// <param name="MaxAbsOffsetNs">The largest offset (either sign) read during the run, ns, when known.</param>
/// <param name="Changes">State changes after the first reading.</param>
public sealed record NodeClockSummary(string Node, string Clock, string State, bool Degraded, double DegradedSeconds, double? OffsetNs, double? MaxAbsOffsetNs, int Changes);
