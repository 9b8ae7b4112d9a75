namespace SwarmHost.Analyzers.ContentType;

/// <summary>The mean of the last N probability vectors: what the analyzer reports, so one odd sample does not flip the content type.</summary>
/// <param name="classes">Values per vector.</param>
/// <param name="size">How many recent vectors the mean covers (at least 1).</param>
public sealed class ProbabilityWindow(int classes, int size)
{
    private readonly float[][] _samples = [.. Enumerable.Range(0, Math.Max(1, size)).Select(_ => new float[classes])];
    private readonly double[] _mean = new double[classes];
    private int _count;
    private int _next;

    /// <summary>The mean of the vectors added so far (at most the window's size of them); all zero before the first.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Whether any vector has been added.</summary>
    public bool HasSamples => _count > 0;

    /// <summary>Forgets every vector (a new scene starts).</summary>
    public void Clear()
    {
        (_count, _next) = (0, 0);
        Array.Clear(_mean);
    }

    /// <summary>Adds a vector, dropping the oldest when the window is full, and updates <see cref="Mean"/>.</summary>
    public void Add(ReadOnlySpan<float> probabilities)
    {
        probabilities.CopyTo(_samples[_next]);
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
        Array.Clear(_mean);
        for (var s = 0; s < _count; s++)
        {
            for (var c = 0; c < _mean.Length; c++)
            {
                _mean[c] += _samples[s][c] / (double)_count;
            }
        }
    }
}
