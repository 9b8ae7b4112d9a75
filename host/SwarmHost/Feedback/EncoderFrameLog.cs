namespace SwarmHost.Feedback;

/// <summary>
/// Per slot and encoder: delivered on time or not, and the measured quality of the unit — the
/// material for the hindsight reference (<see cref="OracleReference"/>). About 40 bytes per slot
/// and encoder.
/// </summary>
/// <param name="gop">Frames per GOP.</param>
public sealed class EncoderFrameLog(int gop)
{
    private readonly SortedDictionary<long, Dictionary<string, (bool Delivered, double Psnr, double Ssim)>> _slots = [];

    /// <summary>Records what <paramref name="encoder"/> did for slot <paramref name="sequence"/>.</summary>
    public void Record(long sequence, string encoder, bool delivered, double psnr, double ssim)
    {
        if (!_slots.TryGetValue(sequence, out var slot))
        {
            _slots[sequence] = slot = new(StringComparer.Ordinal);
        }

        slot[encoder] = (delivered, psnr, ssim);
    }

    /// <summary>The oracle over everything recorded.</summary>
    public OracleReference Oracle()
    {
        var psnr = new List<double>();
        var ssim = new List<double>();
        long missed = 0;
        foreach (var group in _slots.GroupBy(s => s.Key / gop))
        {
            var slots = group.Select(s => s.Value).ToList();
            var encoders = slots.SelectMany(s => s.Keys).Distinct(StringComparer.Ordinal).ToList();
            if (encoders.Count == 0)
            {
                missed += slots.Count;
                continue;
            }

            int Delivered(string id) => slots.Count(s => s.TryGetValue(id, out var f) && f.Delivered);
            double Mean(string id) => slots.Select(s => s.TryGetValue(id, out var f) && f.Delivered ? f.Psnr : double.NaN).Where(double.IsFinite).DefaultIfEmpty(0).Average();
            var best = encoders.OrderByDescending(Delivered).ThenByDescending(Mean).ThenBy(id => id, StringComparer.Ordinal).First();
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
        }

        return new OracleReference(QualityFigures.Of(psnr, ssim), missed);
    }
}
