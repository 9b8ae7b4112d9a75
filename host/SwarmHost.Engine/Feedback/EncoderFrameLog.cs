namespace SwarmHost.Feedback;

/// <summary>
/// Per slot and encoder: delivered on time or not, and the measured quality of the unit; per slot,
/// the encoder the output took it from — the material for the hindsight reference
/// (<see cref="OracleReference"/>). Only the GOPs still closing are kept; an older GOP is folded at
/// once into the frames the reference takes from it (counted into the <see cref="QualitySamples"/>
/// of the reference), and its choice is kept only until the output has passed it, so a run of any
/// length keeps memory flat.
/// </summary>
/// <param name="gop">Frames per GOP.</param>
public sealed class EncoderFrameLog(int gop)
{
    private readonly SortedDictionary<long, SortedDictionary<long, Dictionary<string, (bool Delivered, double Psnr, double Ssim)>>> _open = [];
    private readonly SortedDictionary<long, string> _chosen = [];
    private readonly SortedDictionary<long, Dictionary<string, int>> _taken = [];
    private readonly QualitySamples _psnr = QualitySamples.Psnr();
    private readonly QualitySamples _ssim = QualitySamples.Ssim();
    private long _missed;
    private long _outputGops;
    private long _takenAsOracle;

    /// <summary>Records what <paramref name="encoder"/> did for slot <paramref name="sequence"/>. Slots are recorded about in order: a GOP two behind the newest is final.</summary>
    public void Record(long sequence, string encoder, bool delivered, double psnr, double ssim)
    {
        var index = sequence / gop;
        if (!_open.TryGetValue(index, out var group))
        {
            _open[index] = group = [];
        }

        if (!group.TryGetValue(sequence, out var slot))
        {
            group[sequence] = slot = new(StringComparer.Ordinal);
        }

        slot[encoder] = (delivered, psnr, ssim);
        while (_open.Count > 0 && _open.Keys.First() < index - 1)
        {
            var oldest = _open.Keys.First();
            var (best, missed) = Fold(_open[oldest].Values.ToList(), _psnr, _ssim);
            _missed += missed;
            if (best is not null)
            {
                _chosen[oldest] = best;
            }

            _open.Remove(oldest);
        }
    }

    /// <summary>Records that the output took slot <paramref name="sequence"/> from <paramref name="encoder"/> (the combiner's leader for it). Slots are written about in order: a GOP behind the newest written is final.</summary>
    public void RecordOutput(long sequence, string encoder)
    {
        var index = sequence / gop;
        if (!_taken.TryGetValue(index, out var counts))
        {
            _taken[index] = counts = new(StringComparer.Ordinal);
        }

        counts[encoder] = counts.GetValueOrDefault(encoder) + 1;
        while (_chosen.Count > 0 && _chosen.Keys.First() is var passed && passed < index)
        {
            (_outputGops, _takenAsOracle) = Compare(passed, _chosen[passed], _outputGops, _takenAsOracle);
            _chosen.Remove(passed);
            _taken.Remove(passed);
        }

        // A GOP no encoder recorded anything for has no choice to compare with.
        while (_taken.Count > 0 && _taken.Keys.First() is var unmeasured && unmeasured < index - 1 && !_open.ContainsKey(unmeasured))
        {
            _taken.Remove(unmeasured);
        }
    }

    /// <summary>The oracle over everything recorded.</summary>
    public OracleReference Oracle()
    {
        var psnr = _psnr.Copy();
        var ssim = _ssim.Copy();
        var missed = _missed;
        var (gops, agreed) = (_outputGops, _takenAsOracle);
        foreach (var (index, best) in _chosen)
        {
            (gops, agreed) = Compare(index, best, gops, agreed);
        }

        foreach (var (index, group) in _open)
        {
            var (best, notDelivered) = Fold(group.Values.ToList(), psnr, ssim);
            missed += notDelivered;
            if (best is not null)
            {
                (gops, agreed) = Compare(index, best, gops, agreed);
            }
        }

        return new OracleReference(QualityFigures.Of(psnr, ssim), missed, gops, agreed);
    }

    /// <summary>Counts GOP <paramref name="index"/> when the output took any of it, as agreeing when it took most of its slots from <paramref name="best"/>.</summary>
    private (long Gops, long Agreed) Compare(long index, string best, long gops, long agreed)
    {
        if (!_taken.TryGetValue(index, out var counts) || counts.Count == 0)
        {
            return (gops, agreed);
        }

        var most = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
        return (gops + 1, agreed + (most == best ? 1 : 0));
    }

    /// <summary>Takes one GOP from the encoder that delivered most of it (then the best mean PSNR, then the id); returns that encoder (<see langword="null"/> when none recorded any) and the slots it did not deliver.</summary>
    private static (string? Best, long Missed) Fold(List<Dictionary<string, (bool Delivered, double Psnr, double Ssim)>> slots, QualitySamples psnr, QualitySamples ssim)
    {
        var encoders = slots.SelectMany(s => s.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (encoders.Count == 0)
        {
            return (null, slots.Count);
        }

        int Delivered(string id) => slots.Count(s => s.TryGetValue(id, out var f) && f.Delivered);
        double Mean(string id) => slots.Select(s => s.TryGetValue(id, out var f) && f.Delivered ? f.Psnr : double.NaN).Where(double.IsFinite).DefaultIfEmpty(0).Average();
        var best = encoders.OrderByDescending(Delivered).ThenByDescending(Mean).ThenBy(id => id, StringComparer.Ordinal).First();
        long missed = 0;
        foreach (var slot in slots)
        {
            if (slot.TryGetValue(best, out var frame) && frame.Delivered)
            {
                psnr.Add(frame.Psnr);
                ssim.Add(frame.Ssim);
            }
            else
            {
                missed++;
            }
        }

        return (best, missed);
    }
}
