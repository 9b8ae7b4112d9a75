namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// The intake's epochs (<see cref="SourceEpoch"/>), oldest first: a new one whenever a source
/// picture's number is not the one its timestamp gives under the current epoch (the first
/// picture, a timestamp jump, numbers taken by repeats while the input stalled). Thread-safe: the
/// intake's reader adds, the remote lanes read.
/// </summary>
/// <param name="framePeriodNs">The frame period new epochs use until <see cref="FramePeriodNs"/> is set.</param>
internal sealed class EpochBook(long framePeriodNs)
{
    private long _framePeriodNs = framePeriodNs;

    private const int Kept = 256;
    private readonly Lock _lock = new();
    private readonly List<SourceEpoch> _epochs = [];

    /// <summary>The source's frame period, ns, which new epochs use (set once the source is open).</summary>
    public long FramePeriodNs
    {
        get => Interlocked.Read(ref _framePeriodNs);
        set => Interlocked.Exchange(ref _framePeriodNs, value);
    }

    /// <summary>Picture <paramref name="sequence"/> had source time <paramref name="sourceNs"/> and entered at <paramref name="clockNs"/> (the intake's reader, in order).</summary>
    public void Observe(long sequence, long sourceNs, long clockNs)
    {
        lock (_lock)
        {
            if (_epochs.Count > 0 && _epochs[^1].Number(sourceNs) == sequence)
            {
                return;
            }

            _epochs.Add(new SourceEpoch(sequence, sourceNs, clockNs, FramePeriodNs));
            if (_epochs.Count > Kept)
            {
                _epochs.RemoveAt(0);
            }
        }
    }

    /// <summary>The epoch that numbers picture <paramref name="sequence"/>: the latest that starts at or before it; <c>null</c> when none does (yet).</summary>
    public SourceEpoch? InForceAt(long sequence)
    {
        lock (_lock)
        {
            for (var i = _epochs.Count - 1; i >= 0; i--)
            {
                if (_epochs[i].Seq0 <= sequence)
                {
                    return _epochs[i];
                }
            }

            return null;
        }
    }
}
