using System.Diagnostics;
using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// Runs an ONNX classifier on every <c>every</c>-th frame and reports the mean of its last
/// <c>smoothing</c> outputs as <c>contentType.&lt;label&gt;</c> on every frame from the first run on.
/// </summary>
/// <remarks>
/// <para>A run at frame <c>n</c> stacks the pictures of frames <c>n − (frames−1)·frameGap</c>, …,
/// <c>n − frameGap</c>, <c>n</c> (oldest first). Runs fall on frames where
/// <c>n mod every = (frames−1)·frameGap</c>, so the first one has all its pictures; only the frames
/// a run needs are converted. Frames must arrive in sequence order without gaps the analyzer did
/// not see (it counts frames by sequence number). One thread at a time.</para>
/// <para>Adds <c>onnx-content-type.ms</c> on the frames where it ran or prepared a picture (its cost there).</para>
/// </remarks>
public sealed class ContentTypeAnalyzer(ContentTypeSettings settings) : IContentAnalyzer
{
    /// <summary>The metric holding what this analyzer cost on a frame, ms.</summary>
    public const string CostMetric = "onnx-content-type.ms";

    private readonly string[] _metricNames = [.. settings.Labels.Select(l => ContentMetrics.ContentTypePrefix + l)];
    private readonly ProbabilityWindow _window = new(settings.Labels.Count, settings.Smoothing);
    private ContentTypeClassifier? _model;

    /// <summary>Runs of the model so far.</summary>
    public long Runs { get; private set; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The model is missing, unusable or does not fit the options.</exception>
    public void Open(OutputProfile profile)
    {
        _model = ContentTypeClassifier.Load(settings);
    }

    /// <inheritdoc />
    public void Analyze(VideoFrame frame, VideoFrame? previous, ContentReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(report);
        if (_model is null)
        {
            throw new InvalidOperationException("onnx-content-type: Analyze was called before Open.");
        }

        var started = Stopwatch.GetTimestamp();
        var span = (settings.Frames - 1) * settings.FrameGap;
        var phase = (int)((frame.Sequence - span) % settings.Every);
        var ahead = phase < 0 ? -phase : (settings.Every - phase) % settings.Every; // frames until the next run
        var worked = false;
        if (ahead <= span && ahead % settings.FrameGap == 0)
        {
            var slot = settings.Frames - 1 - (ahead / settings.FrameGap);
            _model.Prepare(frame.Planes.Span, frame.Width, frame.Height, slot);
            worked = true;
            if (ahead == 0)
            {
                _model.Run();
                Runs++;
                _window.Add(_model.Probabilities);
            }
        }

        if (_window.HasSamples)
        {
            for (var i = 0; i < _metricNames.Length; i++)
            {
                report.Set(_metricNames[i], _window.Mean[i]);
            }
        }

        if (worked)
        {
            report.Set(CostMetric, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _model?.Dispose();
    }
}
