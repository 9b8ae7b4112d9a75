using SwarmHost.Manifest;

namespace SwarmHost.Weighting;

/// <summary>
/// Forecasts, for each encoder and the next <c>horizon</c> frames, its encode time and its quality,
/// turns the forecasts into weight targets and drifts toward them — so an encoder that is about to
/// miss deadlines or fall below the quality floor loses the lead before it does.
/// </summary>
/// <remarks>
/// <para><b>Models, learnt online per encoder</b> (<see cref="EncoderModel"/>). Encode time and luma PSNR are each a
/// <see cref="RecursiveLeastSquares"/> regression on <see cref="ContentFeatures"/> (forgetting
/// 0.99, forecasts kept within half the smallest and 1.5× the largest value seen): an encoder's cost and quality depend mostly on how busy the picture is, linearly enough
/// over the range one swarm sees, and the forgetting lets the fit follow drift. Each encoder also
/// keeps a pair per content type (the frame's dominant <c>contentType.*</c>), so one that does well
/// on one type and badly on another is forecast per type, and what it learnt of a type survives a
/// stretch of another. What the content
/// does not explain — an encoder getting slower by itself, CPU contention — is caught by a
/// <see cref="ResidualTrend"/> on the time model's errors and extrapolated. Until 10 frames are
/// learnt the recent mean stands in. Why not something richer: a few hundred frames per run,
/// deterministic, microseconds per update, and each coefficient means something.</para>
/// <para><b>Content ahead.</b> The frames already analysed but not yet closed
/// (<see cref="WeightingInput.Upcoming"/>) are the real content of the next frames; beyond them
/// the newest report persists.</para>
/// <para><b>Deadlines.</b> In real time, the frames an encoder still holds and the coming ones are
/// simulated through it at the forecast times: a frame finishes at max(previous finish, its
/// arrival) + its time; the first whose wait exceeds the budget plus the encoder's delay is the
/// forecast miss.</para>
/// <para><b>Targets.</b> An encoder with a forecast miss within the horizon, or forecast quality
/// below the floor — or that has just missed a slot all the same — gets target 0 for at least half
/// a horizon (unless every encoder would: then the least bad keep a share).
/// The others share the weight by softmax of their forecast PSNR (1 dB temperature), the current
/// leader counting <c>hysteresisDb</c> more. Weights drift toward the targets at the adjustment
/// rate, at most <c>maxStep</c> per slot — except the weight of an encoder with a forecast miss
/// in k frames, which falls to its target within k − 1 slots, so the handover starts before the
/// miss however close it is.</para>
/// </remarks>
public sealed class PredictiveWeighting : IWeightingPolicy
{
    /// <summary>Forgetting factor of both regressions.</summary>
    public const double Forgetting = 0.99;

    /// <summary>Frames learnt before a model's forecast is trusted.</summary>
    public const int WarmUpFrames = 10;

    /// <summary>Softmax temperature of the quality forecast, dB.</summary>
    public const double TemperatureDb = 1;

    private readonly WeightingSettings _settings;
    private readonly int _horizon;
    private readonly Dictionary<string, EncoderModel> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _excludedUntil = new(StringComparer.Ordinal);

    /// <summary>Creates the policy.</summary>
    /// <param name="settings">The weighting section: rate, floor, hysteresis, step bound.</param>
    /// <param name="horizonFrames">Frames ahead the forecasts cover.</param>
    public PredictiveWeighting(WeightingSettings settings, int horizonFrames)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonFrames, 1);
        _settings = settings;
        _horizon = horizonFrames;
    }

    /// <inheritdoc />
    public string Name => "predictive";

    /// <inheritdoc />
    public WeightingStep Decide(WeightingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        WeightStore.Forget(_models, input.Encoders);
        WeightStore.Forget(_weights, input.Encoders);
        WeightStore.Forget(_excludedUntil, input.Encoders);
        var current = ContentSample.Of(input.Content);
        var ahead = Ahead(input);
        var forecasts = new Dictionary<string, (double Ms, double Psnr, int? Miss)>(StringComparer.Ordinal);
        foreach (var encoder in input.Encoders)
        {
            if (!_models.TryGetValue(encoder.Id, out var model))
            {
                _models[encoder.Id] = model = new EncoderModel(Forgetting, WarmUpFrames);
            }

            model.Learn(current, encoder);
            forecasts[encoder.Id] = Forecast(model, encoder, ahead, input);
        }

        var targets = Targets(input, forecasts);
        foreach (var encoder in input.Encoders)
        {
            var weight = _weights.GetValueOrDefault(encoder.Id, 1.0 / input.Encoders.Count);
            var drifted = WeightStore.Drift(weight, targets[encoder.Id], _settings.WeightAdjustmentRate, _settings.MaxStep);
            if (forecasts[encoder.Id].Miss is { } miss && drifted > targets[encoder.Id])
            {
                // a miss is forecast in `miss` frames: the bounded drift would hand over too late, so the weight falls to its target within miss − 1 slots
                drifted = Math.Min(drifted, weight - ((weight - targets[encoder.Id]) / Math.Max(1, miss - 1)));
            }

            _weights[encoder.Id] = drifted;
        }

        return new WeightingStep(
            new Dictionary<string, double>(_weights, StringComparer.Ordinal),
            forecasts.ToDictionary(p => p.Key, p => new EncoderForecast(p.Value.Ms, p.Value.Psnr, p.Value.Miss, p.Value.Psnr < _settings.QualityFloorDb, targets[p.Key]), StringComparer.Ordinal));
    }

    /// <summary>The content of the next <c>horizon</c> frames: the analysed ones, then the newest persisting.</summary>
    private ContentSample[] Ahead(WeightingInput input)
    {
        var known = input.Upcoming.Select(ContentSample.Of).ToList();
        var last = known.Count > 0 ? known[^1] : ContentSample.Of(input.Content);
        return [.. Enumerable.Range(0, Math.Max(_horizon, known.Count)).Select(k => k < known.Count ? known[k] : last)];
    }

    private (double Ms, double Psnr, int? Miss) Forecast(EncoderModel model, EncoderObservation encoder, ContentSample[] ahead, WeightingInput input)
    {
        // the frames it still holds are the newest of those analysed; the horizon starts with them
        var held = Math.Min(encoder.QueueDepth, ahead.Length);
        var first = Math.Max(0, Math.Min(input.Upcoming.Count, ahead.Length) - held);
        var times = new double[_horizon];
        for (var k = 0; k < _horizon; k++)
        {
            var x = ahead[Math.Min(first + k, ahead.Length - 1)];
            times[k] = Math.Max(0, model.EncodeMs(x, encoder.RecentMeanMs, k + 1));
        }

        var psnr = ahead.Take(_horizon).Select(model.Psnr).DefaultIfEmpty(double.NaN).Average();
        return (times.Average(), psnr, input.RealTime ? FirstMiss(times, held, encoder.DelayFrames, input) : null);
    }

    /// <summary>Runs the horizon's frames through the encoder at the forecast times; the 1-based index of the first one later than its deadline.</summary>
    private static int? FirstMiss(double[] times, int held, int delayFrames, WeightingInput input)
    {
        var allowed = input.BudgetMs + (delayFrames * input.FrameMs);
        var finish = 0.0;
        for (var k = 0; k < times.Length; k++)
        {
            // held frame k arrived (held − k − 1) intervals ago; coming frames arrive one interval apart from now
            var arrival = (k - held + 1) * input.FrameMs;
            finish = Math.Max(finish, arrival) + times[k];
            if (finish - arrival > allowed)
            {
                return k + 1;
            }
        }

        return null;
    }

    private Dictionary<string, double> Targets(WeightingInput input, Dictionary<string, (double Ms, double Psnr, int? Miss)> forecasts)
    {
        var known = forecasts.Values.Select(f => f.Psnr).Where(double.IsFinite).ToList();
        var neutral = known.Count > 0 ? known.Average() : 0;
        double Quality(string id) => double.IsFinite(forecasts[id].Psnr) ? forecasts[id].Psnr : neutral;
        var leader = _weights.Count == 0 ? null : input.Encoders.Select(e => e.Id).Where(_weights.ContainsKey).MaxBy(id => _weights[id]);

        // a forecast miss or breach, or a miss that just happened (the forecast was wrong), keeps an encoder out for half a horizon
        foreach (var encoder in input.Encoders.Where(e => forecasts[e.Id].Miss is not null || Quality(e.Id) < _settings.QualityFloorDb || e.Missed))
        {
            _excludedUntil[encoder.Id] = input.Sequence + Math.Max(1, _horizon / 2);
        }

        var fit = input.Encoders.Where(e => _excludedUntil.GetValueOrDefault(e.Id, long.MinValue) < input.Sequence).Select(e => e.Id).ToList();
        if (fit.Count == 0)
        {
            // nobody is fit: keep the ones that stay on time, else the ones whose miss is furthest away
            fit = input.Encoders.Where(e => forecasts[e.Id].Miss is null).Select(e => e.Id).ToList();
            if (fit.Count == 0)
            {
                var latest = input.Encoders.Max(e => forecasts[e.Id].Miss!.Value);
                fit = [.. input.Encoders.Where(e => forecasts[e.Id].Miss == latest).Select(e => e.Id)];
            }
        }

        var utility = fit.ToDictionary(id => id, id => Quality(id) + (id == leader ? _settings.HysteresisDb : 0), StringComparer.Ordinal);
        var best = utility.Values.Max();
        var shares = utility.ToDictionary(p => p.Key, p => Math.Exp((p.Value - best) / TemperatureDb), StringComparer.Ordinal);
        var sum = shares.Values.Sum();
        return input.Encoders.ToDictionary(e => e.Id, e => shares.TryGetValue(e.Id, out var share) ? share / sum : 0, StringComparer.Ordinal);
    }
}
