using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.Complexity;

/// <summary>The constants of the analysis, all from the component's options table.</summary>
public sealed record ComplexitySettings(
    int AnalysisWidth,
    double CannyLow,
    double CannyHigh,
    double TiScale,
    EncodingCostModel CostModel,
    double SceneCutDistance,
    double FastMotionScale,
    double FastActionThreshold,
    double DarkLuma,
    double LowLightThreshold,
    int Threads)
{
    /// <summary>Reads the settings from validated options (defaults applied).</summary>
    /// <exception cref="ArgumentException">highCostKbit is not above lowCostKbit.</exception>
    public static ComplexitySettings FromOptions(ComponentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GetDouble("highCostKbit") <= options.GetDouble("lowCostKbit"))
        {
            throw new ArgumentException($"highCostKbit ({options.GetDouble("highCostKbit")}) must be above lowCostKbit ({options.GetDouble("lowCostKbit")}): they are the predicted costs that score complexity 0 and 1.", nameof(options));
        }

        return new(
            (int)options.GetInt64("analysisWidth"),
            options.GetDouble("cannyLow"),
            options.GetDouble("cannyHigh"),
            options.GetDouble("tiScale"),
            new EncodingCostModel(
                options.GetDouble("costIntercept"),
                [.. EncodingCostModel.FeatureNames.Select(options.GetDouble)],
                options.GetDouble("lowCostKbit"),
                options.GetDouble("highCostKbit")),
            options.GetDouble("sceneCutDistance"),
            options.GetDouble("fastMotionScale"),
            options.GetDouble("fastActionThreshold"),
            options.GetDouble("darkLuma"),
            options.GetDouble("lowLightThreshold"),
            (int)options.GetInt64("threads"));
    }
}
