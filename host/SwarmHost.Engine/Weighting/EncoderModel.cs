namespace SwarmHost.Weighting;

/// <summary>
/// One encoder's learnt encode-time and quality models for the predictive policy: a pair of
/// regressions over every frame, and a pair per content type learnt only on frames of that type.
/// A forecast for a frame uses its type's pair once that has learnt <c>warmUp</c> frames, else the
/// pair over every frame; until that has learnt <c>warmUp</c> frames the recent mean stands in.
/// </summary>
/// <remarks>Not thread-safe; the policy calls it from the slot loop only.</remarks>
/// <param name="forgetting">The regressions' forgetting factor.</param>
/// <param name="warmUp">Frames a regression learns before its forecast is trusted.</param>
internal sealed class EncoderModel(double forgetting, int warmUp)
{
    private readonly Regressions _all = new(forgetting);
    private readonly Dictionary<string, Regressions> _byType = new(StringComparer.Ordinal);
    private readonly ResidualTrend _timeTrend = new();
    private double _lastPsnr = double.NaN;
    private double _minMs = double.MaxValue;
    private double _maxMs;
    private double _minPsnr = double.MaxValue;
    private double _maxPsnr;

    /// <summary>Learns what the encoder did on a frame of this content.</summary>
    public void Learn(ContentSample content, EncoderObservation encoder)
    {
        var typed = content.Type is null ? null : _byType.TryGetValue(content.Type, out var known) ? known : _byType[content.Type] = new Regressions(forgetting);
        if (double.IsFinite(encoder.EncodeMs))
        {
            var before = TimeModel(content) is { } model ? model.Predict(content.Features) : encoder.RecentMeanMs;
            _timeTrend.Add(encoder.EncodeMs - before);
            _all.Time.Update(content.Features, encoder.EncodeMs);
            typed?.Time.Update(content.Features, encoder.EncodeMs);
            (_minMs, _maxMs) = (Math.Min(_minMs, encoder.EncodeMs), Math.Max(_maxMs, encoder.EncodeMs));
        }

        if (double.IsFinite(encoder.Psnr))
        {
            _all.Quality.Update(content.Features, encoder.Psnr);
            typed?.Quality.Update(content.Features, encoder.Psnr);
            _lastPsnr = encoder.Psnr;
            (_minPsnr, _maxPsnr) = (Math.Min(_minPsnr, encoder.Psnr), Math.Max(_maxPsnr, encoder.Psnr));
        }
    }

    /// <summary>The forecast encode time of a frame of this content, <paramref name="framesAhead"/> frames from now.</summary>
    public double EncodeMs(ContentSample content, double recentMeanMs, int framesAhead) =>
        TimeModel(content) is { } model
            ? Math.Clamp(model.Predict(content.Features) + _timeTrend.At(framesAhead), _minMs / 2, _maxMs * 1.5)
            : recentMeanMs + _timeTrend.At(framesAhead);

    /// <summary>The forecast luma PSNR of a frame of this content.</summary>
    public double Psnr(ContentSample content) =>
        Trusted(content, r => r.Quality) is { } model ? Math.Clamp(model.Predict(content.Features), _minPsnr - 3, _maxPsnr + 3) : _lastPsnr;

    private RecursiveLeastSquares? TimeModel(ContentSample content) => Trusted(content, r => r.Time);

    private RecursiveLeastSquares? Trusted(ContentSample content, Func<Regressions, RecursiveLeastSquares> pick)
    {
        if (content.Type is not null && _byType.TryGetValue(content.Type, out var typed) && pick(typed).Observations >= warmUp)
        {
            return pick(typed);
        }

        return pick(_all).Observations >= warmUp ? pick(_all) : null;
    }

    /// <summary>An encode-time and a quality regression.</summary>
    private sealed class Regressions(double forgetting)
    {
        public RecursiveLeastSquares Time { get; } = new(ContentFeatures.Count, forgetting);

        public RecursiveLeastSquares Quality { get; } = new(ContentFeatures.Count, forgetting);
    }
}
