using System.Diagnostics;
using SwarmHost.Abstractions;
using SwarmHost.Feedback;

namespace SwarmHost.Analysis;

/// <summary>
/// Runs a swarm's analyzers on each frame, in manifest order, into one content report, and keeps
/// their cost: every report gets <c>cost.&lt;instance&gt;.ms</c>, the time each analyzer took on
/// that frame, measured here; the run's summary has its mean wall and CPU time. An analyzer that throws loses its metrics for that frame only; the
/// first failure of each is logged, all are counted.
/// </summary>
/// <remarks>One thread at a time (the feeder). Owns the analyzers: <see cref="Dispose"/> disposes them.</remarks>
public sealed class AnalyzerStage : IDisposable
{
    private readonly List<Entry> _entries;
    private readonly Action<string, long, Exception> _firstFailure;
    private readonly ContentTally _content = new();

    /// <summary>Takes ownership of analyzers, each with the instance id it reports under.</summary>
    /// <param name="analyzers">The analyzers, in the order they run.</param>
    /// <param name="firstFailure">Called with the instance id, the frame and the exception the first time each analyzer throws.</param>
    public AnalyzerStage(IEnumerable<(string InstanceId, string Plugin, IContentAnalyzer Analyzer)> analyzers, Action<string, long, Exception> firstFailure)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        _entries = [.. analyzers.Select(a => new Entry(a.InstanceId, a.Plugin, a.Analyzer))];
        _firstFailure = firstFailure;
    }

    /// <summary>The metric name of an analyzer instance's cost on a frame.</summary>
    public static string CostMetric(string instanceId) => $"cost.{instanceId}.ms";

    /// <summary>Opens every analyzer.</summary>
    /// <exception cref="InvalidOperationException">An analyzer cannot work; the message names it and says why.</exception>
    public void Open(OutputProfile profile)
    {
        foreach (var entry in _entries)
        {
            try
            {
                entry.Analyzer.Open(profile);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or DllNotFoundException)
            {
                throw new InvalidOperationException($"Analyzer '{entry.InstanceId}' ({entry.Plugin}) cannot start: {e.Message}", e);
            }
        }
    }

    /// <summary>Analyses one frame with every analyzer.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="previous">The frame before it, or <c>null</c>.</param>
    /// <returns>The frame's content report.</returns>
    public ContentReport Analyze(VideoFrame frame, VideoFrame? previous)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var report = new ContentReportBuilder(frame.Sequence);
        foreach (var entry in _entries)
        {
            var started = Stopwatch.GetTimestamp();
            var cpuStarted = ThreadCpuTime.NowMs();
            try
            {
                entry.Analyzer.Analyze(frame, previous, report);
            }
#pragma warning disable CA1031 // an analyzer's failure must not stop the swarm (the contract says so)
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (entry.Errors++ == 0)
                {
                    _firstFailure(entry.InstanceId, frame.Sequence, e);
                }
            }

            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            entry.TotalMs += ms;
            entry.TotalCpuMs += ThreadCpuTime.NowMs() - cpuStarted;
            entry.MaxMs = Math.Max(entry.MaxMs, ms);
            entry.Frames++;
            report.Set(CostMetric(entry.InstanceId), ms);
        }

        var content = report.Build();
        _content.Add(content);
        return content;
    }

    /// <summary>What the analyzers cost and saw over the run so far.</summary>
    public AnalysisSummary Summarise() => new(
        [.. _entries.Select(e => new AnalyzerSummary(e.InstanceId, e.Plugin, e.Frames, Math.Round(e.Frames == 0 ? 0 : e.TotalMs / e.Frames, 3), Math.Round(e.Frames == 0 ? 0 : e.TotalCpuMs / e.Frames, 3), Math.Round(e.MaxMs, 3), e.Errors))],
        _content.Summarise());

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var entry in _entries)
        {
            entry.Analyzer.Dispose();
        }
    }

    private sealed class Entry(string instanceId, string plugin, IContentAnalyzer analyzer)
    {
        public string InstanceId { get; } = instanceId;

        public string Plugin { get; } = plugin;

        public IContentAnalyzer Analyzer { get; } = analyzer;

        public long Frames { get; set; }

        public double TotalMs { get; set; }

        public double TotalCpuMs { get; set; }

        public double MaxMs { get; set; }

        public long Errors { get; set; }
    }
}
