namespace SwarmHost.Weighting;

/// <summary>
/// Holt's linear trend (double exponential smoothing) on a model's recent errors: what the
/// content model does not explain — an encoder that gets steadily slower whatever the content,
/// or a sudden shift — as a level and a per-frame trend, extrapolated over the horizon.
/// </summary>
/// <param name="levelGain">α: how fast the level follows new errors.</param>
/// <param name="trendGain">β: how fast the trend follows changes of the level.</param>
public sealed class ResidualTrend(double levelGain = 0.3, double trendGain = 0.15)
{
    private bool _started;

    /// <summary>The smoothed error now.</summary>
    public double Level { get; private set; }

    /// <summary>The smoothed change of the error per frame.</summary>
    public double Trend { get; private set; }

    /// <summary>Adds the error of the newest frame.</summary>
    public void Add(double error)
    {
        if (!_started)
        {
            Level = error;
            _started = true;
            return;
        }

        var previous = Level;
        Level = (levelGain * error) + ((1 - levelGain) * (Level + Trend));
        Trend = (trendGain * (Level - previous)) + ((1 - trendGain) * Trend);
    }

    /// <summary>The error expected <paramref name="framesAhead"/> frames from now.</summary>
    public double At(int framesAhead) => Level + (Trend * framesAhead);
}
