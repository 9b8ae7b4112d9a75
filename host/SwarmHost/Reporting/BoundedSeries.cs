namespace SwarmHost.Reporting;

/// <summary>
/// A series that keeps at most a fixed number of points however many are added: when full it keeps
/// every other point and from then on takes only every <see cref="Stride"/>-th (evenly thinned, in
/// order). What a long run's plots need without holding every slot. Not thread-safe.
/// </summary>
/// <typeparam name="T">The point type.</typeparam>
internal sealed class BoundedSeries<T>(int capacity)
{
    private List<T> _items = [];

    /// <summary>The points kept, in the order added.</summary>
    public IReadOnlyList<T> Items => _items;

    /// <summary>Every how many added points one is kept (1 until the series first filled up).</summary>
    public int Stride { get; private set; } = 1;

    /// <summary>How many points were added in all.</summary>
    public long Added { get; private set; }

    /// <summary>Adds a point; returns whether it was kept.</summary>
    public bool Add(T item)
    {
        var keep = Added % Stride == 0;
        Added++;
        if (!keep)
        {
            return false;
        }

        _items.Add(item);
        if (_items.Count >= capacity)
        {
            _items = [.. _items.Where((_, i) => i % 2 == 0)];
            Stride *= 2;
        }

        return true;
    }
}
