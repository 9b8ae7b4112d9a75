namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// The foreign-master records of a slave port (IEEE 1588-2008 9.3.2.4): every port that sent
/// Announce messages recently, whether it is qualified, and which one is best.
/// </summary>
/// <remarks>
/// A foreign master is qualified once it sent <see cref="QualificationThreshold"/> Announces
/// within <see cref="QualificationWindowIntervals"/> of its announce intervals (the standard's
/// FOREIGN_MASTER_THRESHOLD and FOREIGN_MASTER_TIME_WINDOW), so a single stray Announce does not
/// move the slave. It is dropped when nothing was heard from it for
/// announceReceiptTimeout × its own announce interval. Not thread-safe: the receive thread owns it.
/// Times are nanoseconds on any monotonic scale.
/// </remarks>
internal sealed class ForeignMasterTable
{
    /// <summary>Announces needed inside the window before a foreign master counts.</summary>
    public const int QualificationThreshold = 2;

    /// <summary>The qualification window in announce intervals.</summary>
    public const int QualificationWindowIntervals = 4;

    private readonly Dictionary<PortIdentity, Record> _records = [];
    private readonly int _announceReceiptTimeout;

    /// <summary>Creates an empty table.</summary>
    /// <param name="announceReceiptTimeout">Announce intervals without an Announce after which a foreign master is dropped (at least 2).</param>
    public ForeignMasterTable(int announceReceiptTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(announceReceiptTimeout, 2);
        _announceReceiptTimeout = announceReceiptTimeout;
    }

    /// <summary>Foreign masters currently recorded (qualified or not).</summary>
    public int Count => _records.Count;

    /// <summary>The announce interval 2^log seconds in nanoseconds (log clamped to −10…10 against nonsense on the wire).</summary>
    public static long IntervalNs(sbyte logInterval) => (long)(Math.Pow(2, Math.Clamp((int)logInterval, -10, 10)) * 1e9);

    /// <summary>Records an Announce received at <paramref name="nowNs"/>.</summary>
    public void Observe(AnnounceMessage announce, long nowNs)
    {
        ArgumentNullException.ThrowIfNull(announce);
        if (!_records.TryGetValue(announce.SourcePort, out var record))
        {
            record = new Record();
            _records.Add(announce.SourcePort, record);
        }

        record.Latest = announce;
        record.LastHeardNs = nowNs;
        record.Arrivals.Enqueue(nowNs);
        var window = QualificationWindowIntervals * IntervalNs(announce.LogAnnounceInterval);
        while (record.Arrivals.Count > QualificationThreshold || (record.Arrivals.Count > 0 && nowNs - record.Arrivals.Peek() > window))
        {
            record.Arrivals.Dequeue();
        }

        record.Qualified |= record.Arrivals.Count >= QualificationThreshold;
    }

    /// <summary>Drops foreign masters silent for announceReceiptTimeout × their announce interval.</summary>
    /// <returns>Whether any record was dropped.</returns>
    public bool Expire(long nowNs)
    {
        List<PortIdentity>? gone = null;
        foreach (var (port, record) in _records)
        {
            if (nowNs - record.LastHeardNs > ReceiptTimeoutNs(record.Latest!))
            {
                (gone ??= []).Add(port);
            }
        }

        gone?.ForEach(p => _records.Remove(p));
        return gone is not null;
    }

    /// <summary>How long <paramref name="announce"/>'s sender may stay silent before it is dropped.</summary>
    public long ReceiptTimeoutNs(AnnounceMessage announce)
    {
        ArgumentNullException.ThrowIfNull(announce);
        return _announceReceiptTimeout * IntervalNs(announce.LogAnnounceInterval);
    }

    /// <summary>The best qualified foreign master by <see cref="BestMasterComparison"/>, or <c>null</c> when none is qualified.</summary>
    public AnnounceMessage? Best()
    {
        AnnounceMessage? best = null;
        foreach (var record in _records.Values)
        {
            if (record.Qualified && (best is null || BestMasterComparison.Compare(record.Latest!, best) < 0))
            {
                best = record.Latest;
            }
        }

        return best;
    }

    /// <summary>When <paramref name="port"/>'s last Announce arrived, or <c>null</c> when it is not recorded.</summary>
    public long? LastHeardNs(PortIdentity port) => _records.TryGetValue(port, out var record) ? record.LastHeardNs : null;

    private sealed class Record
    {
        public AnnounceMessage? Latest { get; set; }

        public Queue<long> Arrivals { get; } = new();

        public bool Qualified { get; set; }

        public long LastHeardNs { get; set; }
    }
}
