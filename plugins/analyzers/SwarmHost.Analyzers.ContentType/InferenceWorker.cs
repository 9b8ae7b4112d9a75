using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// Runs the classifier off the caller's thread (or inline, when <c>background</c> is off), one run
/// at a time: <see cref="Start"/> hands over the run's frames (retained by the caller, released
/// here once their pictures are prepared), <see cref="TryCollect"/> hands back the probabilities
/// once the run is done. The pictures are prepared (scaled, converted) on the worker too, so the
/// caller's thread spends nothing on them.
/// </summary>
/// <param name="model">The classifier; owned by the caller, who disposes it after this.</param>
/// <param name="background">Whether runs go to a worker thread.</param>
public sealed class InferenceWorker(ContentTypeClassifier model, bool background) : IDisposable
{
    private readonly float[] _result = new float[model.Probabilities.Length];
    private Task<double>? _run;
    private long _tag;

    /// <summary>Starts a run on <paramref name="frames"/>, the stacked pictures oldest first; each holds a reference this releases.</summary>
    /// <param name="frames">The run's frames, each retained once for this run.</param>
    /// <param name="tag">Handed back with the result (the scene it was started in).</param>
    /// <exception cref="InvalidOperationException">A run is in flight.</exception>
    public void Start(VideoFrame[] frames, long tag)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (_run is not null)
        {
            Release(frames);
            throw new InvalidOperationException("onnx-content-type: a run is already in flight.");
        }

        _tag = tag;
        _run = background ? Task.Run(() => Run(frames)) : Task.FromResult(Run(frames));
    }

    /// <summary>Takes the finished run's probabilities, its tag and the CPU time it took (ms, on its thread); <c>false</c> while it runs or when none was started.</summary>
    /// <exception cref="InvalidOperationException">The run failed (the model's message); the worker is free again.</exception>
    public bool TryCollect(out ReadOnlySpan<float> probabilities, out long tag, out double ms)
    {
        probabilities = default;
        (tag, ms) = (0, 0);
        if (_run is not { IsCompleted: true } run)
        {
            return false;
        }

        _run = null;
        ms = run.GetAwaiter().GetResult(); // a failed run throws here, on the caller's thread
        probabilities = _result;
        tag = _tag;
        return true;
    }

    /// <summary>Waits until the run in flight (if any) is done; its result stays for <see cref="TryCollect"/>, which also raises its failure.</summary>
    public void WaitForRun()
    {
        if (_run is { } run)
        {
            ((IAsyncResult)run).AsyncWaitHandle.WaitOne();
        }
    }

    /// <summary>Waits for a run in flight (its result is dropped).</summary>
    public void Dispose()
    {
        try
        {
            _run?.Wait();
        }
        catch (AggregateException)
        {
            // the run failed; nothing waits for its result any more
        }

        _run = null;
    }

    /// <summary>Releases one reference of each frame.</summary>
    public static void Release(IEnumerable<VideoFrame?> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        foreach (var frame in frames)
        {
            frame?.Release();
        }
    }

    private double Run(VideoFrame[] frames)
    {
        var started = ThreadCpuTime.NowMs();
        try
        {
            for (var slot = 0; slot < frames.Length; slot++)
            {
                model.Prepare(frames[slot].Planes.Span, frames[slot].Width, frames[slot].Height, slot);
            }
        }
        finally
        {
            Release(frames);
        }

        model.Run();
        model.Probabilities.CopyTo(_result, 0);
        return ThreadCpuTime.NowMs() - started;
    }
}
