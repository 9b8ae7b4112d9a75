namespace SwarmHost.Feedback;

/// <summary>
/// Per slot and encoder: delivered on time or not, and the measured quality of the unit — the
/// material for the hindsight reference (<see cref="OracleReference"/>). Only the GOPs still
/// closing are kept per slot; an older GOP is folded at once into the frames the reference takes
/// from it (counted into the <see cref="QualitySamples"/> of the reference), so a run of any length keeps memory flat.
/// </summary>
/// <param name="gop">Frames per GOP.</param>
public sealed class EncoderFrameLog(int gop)
{
    private readonly SortedDictionary<long, SortedDictionary<long, Dictionary<string, (bool Delivered, double Psnr, double Ssim)>>> _open = [];
    private readonly QualitySamples _psnr = QualitySamples.Psnr();
    private readonly QualitySamples _ssim = QualitySamples.Ssim();
    private long _missed;

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
            _missed += Fold(_open[oldest].Values.ToList(), _psnr, _ssim);
            _open.Remove(oldest);
        }
    }

    /// <summary>The oracle over everything recorded.</summary>
    public OracleReference Oracle()
    {
        var psnr = _psnr.Copy();
        var ssim = _ssim.Copy();
        var missed = _missed;
        foreach (var group in _open.Values)
        {
            missed += Fold(group.Values.ToList(), psnr, ssim);
        }

        return new OracleReference(QualityFigures.Of(psnr, ssim), missed);
    }

    /// <summary>Takes one GOP from the encoder that delivered most of it (then the best mean PSNR, then the id); returns the slots it did not deliver.</summary>
    private static long Fold(List<Dictionary<string, (bool Delivered, double Psnr, double Ssim)>> slots, QualitySamples psnr, QualitySamples ssim)
    {
        var encoders = slots.SelectMany(s => s.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (encoders.Count == 0)
        {
            return slots.Count;
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

        return missed;
    }
}
