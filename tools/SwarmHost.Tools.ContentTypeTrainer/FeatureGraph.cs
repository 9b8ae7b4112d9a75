namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// The hand-crafted features of the default model, computed inside the ONNX graph from the two
/// stacked RGB pictures (160x90, values in [0,1], the earlier picture first), so the shipped model
/// takes pictures, not features, and needs nothing beside ONNX Runtime.
/// </summary>
/// <remarks>
/// Each feature is a frame-wide statistic that says something about how content was made rather
/// than what it shows, which is what generalises from stand-in training content to real footage:
/// flat, saturated regions with sharp outlines (drawn animation); a large green or wood-coloured
/// field with many small movers and camera pans (sports); a large skin-coloured region near the
/// upper centre with little motion (a talking head). Luma is BT.601 (0.299 R + 0.587 G + 0.114 B);
/// gradients are Sobel responses divided by 8.
/// </remarks>
public static class FeatureGraph
{
    /// <summary>Picture width the model takes.</summary>
    public const int Width = 160;

    /// <summary>Picture height the model takes.</summary>
    public const int Height = 90;

    /// <summary>The model's input name.</summary>
    public const string InputName = "frames";

    /// <summary>The features, in the order of the feature vector.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "meanLuma", "lumaStd", "meanSaturation", "saturationStd", "highSaturationFraction",
        "meanGradient", "flatFraction", "texturedFraction", "strongEdgeFraction", "flatBlockFraction",
        "greenFraction", "woodFraction", "skinFraction", "centreSkinFraction", "darkFraction", "brightFraction",
        "meanMotion", "movingFraction", "centreMotion", "borderMotion",
    ];

    /// <summary>Adds the input and the feature nodes to a graph.</summary>
    /// <returns>The name of the [1, features] value.</returns>
    public static string Build(OnnxGraph g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var x = g.Input(InputName, 1, 6, Height, Width);
        string Slice(string v, long start, long end, long axis) => g.Node("Slice", [v, g.Int64s(start), g.Int64s(end), g.Int64s(axis)]);
        string Mean(string v) => g.Node("ReduceMean", [v], ("axes", new long[] { 1, 2, 3 }), ("keepdims", 1L));
        string C(float value) => g.Constant([value], 1);
        string Bin(string op, string a, string b) => g.Node(op, [a, b]);
        string Fraction(string condition) => Mean(g.Node("Cast", [condition], ("to", 1L)));
        string Gt(string v, float t) => Bin("Greater", v, C(t));
        string Lt(string v, float t) => Bin("Less", v, C(t));
        string Std(string v, string mean) => g.Node("Sqrt", [Bin("Add", Bin("Sub", Mean(Bin("Mul", v, v)), Bin("Mul", mean, mean)), C(1e-8f))]);
        string Centre(string v) => Slice(Slice(v, Height / 10, Height * 7 / 10, 2), Width * 3 / 10, Width * 7 / 10, 3);

        var earlier = Slice(x, 0, 3, 1);
        var current = Slice(x, 3, 6, 1);
        var lumaKernel = g.Constant([0.299f, 0.587f, 0.114f], 1, 3, 1, 1);
        var luma = g.Node("Conv", [current, lumaKernel]);
        var earlierLuma = g.Node("Conv", [earlier, lumaKernel]);
        var r = Slice(current, 0, 1, 1);
        var gr = Slice(current, 1, 2, 1);
        var b = Slice(current, 2, 3, 1);

        var meanLuma = Mean(luma);
        var saturation = Bin("Sub", g.Node("ReduceMax", [current], ("axes", new long[] { 1 }), ("keepdims", 1L)), g.Node("ReduceMin", [current], ("axes", new long[] { 1 }), ("keepdims", 1L)));
        var meanSaturation = Mean(saturation);

        float[] sobel = [-1, 0, 1, -2, 0, 2, -1, 0, 1, -1, -2, -1, 0, 0, 0, 1, 2, 1];
        var gradients = g.Node("Conv", [luma, g.Constant([.. sobel.Select(v => v / 8f)], 2, 1, 3, 3)], ("pads", new long[] { 1, 1, 1, 1 }));
        var gradient = g.Node("Sqrt", [Bin("Add", g.Node("ReduceSumSquare", [gradients], ("axes", new long[] { 1 }), ("keepdims", 1L)), C(1e-10f))]);

        var blockMean = g.Node("AveragePool", [luma], ("kernel_shape", new long[] { 4, 4 }), ("strides", new long[] { 4, 4 }));
        var blockSquares = g.Node("AveragePool", [Bin("Mul", luma, luma)], ("kernel_shape", new long[] { 4, 4 }), ("strides", new long[] { 4, 4 }));
        var blockVariance = Bin("Sub", blockSquares, Bin("Mul", blockMean, blockMean));

        var green = Bin("And", Gt(Bin("Sub", gr, r), 0.02f), Gt(Bin("Sub", gr, b), 0.02f));
        var wood = Bin("And", Bin("And", Gt(Bin("Sub", r, gr), 0.06f), Gt(Bin("Sub", gr, b), 0.04f)), Gt(r, 0.35f));
        var skin = Bin("And", Bin("And", Bin("And", Gt(r, 0.37f), Gt(gr, 0.16f)), Bin("And", Gt(b, 0.08f), Gt(Bin("Sub", r, gr), 0.05f))), Bin("And", Gt(Bin("Sub", r, b), 0.0f), Lt(Bin("Sub", r, gr), 0.45f)));

        var difference = g.Node("Abs", [Bin("Sub", luma, earlierLuma)]);
        var meanMotion = Mean(difference);
        var centreMotion = Mean(Centre(difference));

        string[] features =
        [
            meanLuma, Std(luma, meanLuma), meanSaturation, Std(saturation, meanSaturation), Fraction(Gt(saturation, 0.5f)),
            Mean(gradient), Fraction(Lt(gradient, 0.01f)), Fraction(Bin("And", Gt(gradient, 0.02f), Lt(gradient, 0.08f))), Fraction(Gt(gradient, 0.15f)), Fraction(Lt(blockVariance, 2e-5f)),
            Fraction(green), Fraction(wood), Fraction(skin), Fraction(Centre(skin)), Fraction(Lt(luma, 0.12f)), Fraction(Gt(luma, 0.9f)),
            meanMotion, Fraction(Gt(difference, 0.06f)), centreMotion, Bin("Div", Bin("Sub", meanMotion, Bin("Mul", centreMotion, C(0.24f))), C(0.76f)),
        ];
        return g.Node("Reshape", [g.Node("Concat", features, ("axis", 1L)), g.Int64s(1, features.Length)]);
    }
}
