using System.Diagnostics;
using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// Runs the content-type models on every <c>every</c>-th frame, off the feeder thread, and reports
/// the mean of their last <c>smoothing</c> outputs as <c>contentType.&lt;label&gt;</c> on every
/// frame from the first result on. A scene cut clears the mean and starts a run at once.
/// </summary>
/// <remarks>
/// <para>A run at frame <c>n</c> stacks the pictures of frames <c>n − (frames−1)·frameGap</c>, …,
/// <c>n − frameGap</c>, <c>n</c> (oldest first). Runs fall on frames where
/// <c>n mod every = (frames−1)·frameGap</c>, so the first one has all its pictures. Frames must
/// arrive in sequence order without gaps the analyzer did not see (it counts frames by sequence
/// number). One thread at a time.</para>
/// <para>With <c>background</c> on, the feeder thread only keeps a reference to each frame a run
/// needs (<see cref="VideoFrame.Retain"/>) and looks for a scene cut; the worker prepares the
/// pictures and runs the models, and the result joins the mean on the first frame after it is
/// done. A run due while the previous one is still going waits for it on the feeder thread (its
/// result joins on that frame), so no run is lost: a live input paced at its frame rate never
/// waits (a run takes far less than <c>every</c> frame intervals), a file read flat out is held to
/// the models' pace. With <c>background</c> off, a run's result joins on its own frame.</para>
/// <para>On a cut (<see cref="SceneCutDetector"/>, <c>sceneCutDistance</c>) the mean is cleared, a
/// result of a run started before it is dropped, and a run on the cut frame's picture starts at
/// once. A run whose earlier stacked pictures fell before the cut (<c>frames</c> over 1) is not
/// started: the cut's run stands for the new scene.</para>
/// <para>Adds <c>onnx-content-type.ms</c> on the frames where it started a run or kept a frame for
/// one (the feeder's cost there) and <c>onnx-content-type.backgroundMs</c> on the frames where a
/// result joined (the CPU time preparing and running took on the worker).</para>
/// </remarks>
public sealed class ContentTypeAnalyzer(ContentTypeSettings settings) : IContentAnalyzer
{
    /// <summary>The metric holding what this analyzer cost the feeder thread on a frame, ms.</summary>
    public const string CostMetric = "onnx-content-type.ms";

    /// <summary>The metric holding the CPU time a run took on the worker, ms, on the frame its result joined.</summary>
    public const string BackgroundMetric = "onnx-content-type.backgroundMs";

    private readonly string[] _metricNames = [.. settings.Labels.Select(l => ContentMetrics.ContentTypePrefix + l)];
    private readonly ProbabilityWindow _window = new(settings.Labels.Count, settings.Smoothing);
    private readonly SceneCutDetector _cuts = new(settings.SceneCutDistance);
    private ContentTypeClassifier? _model;
    private InferenceWorker? _worker;
    private long _scene; // bumped at every cut: a result tagged with an older scene is dropped
    private VideoFrame? _cut; // the first frame of a new scene, kept until the worker is free to run on it
    private VideoFrame?[] _stack = new VideoFrame?[settings.Frames]; // the coming run's frames, each retained

    /// <summary>Results that joined the mean so far.</summary>
    public long Runs { get; private set; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A model is missing, unusable or does not fit the options.</exception>
    public void Open(OutputProfile profile)
    {
        _model = ContentTypeClassifier.Load(settings);
        _worker = new InferenceWorker(_model, settings.Background);
        _cuts.WarmUp();
    }

    /// <inheritdoc />
    public void Analyze(VideoFrame frame, VideoFrame? previous, ContentReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(report);
        if (_model is null || _worker is null)
        {
            throw new InvalidOperationException("onnx-content-type: Analyze was called before Open.");
        }

        var started = Stopwatch.GetTimestamp();
        Collect(report);
        if (_cuts.IsCut(frame.Planes.Span, frame.Width, frame.Height))
        {
            _window.Clear();
            _scene++;
            _cut?.Release();
            frame.Retain();
            _cut = frame;
        }

        var worked = _cut is not null ? StartOnCut(report) : Follow(frame, report);
        Collect(report); // inline runs join on their own frame
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
        _worker?.Dispose();
        InferenceWorker.Release([.. _stack, _cut]);
        (_stack, _cut) = (new VideoFrame?[settings.Frames], null);
        _model?.Dispose();
        _cuts.Dispose();
    }

    /// <summary>A run on the new scene's first frame (in every stacked place).</summary>
    private bool StartOnCut(ContentReportBuilder report)
    {
        Free(report);
        var frames = new VideoFrame[settings.Frames];
        for (var slot = 0; slot < frames.Length; slot++)
        {
            _cut!.Retain();
            frames[slot] = _cut;
        }

        _cut!.Release();
        _cut = null;
        InferenceWorker.Release(_stack); // the coming run's frames belong to the old scene
        _stack = new VideoFrame?[settings.Frames];
        _worker!.Start(frames, _scene);
        return true;
    }

    /// <summary>The cadence: keeps this frame when a run needs it and starts the run on its frame.</summary>
    private bool Follow(VideoFrame frame, ContentReportBuilder report)
    {
        var span = (settings.Frames - 1) * settings.FrameGap;
        var phase = (int)((frame.Sequence - span) % settings.Every);
        var ahead = phase < 0 ? -phase : (settings.Every - phase) % settings.Every; // frames until the next run
        if (ahead > span || ahead % settings.FrameGap != 0)
        {
            return false;
        }

        var slot = settings.Frames - 1 - (ahead / settings.FrameGap);
        _stack[slot]?.Release();
        frame.Retain();
        _stack[slot] = frame;
        if (ahead != 0)
        {
            return true;
        }

        var stack = _stack;
        _stack = new VideoFrame?[settings.Frames];
        if (stack.Any(f => f is null))
        {
            InferenceWorker.Release(stack); // earlier pictures fell before a cut
            return true;
        }

        Free(report);
        _worker!.Start(stack!, _scene);
        return true;
    }

    /// <summary>Waits for the run in flight, if any, and lets its result join on this frame.</summary>
    private void Free(ContentReportBuilder report)
    {
        _worker!.WaitForRun();
        Collect(report);
    }

    private void Collect(ContentReportBuilder report)
    {
        if (!_worker!.TryCollect(out var probabilities, out var scene, out var ms))
        {
            return;
        }

        report.Set(BackgroundMetric, ms);
        if (scene == _scene)
        {
            _window.Add(probabilities);
            Runs++;
        }
    }
}
