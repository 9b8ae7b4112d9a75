namespace SwarmHost.Analyzers.Complexity;

/// <summary>
/// Turns one frame's measurements into a predicted encoding cost and the complexity score: a
/// log-linear model of the bits a frame costs at constant quality, fitted on real clips by
/// <c>tools/SwarmHost.Tools.ComplexityFit</c> (the defaults are its coefficients; <c>docs/complexity.md</c>
/// shows the fit).
/// </summary>
/// <remarks>
/// <para>ln(kbit per frame) = intercept + Σ coefficient·feature over <see cref="FeatureNames"/>:
/// ln(1+SI), ln(1+TI), edge density, ln(1+motion variance), ln(1+noise), ln(1+texture energy),
/// ln(1+texture change); the kbit being what x264 (veryfast, CRF 23, a
/// 30-frame GOP) spends on the frame's share of its GOP at 640×360.</para>
/// <para>complexity = clamp((ln kbit − ln lowKbit) / (ln highKbit − ln lowKbit), 0, 1): 0 at the cost
/// of a static picture, 1 at the cost of full-frame noise. Immutable and thread-safe.</para>
/// </remarks>
/// <param name="Intercept">ln(kbit per frame) with every feature 0.</param>
/// <param name="Coefficients">One per feature, in <see cref="FeatureNames"/> order.</param>
/// <param name="LowKbit">Predicted kbit per frame that scores complexity 0; positive.</param>
/// <param name="HighKbit">Predicted kbit per frame that scores complexity 1; above <paramref name="LowKbit"/>.</param>
public sealed record EncodingCostModel(double Intercept, IReadOnlyList<double> Coefficients, double LowKbit, double HighKbit)
{
    /// <summary>The features, as the option names of their coefficients.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["costSi", "costTi", "costEdges", "costMotion", "costNoise", "costTexture", "costTextureChange"];

    /// <summary>The model's features of one frame, in <see cref="FeatureNames"/> order.</summary>
    public static double[] Features(double si, double ti, double edgeDensity, double motionVariance, double noise, double textureEnergy, double textureChange) =>
        [Math.Log(1 + si), Math.Log(1 + ti), edgeDensity, Math.Log(1 + motionVariance), Math.Log(1 + noise), Math.Log(1 + textureEnergy), Math.Log(1 + textureChange)];

    /// <summary>The predicted ln(kbit per frame) for features from <see cref="Features"/>.</summary>
    public double LogKbit(IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var y = Intercept;
        for (var i = 0; i < Coefficients.Count; i++)
        {
            y += Coefficients[i] * features[i];
        }

        return y;
    }

    /// <summary>The complexity in [0, 1] of a predicted ln(kbit per frame).</summary>
    public double Complexity(double logKbit)
    {
        var low = Math.Log(LowKbit);
        var high = Math.Log(HighKbit);
        return high <= low ? 0 : Math.Clamp((logKbit - low) / (high - low), 0, 1);
    }
}
