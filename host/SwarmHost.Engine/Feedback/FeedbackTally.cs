using SwarmHost.Telemetry;

namespace SwarmHost.Feedback;

/// <summary>
/// Running feedback figures of one encoder id: for the whole run and for the current GOP (written
/// as an <c>encoder-stats</c> event at each GOP's end, then reset).
/// </summary>
internal sealed class FeedbackTally
{
    private readonly QualitySamples _psnr = QualitySamples.Psnr();
    private readonly QualitySamples _ssim = QualitySamples.Ssim();
    private readonly Window _run = new();
    private readonly Window _gop = new();

    /// <summary>Adds one closed slot the encoder was expected in.</summary>
    public void Add(bool delivered, double encodeMs, int bytes, double psnr, double ssim, int queueDepth)
    {
        _run.Add(delivered, encodeMs, bytes, psnr, ssim, queueDepth);
        _gop.Add(delivered, encodeMs, bytes, psnr, ssim, queueDepth);
        _psnr.Add(psnr);
        _ssim.Add(ssim);
    }

    /// <summary>The current GOP's figures as an <c>encoder-stats</c> event, then starts the next GOP.</summary>
    /// <param name="encoder">The encoder id.</param>
    /// <param name="frameMs">The frame interval, ms.</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="cpuMs">The worker's CPU time so far, ms; the GOP's share is the difference to the last call.</param>
    /// <param name="calls">The worker's encode calls so far.</param>
    /// <param name="qualityMs">The worker's quality-measurement time so far, ms.</param>
    /// <param name="residentMb">The resident size of its lane process now, MB; NaN for an encoder in the host's process.</param>
    public EncoderStatsEvent CloseGop(string encoder, double frameMs, double fps, double cpuMs, long calls, double qualityMs, double residentMb = double.NaN)
    {
        var stats = new EncoderStatsEvent(
            _gop.Slots,
            _gop.Delivered,
            _gop.Slots - _gop.Delivered,
            Round(_gop.MeanMs),
            Round(_gop.MaxMs),
            Round(_gop.MeanMs / frameMs),
            Round(calls > _gop.CallsAtStart ? (cpuMs - _gop.CpuAtStart) / (calls - _gop.CallsAtStart) : double.NaN),
            Round(_gop.MeanQueue),
            _gop.MaxQueue,
            Round(_gop.Slots == 0 ? 0 : _gop.Bytes * 8.0 * fps / _gop.Slots / 1000),
            Round(_gop.MeanPsnr),
            Math.Round(_gop.MeanSsim, 4),
            Round(calls > _gop.CallsAtStart ? (qualityMs - _gop.QualityAtStart) / (calls - _gop.CallsAtStart) : 0),
            encoder,
            double.IsFinite(residentMb) ? Math.Round(residentMb, 1) : null);
        _gop.Restart(cpuMs, calls, qualityMs);
        return stats;
    }

    /// <summary>Starts a fresh GOP window (a new instance joined), keeping the run's figures.</summary>
    public void Reset() => _gop.Restart(0, 0, 0);

    /// <summary>The whole run's figures.</summary>
    public EncoderFeedback Summarise(double frameMs, double fps, double cpuMs, long calls, double qualityMs, double? targetKbps) => new(
        Round(_run.MaxMs),
        Round(_run.MeanMs / frameMs),
        Round(calls > 0 ? cpuMs / calls : double.NaN),
        Round(_run.MeanQueue),
        _run.MaxQueue,
        _run.Slots == 0 ? 0 : Math.Round((_run.Slots - _run.Delivered) / (double)_run.Slots, 4),
        Round(_run.Slots == 0 ? 0 : _run.Bytes * 8.0 * fps / _run.Slots / 1000),
        targetKbps,
        QualityFigures.Of(_psnr, _ssim),
        Round(calls > 0 ? qualityMs / calls : 0));

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 2) : double.NaN;

    /// <summary>Sums over a span of slots.</summary>
    private sealed class Window
    {
        private double _msSum;
        private int _msCount;
        private double _psnrSum;
        private int _psnrCount;
        private double _ssimSum;
        private int _ssimCount;
        private long _queueSum;

        public int Slots { get; private set; }

        public int Delivered { get; private set; }

        public long Bytes { get; private set; }

        public double MaxMs { get; private set; }

        public int MaxQueue { get; private set; }

        public double CpuAtStart { get; private set; }

        public long CallsAtStart { get; private set; }

        public double QualityAtStart { get; private set; }

        public double MeanMs => _msCount == 0 ? double.NaN : _msSum / _msCount;

        public double MeanPsnr => _psnrCount == 0 ? double.NaN : _psnrSum / _psnrCount;

        public double MeanSsim => _ssimCount == 0 ? double.NaN : _ssimSum / _ssimCount;

        public double MeanQueue => Slots == 0 ? 0 : _queueSum / (double)Slots;

        public void Add(bool delivered, double encodeMs, int bytes, double psnr, double ssim, int queueDepth)
        {
            Slots++;
            Delivered += delivered ? 1 : 0;
            Bytes += bytes;
            _queueSum += queueDepth;
            MaxQueue = Math.Max(MaxQueue, queueDepth);
            if (double.IsFinite(encodeMs))
            {
                _msSum += encodeMs;
                _msCount++;
                MaxMs = Math.Max(MaxMs, encodeMs);
            }

            if (double.IsFinite(psnr))
            {
                _psnrSum += psnr;
                _psnrCount++;
            }

            if (double.IsFinite(ssim))
            {
                _ssimSum += ssim;
                _ssimCount++;
            }
        }

        public void Restart(double cpuMs, long calls, double qualityMs)
        {
            (_msSum, _msCount, _psnrSum, _psnrCount, _ssimSum, _ssimCount, _queueSum) = (0, 0, 0, 0, 0, 0, 0);
            (Slots, Delivered, Bytes, MaxMs, MaxQueue) = (0, 0, 0, 0, 0);
            (CpuAtStart, CallsAtStart, QualityAtStart) = (cpuMs, calls, qualityMs);
        }
    }
}
