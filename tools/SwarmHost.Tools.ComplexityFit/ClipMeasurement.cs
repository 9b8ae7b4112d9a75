using SwarmHost.Analyzers.Complexity;

namespace SwarmHost.Tools.ComplexityFit;

/// <summary>One clip measured: the analyzer's model features and raw metrics per frame, and what every frame cost per codec.</summary>
/// <param name="Clip">The clip.</param>
/// <param name="Features">Per frame, the cost model's features (<see cref="EncodingCostModel.Features"/>).</param>
/// <param name="Raw">Per frame: SI, TI, edge density, motion variance, noise, texture energy, texture change.</param>
/// <param name="Bytes">Per codec, every packet's size in decode order.</param>
/// <param name="Gop">Frames per GOP the codecs were given.</param>
public sealed record ClipMeasurement(FitClip Clip, IReadOnlyList<double[]> Features, IReadOnlyList<double[]> Raw, IReadOnlyDictionary<string, IReadOnlyList<int>> Bytes, int Gop)
{
    /// <summary>Whole GOPs in the clip.</summary>
    public int Gops => Features.Count / Gop;

    /// <summary>Mean kbit per frame over the whole clip.</summary>
    public double MeanKbit(string codec) => Bytes[codec].Sum(b => (double)b) * 8 / 1000 / Bytes[codec].Count;

    /// <summary>Mean kbit per frame of GOP <paramref name="gop"/>.</summary>
    public double GopKbit(string codec, int gop) => Bytes[codec].Skip(gop * Gop).Take(Gop).Sum(b => (double)b) * 8 / 1000 / Gop;

    /// <summary>The mean of a per-frame value over GOP <paramref name="gop"/>.</summary>
    public double GopMean(Func<int, double> perFrame, int gop) => Enumerable.Range(gop * Gop, Gop).Average(perFrame);

    /// <summary>The mean of a per-frame value over the clip.</summary>
    public double Mean(Func<int, double> perFrame) => Enumerable.Range(0, Features.Count).Average(perFrame);
}
