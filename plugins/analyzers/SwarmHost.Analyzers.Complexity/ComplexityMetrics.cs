namespace SwarmHost.Analyzers.Complexity;

/// <summary>Names of the metrics this analyzer adds beside the standard ones in <see cref="SwarmHost.Abstractions.ContentMetrics"/>.</summary>
public static class ComplexityMetrics
{
    /// <summary>1 when the fast-action score reaches its threshold, else 0.</summary>
    public const string FastActionFlag = "fastActionFlag";

    /// <summary>1 when the low-light score reaches its threshold, else 0.</summary>
    public const string LowLightFlag = "lowLightFlag";

    /// <summary>Mean full-range luma (0–255).</summary>
    public const string MeanLuma = "meanLuma";

    /// <summary>Fraction of pixels darker than darkLuma.</summary>
    public const string DarkFraction = "darkFraction";

    /// <summary>Estimated noise σ in full-range luma levels.</summary>
    public const string Noise = "noise";

    /// <summary>Mean absolute Laplacian of the picture (16×16 block means): fine spatial texture.</summary>
    public const string TextureEnergy = "textureEnergy";

    /// <summary>Mean absolute change of the blocks' texture energy from the previous frame.</summary>
    public const string TextureChange = "textureChange";

    /// <summary>The encoding cost the complexity is scored from: predicted kbit per frame (x264 veryfast, CRF 23, 640×360).</summary>
    public const string CostKbit = "costKbit";

    /// <summary>What the analysis of this frame cost, ms.</summary>
    public const string AnalysisMs = "analysisMs";
}
