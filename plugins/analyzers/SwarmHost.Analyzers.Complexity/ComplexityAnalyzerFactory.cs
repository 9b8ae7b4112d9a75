using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.Complexity;

/// <summary>The <c>complexity</c> analyzer component.</summary>
public sealed class ComplexityAnalyzerFactory : IAnalyzerFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "complexity",
        ComponentKind.Analyzer,
        "Content complexity analyzer",
        "Per frame, on luma scaled down to analysisWidth: spatial and temporal information (SI, TI) as ITU-T P.910 defines them (limited-range luma expanded to full range, as FFmpeg's siti filter does), edge density (Canny), a motion field (pyramidal Lucas-Kanade on a 16x9 grid) with its mean magnitude and vector variance, scene cuts (luma histogram distance), fast action and low light scores with flags, a noise estimate, and one content complexity in [0,1]: complexity = siWeight*min(SI/siScale,1) + tiWeight*min(TI/tiScale,1) + edgeWeight*min(edges/edgeScale,1) + motionWeight*min(motionVariance/motionVarianceScale,1), the weights normalised to sum 1.")
    {
        Author = "SwarmHost",
        Version = typeof(ComplexityAnalyzerFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT (OpenCV: Apache-2.0)",
        Rank = ComponentRank.Primary,
        Capabilities = new(KeyframeControl.PerFrame, 0, ["si-ti", "edges", "motion", "scene-cuts", "challenges"]),
        Options =
        [
            new OptionDescriptor("analysisWidth", OptionType.Integer, "Frames wider than this are scaled down (area averaging) before analysis; SI, TI and motion are in pixels of that size.") { Default = 640L, Minimum = 64, Maximum = 8192 },
            new OptionDescriptor("cannyLow", OptionType.Number, "Canny hysteresis low threshold (full-range luma gradient).") { Default = 50.0, Minimum = 0, Maximum = 1000 },
            new OptionDescriptor("cannyHigh", OptionType.Number, "Canny hysteresis high threshold.") { Default = 150.0, Minimum = 0, Maximum = 1000 },
            new OptionDescriptor("siScale", OptionType.Number, "SI that counts as fully complex.") { Default = 100.0, Minimum = 1, Maximum = 1000 },
            new OptionDescriptor("tiScale", OptionType.Number, "TI that counts as fully complex.") { Default = 50.0, Minimum = 1, Maximum = 1000 },
            new OptionDescriptor("edgeScale", OptionType.Number, "Edge density (fraction of edge pixels) that counts as fully complex.") { Default = 0.2, Minimum = 0.001, Maximum = 1 },
            new OptionDescriptor("motionVarianceScale", OptionType.Number, "Motion-vector variance (px² at analysis size) that counts as fully complex.") { Default = 16.0, Minimum = 0.001, Maximum = 10000 },
            new OptionDescriptor("siWeight", OptionType.Number, "Weight of SI in the complexity.") { Default = 0.3, Minimum = 0, Maximum = 1 },
            new OptionDescriptor("tiWeight", OptionType.Number, "Weight of TI in the complexity.") { Default = 0.3, Minimum = 0, Maximum = 1 },
            new OptionDescriptor("edgeWeight", OptionType.Number, "Weight of edge density in the complexity.") { Default = 0.2, Minimum = 0, Maximum = 1 },
            new OptionDescriptor("motionWeight", OptionType.Number, "Weight of motion-vector variance in the complexity.") { Default = 0.2, Minimum = 0, Maximum = 1 },
            new OptionDescriptor("sceneCutDistance", OptionType.Number, "Bhattacharyya distance between consecutive 32-bin luma histograms above which a frame is a scene cut.") { Default = 0.4, Minimum = 0, Maximum = 1 },
            new OptionDescriptor("fastMotionScale", OptionType.Number, "Mean motion (px per frame at analysis size) that scores fast action 1.") { Default = 8.0, Minimum = 0.1, Maximum = 1000 },
            new OptionDescriptor("fastActionThreshold", OptionType.Number, "Fast-action score at or above which the fastActionFlag is 1.") { Default = 0.6, Minimum = 0, Maximum = 1 },
            new OptionDescriptor("darkLuma", OptionType.Number, "Full-range luma below which a pixel counts as dark; a mean luma at or below it scores low light 1.") { Default = 50.0, Minimum = 1, Maximum = 255 },
            new OptionDescriptor("threads", OptionType.Integer, "Threads OpenCV may use (process-wide); 1 keeps the analysis on one core and leaves the rest to the encoders.") { Default = 1L, Minimum = 1, Maximum = 64 },
            new OptionDescriptor("lowLightThreshold", OptionType.Number, "Low-light score at or above which the lowLightFlag is 1.") { Default = 0.5, Minimum = 0, Maximum = 1 },
        ],
    };

    /// <inheritdoc />
    public IContentAnalyzer Create(ComponentOptions options, ComponentContext context) =>
        new ComplexityAnalyzer(ComplexitySettings.FromOptions(options));
}
