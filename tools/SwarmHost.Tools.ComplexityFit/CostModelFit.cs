using MathNet.Numerics.LinearAlgebra;
using SwarmHost.Analyzers.Complexity;

namespace SwarmHost.Tools.ComplexityFit;

/// <summary>
/// Fits the encoding-cost model: least squares of ln(kbit per frame) per GOP on the GOP's mean
/// features, every clip weighted equally whatever its length. The features are standardised and
/// their coefficients (not the intercept) carry a small ridge penalty, so collinear features stay
/// bounded; the result is converted back to the raw features. Deterministic.
/// </summary>
public static class CostModelFit
{
    /// <summary>
    /// The model with its scale ends set: complexity 0 at what it predicts for <paramref name="low"/>
    /// (a static picture; a log-linear model fitted on real footage cannot go as low as a picture
    /// that never changes really costs), 1 at what <paramref name="high"/> (full-frame noise)
    /// measurably costs in <paramref name="codec"/> (the model predicts more there; complexity is clamped).
    /// </summary>
    public static EncodingCostModel Scaled(EncodingCostModel model, ClipMeasurement low, ClipMeasurement high, string codec)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        return model with { LowKbit = Math.Exp(low.Mean(i => model.LogKbit(low.Features[i]))), HighKbit = high.MeanKbit(codec) };
    }

    /// <summary>The ridge penalty on standardised coefficients, per unit of total weight.</summary>
    public const double Ridge = 0.01;

    /// <summary>Fits the coefficients on <paramref name="clips"/> against <paramref name="codec"/>'s cost; the scale ends are the measured costs of <paramref name="low"/> and <paramref name="high"/>.</summary>
    public static EncodingCostModel Fit(IReadOnlyList<ClipMeasurement> clips, string codec, ClipMeasurement low, ClipMeasurement high) =>
        Fit(clips, codec, low, high, (1 << EncodingCostModel.FeatureNames.Count) - 1);

    /// <summary>As <see cref="Fit(IReadOnlyList{ClipMeasurement}, string, ClipMeasurement, ClipMeasurement)"/> with only the features whose bit is set in <paramref name="mask"/> (the others get 0).</summary>
    public static EncodingCostModel Fit(IReadOnlyList<ClipMeasurement> clips, string codec, ClipMeasurement low, ClipMeasurement high, int mask)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        var rows = new List<(double[] X, double Y, double W)>();
        foreach (var clip in clips)
        {
            var weight = 1.0 / clip.Gops;
            for (var g = 0; g < clip.Gops; g++)
            {
                var x = Enumerable.Range(0, EncodingCostModel.FeatureNames.Count).Where(f => (mask & (1 << f)) != 0).Select(f => clip.GopMean(i => clip.Features[i][f], g)).ToArray();
                rows.Add((x, Math.Log(clip.GopKbit(codec, g)), weight));
            }
        }

        var k = rows[0].X.Length;
        var total = rows.Sum(r => r.W);
        var mean = Enumerable.Range(0, k).Select(f => rows.Sum(r => r.W * r.X[f]) / total).ToArray();
        var scale = Enumerable.Range(0, k).Select(f => Math.Sqrt(rows.Sum(r => r.W * Math.Pow(r.X[f] - mean[f], 2)) / total)).Select(s => s > 0 ? s : 1).ToArray();
        var a = Matrix<double>.Build.Dense(k + 1, k + 1);
        var b = Vector<double>.Build.Dense(k + 1);
        foreach (var (x, y, w) in rows)
        {
            var v = Vector<double>.Build.DenseOfEnumerable(x.Select((value, f) => (value - mean[f]) / scale[f]).Prepend(1.0));
            a += w * v.OuterProduct(v);
            b += w * y * v;
        }

        for (var i = 1; i <= k; i++)
        {
            a[i, i] += Ridge * total;
        }

        var z = a.Solve(b);
        var c = new double[k + 1];
        c[0] = z[0];
        for (var f = 0; f < k; f++)
        {
            c[f + 1] = z[f + 1] / scale[f];
            c[0] -= c[f + 1] * mean[f];
        }

        var selected = Enumerable.Range(0, EncodingCostModel.FeatureNames.Count).Where(f => (mask & (1 << f)) != 0).ToList();
        var coefficients = new double[EncodingCostModel.FeatureNames.Count];
        for (var j = 0; j < selected.Count; j++)
        {
            coefficients[selected[j]] = c[j + 1];
        }

        return new EncodingCostModel(c[0], coefficients, low.MeanKbit(codec), high.MeanKbit(codec));
    }
}
