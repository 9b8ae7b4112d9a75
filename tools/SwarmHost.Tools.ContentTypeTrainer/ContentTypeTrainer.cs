using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using SwarmHost.Abstractions;
using SwarmHost.Analyzers.ContentType;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>Runs the recipe: features, training, the model file, and the accuracy tables.</summary>
/// <param name="log">Where progress and the tables go.</param>
public sealed class ContentTypeTrainer(TextWriter log)
{
    /// <summary>Frames between the two stacked pictures (the analyzer's frameGap).</summary>
    private const int Gap = 2;

    /// <summary>A training sample is taken every this many frames of a generated clip.</summary>
    private const int SampleEvery = 3;

    /// <summary>Builds the model and prints the accuracy tables.</summary>
    /// <returns>0 on success.</returns>
    public int Run(TrainingRecipe recipe, string output, int seed, bool checkReal)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var started = Stopwatch.GetTimestamp();
        var labels = TrainingRecipe.Labels;
        var featureGraph = new OnnxGraph();
        var features = FeatureGraph.Build(featureGraph);
        var featureModel = featureGraph.Clone();
        featureModel.Output(features, "features", 1, FeatureGraph.Names.Count);
        var all = recipe.Clips();
        var training = new List<(float[] Features, int Class)>();
        using (var sessionOptions = new SessionOptions { IntraOpNumThreads = 1 })
        using (var session = new InferenceSession(featureModel.ToBytes("features"), sessionOptions))
        using (var writer = new ModelPictureWriter(FeatureGraph.Width, FeatureGraph.Height, 2, Settings("unused", SampleEvery, 1)))
        {
            var input = new float[writer.InputLength];
            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 6, FeatureGraph.Height, FeatureGraph.Width]);
            using var runOptions = new RunOptions();
            foreach (var clip in all.Where(c => c.Set == ClipSet.Training))
            {
                var history = new Queue<I420Picture>();
                var n = 0;
                foreach (var picture in clip.Pictures())
                {
                    history.Enqueue(picture);
                    if (history.Count > Gap + 1)
                    {
                        history.Dequeue();
                    }

                    if (n >= Gap && (n - Gap) % SampleEvery == 0)
                    {
                        var earlier = history.Peek();
                        writer.Write(earlier.Planes, earlier.Width, earlier.Height, 0, input);
                        writer.Write(picture.Planes, picture.Width, picture.Height, 1, input);
                        using var result = session.Run(runOptions, [FeatureGraph.InputName], [inputValue], ["features"]);
                        training.Add((result[0].GetTensorDataAsSpan<float>().ToArray(), IndexOf(labels, clip.Label)));
                    }

                    n++;
                }
            }
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"features: {training.Count} training samples from {all.Count(c => c.Set == ClipSet.Training)} clips ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)"));
        var head = SoftmaxHead.Train(training, labels.Count, seed);
        var trainingCorrect = training.Count(s => ArgMax(head.Predict(s.Features)) == s.Class);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"head: softmax regression on {FeatureGraph.Names.Count} standardised features; training accuracy {100.0 * trainingCorrect / training.Count:F1} %"));
        PrintWeights(head, labels);

        var model = featureGraph.Clone();
        model.Output(head.AddTo(model, features), "probabilities", 1, labels.Count);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllBytes(output, model.ToBytes($"SwarmHost content type: input '{FeatureGraph.InputName}' [1, 6, {FeatureGraph.Height}, {FeatureGraph.Width}] = two RGB pictures in [0,1], {Gap} frames apart, the earlier first; output 'probabilities' [1, {labels.Count}] = {string.Join(", ", labels)}. Built by tools/SwarmHost.Tools.ContentTypeTrainer."));
        log.WriteLine($"model: wrote {Path.GetFullPath(output)} ({new FileInfo(output).Length} bytes)");

        log.WriteLine();
        log.WriteLine("held-out generated clips (never trained on; every sample, no smoothing):");
        Table(all.Where(c => c.Set == ClipSet.HeldOut), output, SampleEvery, 1, labels, perClip: false);
        if (checkReal)
        {
            log.WriteLine();
            log.WriteLine("real footage and real photos with a moving camera (never trained on; the analyzer's defaults: every 15th frame, smoothing 4):");
            Table(all.Where(c => c.Set == ClipSet.Real), output, 15, 4, labels, perClip: true);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        return 0;
    }

    private static ContentTypeSettings Settings(string model, int every, int smoothing) =>
        new(model, TrainingRecipe.Labels, "", "", 0, 0, PictureLayout.Nchw, false, [0, 0, 0], [1, 1, 1], 2, Gap, every, smoothing, false, 1);

    private static int IndexOf(IReadOnlyList<string> labels, string label) => labels.Select((l, i) => (l, i)).First(p => p.l == label).i;

    private static int ArgMax(IReadOnlyList<float> values) => values.Select((v, i) => (v, i)).MaxBy(p => p.v).i;

    /// <summary>Runs the analyzer itself with the written model over clips and prints per-class (and per-clip) accuracy.</summary>
    private void Table(IEnumerable<LabelledClip> clips, string model, int every, int smoothing, IReadOnlyList<string> labels, bool perClip)
    {
        var inv = CultureInfo.InvariantCulture;
        var totals = labels.ToDictionary(l => l, _ => (Correct: 0, Samples: 0, Clips: 0));
        foreach (var clip in clips)
        {
            using var analyzer = new ContentTypeAnalyzer(Settings(model, every, smoothing));
            analyzer.Open(new OutputProfile("any", 0, 0, new Rational(30, 1), 1));
            var votes = new int[labels.Count];
            long sequence = 0;
            var runs = 0L;
            foreach (var picture in clip.Pictures())
            {
                var buffer = MemoryPool<byte>.Shared.Rent(picture.Planes.Length);
                picture.Planes.CopyTo(buffer.Memory.Span);
                var frame = new VideoFrame(buffer, picture.Width, picture.Height, sequence++, 0, 0);
                var report = new ContentReportBuilder(frame.Sequence);
                analyzer.Analyze(frame, null, report);
                frame.Release();
                if (analyzer.Runs > runs)
                {
                    runs = analyzer.Runs;
                    var metrics = report.Build();
                    votes[ArgMax([.. labels.Select(l => (float)metrics.Get(ContentMetrics.ContentTypePrefix + l))])]++;
                }
            }

            var truth = IndexOf(labels, clip.Label);
            var t = totals[clip.Label];
            totals[clip.Label] = (t.Correct + votes[truth], t.Samples + votes.Sum(), t.Clips + 1);
            if (perClip)
            {
                log.WriteLine(string.Create(inv, $"  {clip.Name,-32} {clip.Label,-13} {votes[truth],3}/{votes.Sum(),-3} correct; called: {string.Join(", ", labels.Select((l, i) => (l, v: votes[i])).Where(p => p.v > 0).OrderByDescending(p => p.v).Select(p => $"{p.l} {p.v}"))}"));
            }
        }

        foreach (var (label, t) in totals.Where(p => p.Value.Samples > 0))
        {
            log.WriteLine(string.Create(inv, $"  {label,-13} {100.0 * t.Correct / t.Samples,6:F1} %  ({t.Correct}/{t.Samples} samples, {t.Clips} clips)"));
        }
    }

    private void PrintWeights(SoftmaxHead head, IReadOnlyList<string> labels)
    {
        var inv = CultureInfo.InvariantCulture;
        log.WriteLine($"  {"feature",-24} {string.Join(' ', labels.Select(l => l.PadLeft(12)))}");
        for (var f = 0; f < FeatureGraph.Names.Count; f++)
        {
            log.WriteLine(string.Create(inv, $"  {FeatureGraph.Names[f],-24} {string.Join(' ', labels.Select((_, c) => head.Weights[(f * labels.Count) + c].ToString("F2", inv).PadLeft(12)))}"));
        }
    }
}
