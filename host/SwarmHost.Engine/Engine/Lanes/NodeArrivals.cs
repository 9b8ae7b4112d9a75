namespace SwarmHost.Engine.Lanes;

/// <summary>
/// How the pictures of one lane on a node reached that node, as the node reported each one: the
/// node clock's time it arrived (decoded there) minus the intake's stamp for it — both on the
/// shared time scale, so the network path and the node's decode, ms; negative when the node had
/// the picture before the intake stamped its own — and the pictures the node lacked and filled
/// with the one before. Thread-safe: the lane's reader adds, the audit reads.
/// </summary>
internal sealed class NodeArrivals
{
    private const int MaxSamples = 100_000;
    private readonly object _gate = new();
    private readonly List<double> _arrivalMs = [];
    private long _filled;

    /// <summary>A picture arrived <paramref name="afterStampMs"/> after the intake stamped it.</summary>
    public void Arrived(double afterStampMs)
    {
        lock (_gate)
        {
            if (_arrivalMs.Count < MaxSamples)
            {
                _arrivalMs.Add(afterStampMs);
            }
        }
    }

    /// <summary>The node lacked a picture and filled it with the one before.</summary>
    public void Filled() => Interlocked.Increment(ref _filled);

    /// <summary>The pictures filled so far.</summary>
    public long FilledFrames => Interlocked.Read(ref _filled);

    /// <summary>The arrival samples so far (the first 100,000), ms.</summary>
    public double[] ArrivalMs()
    {
        lock (_gate)
        {
            return [.. _arrivalMs];
        }
    }
}
