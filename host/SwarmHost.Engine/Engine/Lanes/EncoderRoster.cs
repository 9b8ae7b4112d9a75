using SwarmHost.Weighting;
namespace SwarmHost.Engine.Lanes;

/// <summary>
/// The swarm's encoders: the current instance of every encoder id, the replaced instances the
/// engine gave up on while a call was hung in them (their threads may still be held), each id's
/// tally and weight. A replaced instance that ended on its own is dropped, so a long run with many
/// failures keeps no trace of them beyond its tallies. The coordinator thread adds instances and reads everything; the
/// intake thread reads the live set through <see cref="Expected"/> and ends the roster with
/// <see cref="CompleteAll"/>, both under the roster's lock.
/// </summary>
internal sealed class EncoderRoster
{
    private readonly Lock _sync = new();
    private long _completedTicks;
    private readonly Dictionary<string, IEncoderLane> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EncoderTally> _tallies = new(StringComparer.Ordinal);
    private readonly List<IEncoderLane> _abandoned = [];
    private bool _complete;

    /// <summary>The current instance of every id (failed ones included). Coordinator thread.</summary>
    public IEnumerable<IEncoderLane> Current => _current.Values;

    /// <summary>The current instances that have not failed. Coordinator thread.</summary>
    public List<IEncoderLane> Live => [.. _current.Values.Where(w => w.State != EncoderState.Failed)];

    /// <summary>The current instances and the replaced ones that were abandoned (a hung call may still hold their threads).</summary>
    public IEnumerable<IEncoderLane> All => _current.Values.Concat(_abandoned);

    /// <summary>The current weight of each live id, as the policy set it (not normalised).</summary>
    public Dictionary<string, double> Weights { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the input has ended: every instance was told so, and one added now is told at once.</summary>
    public bool IsComplete
    {
        get
        {
            lock (_sync)
            {
                return _complete;
            }
        }
    }

    /// <summary>When the input ended (<see cref="CompleteAll"/>; Stopwatch ticks), 0 while it runs. Any thread.</summary>
    public long CompletedTicks => Interlocked.Read(ref _completedTicks);

    /// <summary>The current instance of <paramref name="id"/>.</summary>
    public IEncoderLane this[string id] => _current[id];

    /// <summary>Whether <paramref name="worker"/> is its id's current instance.</summary>
    public bool IsCurrent(IEncoderLane worker) => _current.TryGetValue(worker.Id, out var current) && ReferenceEquals(current, worker);

    /// <summary>Whether <paramref name="id"/> has a current instance.</summary>
    public bool Contains(string id) => _current.ContainsKey(id);

    /// <summary>The tally of <paramref name="id"/>, created on first use.</summary>
    public EncoderTally Tally(string id)
    {
        if (!_tallies.TryGetValue(id, out var tally))
        {
            tally = new EncoderTally();
            _tallies[id] = tally;
        }

        return tally;
    }

    /// <summary>Every tally, by id.</summary>
    public IReadOnlyDictionary<string, EncoderTally> Tallies => _tallies;

    /// <summary>Makes <paramref name="worker"/> its id's current instance (retiring the previous one's totals into the tally) and starts it.</summary>
    public void Start(IEncoderLane worker)
    {
        var tally = Tally(worker.Id);
        if (worker.Node is { } node && !tally.Nodes.Contains(node))
        {
            tally.Nodes.Add(node);
        }

        if (_current.TryGetValue(worker.Id, out var previous))
        {
            tally.Retire(previous); // its CPU, calls and quality time still count for the id
            if (previous.Abandoned)
            {
                _abandoned.Add(previous);
            }
        }

        tally.StartInstance();
        bool complete;
        lock (_sync)
        {
            _current[worker.Id] = worker;
            complete = _complete;
        }

        worker.Start();
        if (complete)
        {
            worker.Complete(); // the input ended while it was being started: it flushes and finishes
        }
    }

    /// <summary>The live instances that take frame <paramref name="sequence"/>: not failed, not abandoned, started at or before it. Any thread.</summary>
    public List<IEncoderLane> Expected(long sequence)
    {
        lock (_sync)
        {
            return [.. _current.Values.Where(w => w.State != EncoderState.Failed && !w.Abandoned && w.StartSequence <= sequence)];
        }
    }

    /// <summary>The input has ended: tells every current instance, and any started later. Any thread.</summary>
    public void CompleteAll()
    {
        lock (_sync)
        {
            foreach (var worker in _current.Values)
            {
                worker.Complete();
            }

            _complete = true;
            Interlocked.CompareExchange(ref _completedTicks, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        }
    }

    /// <summary>Stops feeding every current instance (the run is over).</summary>
    public void AbandonAll()
    {
        foreach (var worker in _current.Values)
        {
            worker.Abandon();
        }
    }
}
