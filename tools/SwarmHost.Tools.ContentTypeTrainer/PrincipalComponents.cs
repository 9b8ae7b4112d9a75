using MathNet.Numerics.LinearAlgebra;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// The backbone's features reduced to their first principal components on the training set
/// (MathNet's SVD of the centred samples), so a few hundred samples train a head of a few dozen
/// weights per class, and the face detector's three features are not lost among 512.
/// </summary>
/// <param name="Mean">Per-feature training mean.</param>
/// <param name="Projection">Row-major [features × components]: the components as columns, signs fixed so each one's largest loading is positive.</param>
/// <param name="Components">How many components.</param>
public sealed record PrincipalComponents(float[] Mean, float[] Projection, int Components)
{
    /// <summary>Fits the components on the training samples' first <paramref name="features"/> values.</summary>
    public static PrincipalComponents Fit(IReadOnlyList<float[]> samples, int features, int components)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var mean = new float[features];
        foreach (var s in samples)
        {
            for (var f = 0; f < features; f++)
            {
                mean[f] += s[f] / samples.Count;
            }
        }

        var centred = Matrix<double>.Build.Dense(samples.Count, features, (i, f) => samples[i][f] - mean[f]);
        var v = centred.Svd(computeVectors: true).VT.Transpose(); // [features × features], columns by falling variance
        var projection = new float[features * components];
        for (var c = 0; c < components; c++)
        {
            var column = v.Column(c);
            var sign = column.AbsoluteMaximum() == column.Maximum() ? 1 : -1;
            for (var f = 0; f < features; f++)
            {
                projection[(f * components) + c] = (float)(sign * column[f]);
            }
        }

        return new PrincipalComponents(mean, projection, components);
    }

    /// <summary>One sample's components followed by its values after the backbone's (the face features), unchanged.</summary>
    public float[] Apply(float[] sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var features = Mean.Length;
        var result = new float[Components + sample.Length - features];
        for (var c = 0; c < Components; c++)
        {
            double sum = 0;
            for (var f = 0; f < features; f++)
            {
                sum += (sample[f] - Mean[f]) * Projection[(f * Components) + c];
            }

            result[c] = (float)sum;
        }

        Array.Copy(sample, features, result, Components, sample.Length - features);
        return result;
    }

    /// <summary>Appends the same reduction to a graph: its input value holds the backbone's features, then the rest.</summary>
    /// <returns>The reduced value ([1, components + rest]).</returns>
    public string AddTo(OnnxGraph graph, string input, int total)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var features = Mean.Length;
        var backbone = graph.Node("Slice", [input, graph.Int64s(0), graph.Int64s(features), graph.Int64s(1)]);
        var reduced = graph.Node("MatMul", [graph.Node("Sub", [backbone, graph.Constant(Mean, 1, features)]), graph.Constant(Projection, features, Components)]);
        if (total == features)
        {
            return reduced;
        }

        var rest = graph.Node("Slice", [input, graph.Int64s(features), graph.Int64s(total), graph.Int64s(1)]);
        return graph.Node("Concat", [reduced, rest], ("axis", 1L));
    }
}
