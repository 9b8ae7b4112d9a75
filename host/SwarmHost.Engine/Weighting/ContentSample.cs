using SwarmHost.Abstractions;

namespace SwarmHost.Weighting;

/// <summary>What the predictive models read of one frame's content report.</summary>
/// <param name="Features">The regression features (<see cref="ContentFeatures.Of"/>).</param>
/// <param name="Type">The dominant content type, or null when no analyzer reported one (<see cref="ContentFeatures.DominantType"/>).</param>
public sealed record ContentSample(double[] Features, string? Type)
{
    /// <summary>The sample of one report.</summary>
    public static ContentSample Of(ContentReport content) => new(ContentFeatures.Of(content), ContentFeatures.DominantType(content));
}
