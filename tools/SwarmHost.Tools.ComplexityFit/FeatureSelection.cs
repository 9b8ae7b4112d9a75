using MathNet.Numerics.Statistics;
using SwarmHost.Analyzers.Complexity;

namespace SwarmHost.Tools.ComplexityFit;

/// <summary>
/// Chooses which features the cost model uses, and whether the generated anchors are fitted on,
/// by leave-one-package-out cross-validation on the fitted clips only: every choice is fitted
/// without one package's clips and predicts those clips' mean ln(kbit per frame); the choice with
/// the smallest root-mean-square error of those out-of-package predictions wins. The held-out clips
/// play no part. Deterministic.
/// </summary>
public static class FeatureSelection
{
    /// <summary>The outcome: the feature mask, whether the anchors were fitted on, the cross-validated error (ln kbit) and rank correlation of the clip means.</summary>
    public sealed record Choice(int Mask, bool WithAnchors, double CrossValidatedError, double CrossValidatedRho);

    /// <summary>Runs the selection.</summary>
    public static Choice Choose(IReadOnlyList<ClipMeasurement> fitted, IReadOnlyList<ClipMeasurement> anchors, string codec, ClipMeasurement low, ClipMeasurement high)
    {
        ArgumentNullException.ThrowIfNull(fitted);
        ArgumentNullException.ThrowIfNull(anchors);
        var packages = fitted.Select(c => c.Clip.Package).Distinct(StringComparer.Ordinal).ToList();
        Choice? best = null;
        for (var mask = 1; mask < 1 << EncodingCostModel.FeatureNames.Count; mask++)
        {
            foreach (var withAnchors in new[] { false, true })
            {
                var predicted = new Dictionary<ClipMeasurement, double>();
                foreach (var package in packages)
                {
                    var training = fitted.Where(c => c.Clip.Package != package).Concat(withAnchors ? anchors : []).ToList();
                    var model = CostModelFit.Fit(training, codec, low, high, mask);
                    foreach (var clip in fitted.Where(c => c.Clip.Package == package))
                    {
                        predicted[clip] = clip.Mean(i => model.LogKbit(clip.Features[i]));

                    }
                }

                var error = Math.Sqrt(fitted.Average(c => Math.Pow(predicted[c] - Math.Log(c.MeanKbit(codec)), 2)));
                if (best is null || error < best.CrossValidatedError)
                {
                    best = new Choice(mask, withAnchors, error, Correlation.Spearman(fitted.Select(c => predicted[c]), fitted.Select(c => c.MeanKbit(codec))));
                }
            }
        }

        return best!;
    }
}
