namespace SwarmHost.Analysis;

/// <summary>The analyzers' part of a run's summary.</summary>
/// <param name="Analyzers">Cost per analyzer instance.</param>
/// <param name="Content">What they saw.</param>
public sealed record AnalysisSummary(IReadOnlyList<AnalyzerSummary> Analyzers, ContentSummary Content);
