using SwarmHost.Abstractions;

namespace SwarmHost.Encoders.Chaos;

/// <summary>Wraps an encoder and injects one fault from a given swarm sequence number on.</summary>
/// <param name="inner">The real encoder (owned: disposed with this one).</param>
/// <param name="mode">The fault.</param>
/// <param name="fromSequence">The sequence number where the fault starts (k).</param>
/// <param name="slowStepMs">For <see cref="ChaosMode.Slow"/>: extra ms per frame since k.</param>
/// <param name="seed">Seed of the garbage bytes.</param>
public sealed class ChaosEncoder(IVideoEncoder inner, ChaosMode mode, long fromSequence, double slowStepMs, int seed) : IVideoEncoder
{
    private readonly Random _random = new(seed);

    /// <inheritdoc />
    public EncoderStats Stats => inner.Stats;

    /// <inheritdoc />
    public EncoderSession Open(OutputProfile profile) => inner.Open(profile);

    /// <inheritdoc />
    public IReadOnlyList<EncodedUnit> Encode(VideoFrame frame, bool forceKeyframe)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var faulty = frame.Sequence >= fromSequence;
        switch (mode)
        {
            case ChaosMode.Throw when frame.Sequence == fromSequence:
                throw new InvalidOperationException($"chaos: injected failure at frame {fromSequence}");
            case ChaosMode.Hang when frame.Sequence == fromSequence:
                Thread.Sleep(Timeout.Infinite); // ignores cancellation on purpose: the swarm's watchdog must cope
                break;
            case ChaosMode.Slow when faulty:
                Thread.Sleep(TimeSpan.FromMilliseconds((frame.Sequence - fromSequence + 1) * slowStepMs));
                break;
            case ChaosMode.Exit when faulty:
                return [];
            case ChaosMode.Crash or ChaosMode.Abort or ChaosMode.NativeHang or ChaosMode.Oom when frame.Sequence == fromSequence:
                NativeFaults.Inject(mode);
                break;
        }

        return Corrupt(inner.Encode(frame, forceKeyframe));
    }

    /// <inheritdoc />
    public IReadOnlyList<EncodedUnit> Flush() => mode == ChaosMode.Exit ? [] : Corrupt(inner.Flush());

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();

    private IReadOnlyList<EncodedUnit> Corrupt(IReadOnlyList<EncodedUnit> units)
    {
        if (mode != ChaosMode.Garbage)
        {
            return units;
        }

        return [.. units.Select(unit =>
        {
            if (unit.Sequence < fromSequence)
            {
                return unit;
            }

            var bytes = unit.Data.ToArray();
            _random.NextBytes(bytes.AsSpan(Math.Min(bytes.Length, 5))); // keep the start code and header byte: it still looks like a unit
            return unit with { Data = bytes };
        })];
    }
}
