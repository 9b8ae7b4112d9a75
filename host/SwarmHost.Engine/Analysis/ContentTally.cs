using SwarmHost.Abstractions;

namespace SwarmHost.Analysis;

/// <summary>Accumulates content reports into a <see cref="ContentSummary"/>.</summary>
public sealed class ContentTally
{
    private readonly Dictionary<string, double> _typeSums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _typeTop = new(StringComparer.Ordinal);
    private double _complexitySum;
    private double _complexityMax;
    private long _complexityFrames;
    private long _typeFrames;
    private long _sceneCuts;
    private long _fastAction;
    private long _lowLight;

    /// <summary>Adds one frame's report.</summary>
    public void Add(ContentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var complexity = report.Get(ContentMetrics.Complexity);
        if (!double.IsNaN(complexity))
        {
            _complexitySum += complexity;
            _complexityMax = Math.Max(_complexityMax, complexity);
            _complexityFrames++;
        }

        _sceneCuts += report.Get(ContentMetrics.SceneCut, 0) > 0 ? 1 : 0;
        _fastAction += report.Get("fastActionFlag", 0) > 0 ? 1 : 0;
        _lowLight += report.Get("lowLightFlag", 0) > 0 ? 1 : 0;
        string? top = null;
        var best = double.MinValue;
        foreach (var (name, value) in report.Metrics)
        {
            if (!name.StartsWith(ContentMetrics.ContentTypePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var label = name[ContentMetrics.ContentTypePrefix.Length..];
            _typeSums[label] = _typeSums.GetValueOrDefault(label) + value;
            if (value > best)
            {
                (best, top) = (value, label);
            }
        }

        if (top is not null)
        {
            _typeFrames++;
            _typeTop[top] = _typeTop.GetValueOrDefault(top) + 1;
        }
    }

    /// <summary>The summary of the frames added so far.</summary>
    public ContentSummary Summarise() => new(
        _complexityFrames == 0 ? null : Math.Round(_complexitySum / _complexityFrames, 4),
        _complexityFrames == 0 ? null : Math.Round(_complexityMax, 4),
        _sceneCuts,
        _fastAction,
        _lowLight,
        _typeSums.OrderByDescending(p => p.Value).ToDictionary(p => p.Key, p => Math.Round(p.Value / Math.Max(1, _typeFrames), 4), StringComparer.Ordinal),
        _typeTop.Count == 0 ? null : _typeTop.MaxBy(p => p.Value).Key,
        _typeTop.OrderByDescending(p => p.Value).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
}
