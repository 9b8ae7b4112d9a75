using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// The classifier on top of the features: features standardised with the training set's mean and
/// standard deviation, then multinomial logistic regression (ML.NET's L-BFGS maximum entropy,
/// one thread, so training is deterministic): <c>p = softmax(W·z + b)</c>.
/// </summary>
/// <param name="Mean">Per-feature training mean.</param>
/// <param name="Scale">Per-feature training standard deviation (1 where a feature is constant).</param>
/// <param name="Weights">Row-major [features × classes].</param>
/// <param name="Bias">Per-class bias.</param>
public sealed record SoftmaxHead(float[] Mean, float[] Scale, float[] Weights, float[] Bias)
{
    /// <summary>L2 regularisation: strong, because a few hundred samples from a few dozen clips meet 512 features, and a sharp boundary fits the training clips, not new footage.</summary>
    public const float L2 = 1f;

    /// <summary>Trains the head.</summary>
    /// <param name="samples">Feature vectors with their class index (into <paramref name="classes"/> labels).</param>
    /// <param name="classes">How many classes.</param>
    /// <param name="seed">ML.NET's seed.</param>
    public static SoftmaxHead Train(IReadOnlyList<(float[] Features, int Class)> samples, int classes, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var count = samples[0].Features.Length;
        var mean = new float[count];
        var scale = new float[count];
        for (var f = 0; f < count; f++)
        {
            var values = samples.Select(s => (double)s.Features[f]).ToArray();
            var m = values.Average();
            var sd = Math.Sqrt(values.Select(v => (v - m) * (v - m)).Average());
            mean[f] = (float)m;
            scale[f] = sd > 1e-9 ? (float)sd : 1f;
        }

        var ml = new MLContext(seed);
        // Every class weighs the same, however many samples it has.
        var perClassCount = samples.GroupBy(s => s.Class).ToDictionary(g => g.Key, g => g.Count());
        var rows = samples.Select(s => new Row { Label = (uint)s.Class, Weight = samples.Count / (float)(classes * perClassCount[s.Class]), Features = [.. s.Features.Select((v, f) => (v - mean[f]) / scale[f])] }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, count);
        var raw = ml.Data.LoadFromEnumerable(rows, schema);

        // Keys ordered by value, so the model's class k is the recipe's class k.
        var data = ml.Transforms.Conversion.MapValueToKey(nameof(Row.Label), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(raw).Transform(raw);
        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            NumberOfThreads = 1,
            L1Regularization = 0,
            L2Regularization = L2,
        });
        var model = trainer.Fit(data).Model;
        VBuffer<float>[] perClass = [];
        model.GetWeights(ref perClass, out var trained);
        if (trained != classes)
        {
            throw new InvalidOperationException($"ML.NET trained {trained} classes; the recipe has {classes}. Every class needs training samples.");
        }

        var weights = new float[count * classes];
        for (var c = 0; c < classes; c++)
        {
            var row = perClass[c].DenseValues().ToArray();
            for (var f = 0; f < count; f++)
            {
                weights[(f * classes) + c] = row[f];
            }
        }

        return new SoftmaxHead(mean, scale, weights, [.. model.GetBiases()]);
    }

    /// <summary>The class probabilities for one feature vector (the same maths the graph does).</summary>
    public float[] Predict(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var classes = Bias.Length;
        var logits = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            logits[c] = Bias[c];
            for (var f = 0; f < features.Length; f++)
            {
                logits[c] += (features[f] - Mean[f]) / Scale[f] * Weights[(f * classes) + c];
            }
        }

        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        return [.. exp.Select(e => (float)(e / exp.Sum()))];
    }

    /// <summary>Appends the head to a graph after its features value.</summary>
    /// <returns>The probabilities value ([1, classes]).</returns>
    public string AddTo(OnnxGraph graph, string features)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = Mean.Length;
        var standardised = graph.Node("Div", [graph.Node("Sub", [features, graph.Constant(Mean, 1, n)]), graph.Constant(Scale, 1, n)]);
        var logits = graph.Node("Add", [graph.Node("MatMul", [standardised, graph.Constant(Weights, n, Bias.Length)]), graph.Constant(Bias, 1, Bias.Length)]);
        return graph.Node("Softmax", [logits], ("axis", 1L));
    }

    private sealed class Row
    {
        public uint Label { get; set; }

        public float Weight { get; set; }

        public float[] Features { get; set; } = [];
    }
}
