namespace SwarmHost.Tools.ComplexityFit;

/// <summary>What a clip of the recipe is used for.</summary>
public enum FitRole
{
    /// <summary>The cost model is fitted on it.</summary>
    Fit,

    /// <summary>Real footage from a package no fitted clip comes from: the correlation is measured on it.</summary>
    HeldOut,

    /// <summary>A generated picture that fixes an end of the scale (fitted on too).</summary>
    Anchor,
}

/// <summary>One clip of the recipe.</summary>
/// <param name="Name">Its file name, or what the generated graph shows.</param>
/// <param name="Package">Where it comes from (registry and package), or <c>lavfi</c>.</param>
/// <param name="Uri">What to open: a file path or a <c>lavfi:</c> graph.</param>
/// <param name="Role">What it is used for.</param>
public sealed record FitClip(string Name, string Package, string Uri, FitRole Role);
