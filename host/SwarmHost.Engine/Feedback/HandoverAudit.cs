using SwarmHost.Weighting;

namespace SwarmHost.Feedback;

/// <summary>
/// Watches, slot by slot, which encoder leads by weight and which encoders miss deadlines or fall
/// below the quality floor, and judges the weighting: misses of the leader count against it, and
/// every stretch of trouble of an encoder that led shortly before gets a lead time — how many
/// frames earlier the lead had moved away (the handover started), or none when it came too late.
/// </summary>
/// <param name="policy">The policy's name, for the summary.</param>
/// <param name="gop">Trouble less than this many slots apart is one stretch.</param>
/// <param name="horizon">The policy's horizon: an encoder led "shortly before" within two of them.</param>
/// <param name="qualityFloorDb">Luma PSNR below which a unit is a quality breach.</param>
public sealed class HandoverAudit(string policy, int gop, int horizon, double qualityFloorDb)
{
    private readonly Dictionary<long, string?> _leaders = [];
    private readonly Dictionary<string, Open> _open = new(StringComparer.Ordinal);
    private readonly List<HandoverEpisode> _episodes = [];
    private long _oldestLeader;
    private long _missed;
    private long _breaches;
    private long _handovers;
    private string? _lastLeader;

    /// <summary>Records slot <paramref name="sequence"/>: who led by weight when it closed (before this slot's update) and what each live encoder did.</summary>
    /// <returns>The previous leader when the lead moved at this slot, else <c>null</c>.</returns>
    public string? Record(long sequence, string? leader, IReadOnlyList<EncoderObservation> encoders)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        _leaders[sequence] = leader;
        for (; _oldestLeader < sequence - (2 * horizon); _oldestLeader++)
        {
            _leaders.Remove(_oldestLeader); // Begin looks back at most 2 × horizon slots
        }

        string? movedFrom = null;
        if (leader is not null && _lastLeader is not null && leader != _lastLeader)
        {
            _handovers++;
            movedFrom = _lastLeader;
        }

        _lastLeader = leader ?? _lastLeader;
        foreach (var encoder in encoders)
        {
            var breach = encoder.Psnr < qualityFloorDb;
            if (encoder.Id == leader)
            {
                _missed += encoder.Missed ? 1 : 0;
                _breaches += breach && !encoder.Missed ? 1 : 0;
            }

            if (encoder.Missed || breach)
            {
                Trouble(encoder.Id, encoder.Missed ? "deadline" : "quality", sequence);
            }
        }

        return movedFrom;
    }

    /// <summary>The verdict so far.</summary>
    public PredictionSummary Summarise()
    {
        var episodes = _episodes.Concat(_open.Values.Select(o => o.Episode)).OrderBy(e => e.Sequence).ToList();
        var relevant = episodes.Where(e => e.WasLeading).ToList();
        var leads = relevant.Where(e => e.LeadFrames is not null).Select(e => (double)e.LeadFrames!.Value).Order().ToList();
        return new PredictionSummary(policy, _missed, _breaches, _handovers, relevant, leads.Count, SortedSamples.Median(leads));
    }

    private void Trouble(string encoder, string kind, long sequence)
    {
        if (_open.TryGetValue(encoder, out var open) && sequence - open.Last < gop)
        {
            _open[encoder] = new Open(open.Episode with { Slots = open.Episode.Slots + 1 }, sequence);
            return;
        }

        if (open is not null)
        {
            _episodes.Add(open.Episode);
        }

        _open[encoder] = new Open(Begin(encoder, kind, sequence), sequence);
    }

    private HandoverEpisode Begin(string encoder, string kind, long sequence)
    {
        if (_leaders.GetValueOrDefault(sequence) == encoder)
        {
            return new HandoverEpisode(encoder, kind, sequence, 1, true, null);
        }

        for (var back = 1; back <= 2 * horizon && _leaders.ContainsKey(sequence - back); back++)
        {
            if (_leaders[sequence - back] == encoder)
            {
                return new HandoverEpisode(encoder, kind, sequence, 1, true, back);
            }
        }

        return new HandoverEpisode(encoder, kind, sequence, 1, false, null);
    }

    private sealed record Open(HandoverEpisode Episode, long Last);
}
