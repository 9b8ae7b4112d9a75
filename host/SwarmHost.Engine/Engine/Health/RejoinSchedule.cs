namespace SwarmHost.Engine.Health;

/// <summary>
/// When each failed encoder id gets a fresh instance: the cool-down after a failure, doubled for
/// every consecutive attempt whose instance could not even open (up to 16× the cool-down), so an
/// encoder that cannot open is retried with back-off rather than in a tight loop. Coordinator thread only.
/// </summary>
internal sealed class RejoinSchedule
{
    private const int MaxBackOff = 16;
    private readonly int _coolDownFrames;
    private readonly Dictionary<string, long> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failedOpens = new(StringComparer.Ordinal);

    /// <summary>A schedule with a cool-down of <paramref name="coolDownFrames"/> frames; 0 never rejoins.</summary>
    public RejoinSchedule(int coolDownFrames) => _coolDownFrames = coolDownFrames;

    /// <summary>Whether failed encoders rejoin at all.</summary>
    public bool Enabled => _coolDownFrames > 0;

    /// <summary>Rejoins still to come.</summary>
    public int Pending => _due.Count;

    /// <summary>Schedules a fresh instance of <paramref name="id"/> after the cool-down counted from slot <paramref name="from"/>.</summary>
    /// <param name="id">The encoder id.</param>
    /// <param name="from">The slot the failure is counted from.</param>
    /// <param name="couldNotOpen">The failed instance never opened, or failed before its first GOP: back off (the cool-down doubles per consecutive such attempt).</param>
    /// <returns>Frames until the next attempt.</returns>
    public long Schedule(string id, long from, bool couldNotOpen)
    {
        var failed = couldNotOpen ? _failedOpens.GetValueOrDefault(id) + 1 : 0;
        _failedOpens[id] = failed;
        var wait = (long)_coolDownFrames << Math.Min(failed == 0 ? 0 : failed - 1, 4);
        _due[id] = from + Math.Min(wait, (long)_coolDownFrames * MaxBackOff);
        return _due[id] - from;
    }

    /// <summary>Attempts of <paramref name="id"/> in a row whose instance could not open.</summary>
    public int FailedOpens(string id) => _failedOpens.GetValueOrDefault(id);

    /// <summary>The ids due at slot <paramref name="nextToClose"/> (removed from the schedule).</summary>
    public IReadOnlyList<string> TakeDue(long nextToClose)
    {
        var due = _due.Where(p => p.Value <= nextToClose).Select(p => p.Key).ToList();
        foreach (var id in due)
        {
            _due.Remove(id);
        }

        return due;
    }

    /// <summary>Drops every pending rejoin (the input ended).</summary>
    public void Clear() => _due.Clear();
}
