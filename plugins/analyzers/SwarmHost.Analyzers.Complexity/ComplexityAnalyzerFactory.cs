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
        "Per frame, on luma scaled down to analysisWidth: spatial and temporal information (SI, TI) as ITU-T P.910 defines them (limited-range luma expanded to full range, as FFmpeg's siti filter does), edge density (Canny), a motion field (pyramidal Lucas-Kanade on a 16x9 grid) with its mean magnitude and vector variance, scene cuts (luma histogram distance), fast action and low light scores with flags, a noise estimate, and one content complexity in [0,1] that ranks content by what it costs to encode: a log-linear model predicts the kbit per frame x264 (veryfast, CRF 23) spends at 640x360 from ln(1+SI), ln(1+TI), edge density, ln(1+motion variance), ln(1+noise), ln(1+texture energy: the mean absolute Laplacian) and ln(1+the mean change of its 16x16 block means from the previous frame) (reported as costKbit), and complexity = clamp(ln(cost/lowCostKbit) / ln(highCostKbit/lowCostKbit), 0, 1): 0 at a static picture's cost, 1 at full-frame noise. The cost* defaults are fitted on real clips by tools/SwarmHost.Tools.ComplexityFit (docs/complexity.md).")
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
            new OptionDescriptor("tiScale", OptionType.Number, "TI that scores fast action's TI part fully.") { Default = 50.0, Minimum = 1, Maximum = 1000 },
            new OptionDescriptor("costIntercept", OptionType.Number, "Encoding-cost model: ln(kbit per frame) with every feature 0.") { Default = CostDefaults.Intercept, Minimum = -100, Maximum = 100 },
            new OptionDescriptor("costSi", OptionType.Number, "Encoding-cost model: coefficient of ln(1 + SI).") { Default = CostDefaults.Si, Minimum = -100, Maximum = 100 },
            new OptionDescriptor("costTi", OptionType.Number, "Encoding-cost model: coefficient of ln(1 + TI).") { Default = CostDefaults.Ti, Minimum = -100, Maximum = 100 },
            new OptionDescriptor("costEdges", OptionType.Number, "Encoding-cost model: coefficient of the edge density (fraction of edge pixels).") { Default = CostDefaults.Edges, Minimum = -100, Maximum = 100 },
            new OptionDescriptor("costMotion", OptionType.Number, "Encoding-cost model: coefficient of ln(1 + motion-vector variance).") { Default = CostDefaults.Motion, Minimum = -100, Maximum = 100 },
            new OptionDescriptor("costNoise", OptionType.Number, "Encoding-cost model: coefficient of ln(1 + noise sigma).") { Default = CostDefaults.Noise, Minimum = -100, Maximum = 100 },
            new OptionDescriptor("costTexture", OptionType.Number, "Encoding-cost model: coefficient of ln(1 + texture energy).") { Default = CostDefaults.Texture, Minimum = -100, Maximum = 100 },
            new OptionDescriptor("costTextureChange", OptionType.Number, "Encoding-cost model: coefficient of ln(1 + texture change).") { Default = CostDefaults.TextureChange, Minimum = -100, Maximum = 100 },
            new OptionDescriptor("lowCostKbit", OptionType.Number, "Predicted kbit per frame that scores complexity 0 (what a static picture costs).") { Default = CostDefaults.LowKbit, Minimum = 0.001, Maximum = 100000 },
            new OptionDescriptor("highCostKbit", OptionType.Number, "Predicted kbit per frame that scores complexity 1 (what full-frame noise costs); above lowCostKbit.") { Default = CostDefaults.HighKbit, Minimum = 0.001, Maximum = 100000 },
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
