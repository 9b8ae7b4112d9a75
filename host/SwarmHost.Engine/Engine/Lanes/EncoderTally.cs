using SwarmHost.Feedback;

namespace SwarmHost.Engine.Lanes;

/// <summary>
/// Running counts of one encoder id across all its instances (a rejoin starts a fresh instance
/// but keeps the id's tally). The coordinator thread alone reads and writes it.
/// </summary>
internal sealed class EncoderTally
{
    /// <summary>Instances started (1 + rejoins).</summary>
    public int Instances { get; set; }

    /// <summary>Instances failed.</summary>
    public int Failures { get; set; }

    /// <summary>Why the last instance failed.</summary>
    public string? LastFailure { get; set; }

    /// <summary>Slots it delivered a usable unit for.</summary>
    public long Used { get; set; }

    /// <summary>Bytes of every unit it delivered.</summary>
    public long Bytes { get; set; }

    /// <summary>Units that came after their slot's deadline or closing.</summary>
    public long Late { get; set; }

    /// <summary>Units refused by verification.</summary>
    public long Bad { get; set; }

    /// <summary>Slots it was expected in and did not deliver.</summary>
    public long Missed { get; set; }

    /// <summary>Output units taken from it.</summary>
    public long Lead { get; set; }

    /// <summary>Slots missed in a row (reset by a hit and by a fresh instance).</summary>
    public int ConsecutiveMisses { get; set; }

    /// <summary>Slots hit in a row (reset by a miss and by a fresh instance).</summary>
    public int ConsecutiveHits { get; set; }

    /// <summary>Whether the current instance has delivered a unit yet (usable, bad or late).</summary>
    public bool InstanceDelivered { get; set; }

    /// <summary>Hit or miss of its last 30 slots.</summary>
    public Queue<bool> Recent { get; } = new();

    /// <summary>Sizes of its last two GOPs of used units.</summary>
    public Queue<int> RecentBytes { get; } = new();

    /// <summary>PSNR of its last 30 verified units.</summary>
    public Queue<double> RecentPsnr { get; } = new();

    /// <summary>Whether its bitrate was found far off target at the last GOP end.</summary>
    public bool BitrateOff { get; set; }

    /// <summary>Generations whose worker finished (flushed after the input ended).</summary>
    public HashSet<int> Finished { get; } = [];

    /// <summary>Per-frame feedback figures of the current instance, folded per GOP.</summary>
    public FeedbackTally Feedback { get; } = new();

    /// <summary>How long each usable unit took from its frame's entry into the swarm to its arrival, ms (the first 100,000).</summary>
    public List<double> UnitLatencyMs { get; } = [];

    /// <summary>The cluster nodes its instances ran on, in the order they first ran there (empty for an encoder on this machine).</summary>
    public List<string> Nodes { get; } = [];

    /// <summary>CPU ms of the instances already replaced.</summary>
    public double RetiredCpuMs { get; private set; }

    /// <summary>Encode calls of the instances already replaced.</summary>
    public long RetiredCalls { get; private set; }

    /// <summary>Verification ms of the instances already replaced.</summary>
    public double RetiredQualityMs { get; private set; }

    /// <summary>The largest resident size of its retired lane processes, MB; NaN when none ran in a process of its own.</summary>
    public double RetiredPeakResidentMb { get; private set; } = double.NaN;

    /// <summary>The largest resident size of any of its lane processes, <paramref name="current"/> included, MB; <c>null</c> when none ran in a process of its own.</summary>
    public double? PeakResidentMb(IEncoderLane current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var peak = Math.Max(double.IsNaN(RetiredPeakResidentMb) ? 0 : RetiredPeakResidentMb, double.IsNaN(current.PeakResidentMb) ? 0 : current.PeakResidentMb);
        return peak > 0 ? Math.Round(peak, 1) : null;
    }

    /// <summary>How the pictures of its instances already replaced reached their nodes (encoders on cluster nodes).</summary>
    public List<NodeArrivals> RetiredArrivals { get; } = [];

    /// <summary>Adds the totals of an instance that is being replaced.</summary>
    public void Retire(IEncoderLane worker)
    {
        if (worker.Arrivals is { } arrivals)
        {
            RetiredArrivals.Add(arrivals);
        }

        if (double.IsFinite(worker.PeakResidentMb))
        {
            RetiredPeakResidentMb = double.IsNaN(RetiredPeakResidentMb) ? worker.PeakResidentMb : Math.Max(RetiredPeakResidentMb, worker.PeakResidentMb);
        }

        RetiredCpuMs += worker.CpuMs;
        RetiredCalls += worker.Calls;
        RetiredQualityMs += worker.QualityMs;
    }

    /// <summary>Forgets the recent figures: a fresh instance starts with a clean record.</summary>
    public void StartInstance()
    {
        Instances++;
        ConsecutiveHits = 0;
        ConsecutiveMisses = 0;
        InstanceDelivered = false;
        Recent.Clear();
        RecentBytes.Clear();
        RecentPsnr.Clear();
        BitrateOff = false;
        Feedback.Reset();
    }
}
