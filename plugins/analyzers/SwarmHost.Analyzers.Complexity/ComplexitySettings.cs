using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.Complexity;

/// <summary>The constants of the analysis, all from the component's options table.</summary>
public sealed record ComplexitySettings(
    int AnalysisWidth,
    double CannyLow,
    double CannyHigh,
    double SiScale,
    double TiScale,
    double EdgeScale,
    double MotionVarianceScale,
    double SiWeight,
    double TiWeight,
    double EdgeWeight,
    double MotionWeight,
    double SceneCutDistance,
    double FastMotionScale,
    double FastActionThreshold,
    double DarkLuma,
    double LowLightThreshold,
    int Threads)
{
    /// <summary>Reads the settings from validated options (defaults applied).</summary>
    public static ComplexitySettings FromOptions(ComponentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(
            (int)options.GetInt64("analysisWidth"),
            options.GetDouble("cannyLow"),
            options.GetDouble("cannyHigh"),
            options.GetDouble("siScale"),
            options.GetDouble("tiScale"),
            options.GetDouble("edgeScale"),
            options.GetDouble("motionVarianceScale"),
            options.GetDouble("siWeight"),
            options.GetDouble("tiWeight"),
            options.GetDouble("edgeWeight"),
            options.GetDouble("motionWeight"),
            options.GetDouble("sceneCutDistance"),
            options.GetDouble("fastMotionScale"),
            options.GetDouble("fastActionThreshold"),
            options.GetDouble("darkLuma"),
            options.GetDouble("lowLightThreshold"),
            (int)options.GetInt64("threads"));
    }
}
