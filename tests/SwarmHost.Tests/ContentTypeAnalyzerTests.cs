using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Onnx;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>The <c>onnx-content-type</c> analyzer, loaded through the real loader with the shipped model or models made here; and the tool that builds the shipped model.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class ContentTypeAnalyzerTests(ITestOutputHelper output)
{
    private static readonly string[] Labels = ["sports", "animation", "talking_head", "other"];
    private static readonly string[] Colours = ["red", "green", "blue"];

    private static IContentAnalyzer Create(params (string Name, object Value)[] options)
    {
        var catalog = TestDiscovery.Discover(TestPaths.ShippedPlugins);
        Assert.True(catalog.TryGetActive("onnx-content-type", out var record), "the onnx-content-type component is not active");
        var factory = (IAnalyzerFactory)record.Factory!;
        var values = factory.Descriptor.Options.Where(o => o.Default is not null).ToDictionary(o => o.Name, o => o.Default);
        foreach (var (name, value) in options)
        {
            values[name] = value;
        }

        return factory.Create(new ComponentOptions(values), new ComponentActivator(catalog, NullLoggerFactory.Instance).ContextFor("content"));
    }

    private static List<ContentReport> Analyze(IContentAnalyzer analyzer, List<VideoFrame> frames)
    {
        var reports = new List<ContentReport>();
        for (var i = 0; i < frames.Count; i++)
        {
            var builder = new ContentReportBuilder(frames[i].Sequence);
            analyzer.Analyze(frames[i], i > 0 ? frames[i - 1] : null, builder);
            reports.Add(builder.Build());
        }

        return reports;
    }

    [Fact]
    public void The_shipped_model_gives_the_four_probabilities_on_every_frame_from_its_first_run_and_runs_only_at_its_cadence()
    {
        var frames = MediaRuns.ReadFrames(TestPaths.Clip("cockatoo.mp4"), 40, 640, 360);
        using var analyzer = Create(("every", 15L), ("background", false));
        analyzer.Open(new OutputProfile("any", 640, 360, new Rational(20, 1), 20));
        var reports = Analyze(analyzer, frames);
        MediaRuns.Release(frames);

        // One picture a run (the backbone takes one), on frames where n mod 15 = 0; inline, a result joins on its own frame.
        var worked = reports.Where(r => !double.IsNaN(r.Get("onnx-content-type.ms"))).Select(r => r.Sequence).ToList();
        Assert.Equal([0L, 15, 30], worked);
        foreach (var report in reports)
        {
            var probabilities = Labels.Select(l => report.Get(ContentMetrics.ContentTypePrefix + l)).ToList();
            Assert.All(probabilities, p => Assert.InRange(p, 0, 1));
            Assert.InRange(probabilities.Sum(), 0.999, 1.001);
        }

        Assert.Equal(reports[16].Get("contentType.other"), reports[29].Get("contentType.other")); // held between runs
        Assert.Equal("other", Labels.MaxBy(l => reports[^1].Get(ContentMetrics.ContentTypePrefix + l))); // a cockatoo filmed close up
    }

    [Fact]
    public void In_the_background_the_feeder_only_keeps_the_frames_and_the_results_join_on_later_frames()
    {
        var frames = MediaRuns.ReadFrames(TestPaths.Clip("cockatoo.mp4"), 90, 1280, 720);
        using var analyzer = Create(("every", 15L));
        analyzer.Open(new OutputProfile("any", 1280, 720, new Rational(30, 1), 30));
        var reports = new List<ContentReport>();
        for (var i = 0; i < frames.Count; i++)
        {
            var builder = new ContentReportBuilder(frames[i].Sequence);
            analyzer.Analyze(frames[i], i > 0 ? frames[i - 1] : null, builder);
            reports.Add(builder.Build());
            Thread.Sleep(33); // a feeder paced by a live input at 30 fps
        }

        MediaRuns.Release(frames);
        var feeder = reports.Select(r => r.Get("onnx-content-type.ms")).Where(v => !double.IsNaN(v)).ToList();
        var runs = reports.Select(r => r.Get("onnx-content-type.backgroundMs")).Where(v => !double.IsNaN(v)).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"feeder: {feeder.Count} frames kept, at most {feeder.Max():F2} ms ({string.Join(", ", feeder.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}); worker: {runs.Count} runs, median {runs[runs.Count / 2]:F1} ms"));
        Assert.True(runs.Count >= 3, $"only {runs.Count} results joined from 6 runs due"); // the last run's result, still going when the frames end, does not join
        Assert.True(feeder.Max() < runs[runs.Count / 2] / 2, $"the feeder spent up to {feeder.Max():F2} ms on a frame; a run takes {runs[runs.Count / 2]:F1} ms on the worker");
        Assert.True(double.IsNaN(reports[0].Get("contentType.other")), "a result joined on the frame its run started");
        Assert.Contains(reports, r => !double.IsNaN(r.Get("contentType.other")));
    }

    [Fact]
    public void Read_flat_out_no_run_is_lost_a_run_due_waits_for_the_one_in_flight()
    {
        var frames = MediaRuns.ReadFrames(TestPaths.Clip("franck.mp4"), 90, 640, 360);
        using var analyzer = Create(("every", 30L));
        analyzer.Open(new OutputProfile("any", 640, 360, new Rational(25, 1), 25));
        var reports = Analyze(analyzer, frames); // no pacing: frames come far faster than a run
        MediaRuns.Release(frames);

        var joined = reports.Where(r => !double.IsNaN(r.Get("onnx-content-type.backgroundMs"))).Select(r => r.Sequence).ToList();
        output.WriteLine($"results joined on frames {string.Join(", ", joined)}");
        Assert.True(joined.Count >= 2, "the runs at frames 0 and 30 both join: at the latest on frames 30 and 60, which wait for them");
        Assert.True(joined[0] <= 30 && joined[1] <= 60, $"results joined on frames {string.Join(", ", joined)}");
        Assert.All(reports.Skip(60), r => Assert.Equal("talking_head", Labels.MaxBy(l => r.Get(ContentMetrics.ContentTypePrefix + l))));
    }

    [Fact]
    public void A_scene_cut_starts_the_smoothing_over_and_runs_the_models_at_once()
    {
        var frames = MediaRuns.ReadFrames(TestPaths.Clip("franck.mp4"), 45, 640, 360);
        var cut = MediaRuns.ReadFrames(TestPaths.Clip("minions.mp4"), 45, 640, 360);
        for (var i = 0; i < cut.Count; i++) // numbered on from the first clip
        {
            var buffer = System.Buffers.MemoryPool<byte>.Shared.Rent(cut[i].Planes.Length);
            cut[i].Planes.Span.CopyTo(buffer.Memory.Span);
            frames.Add(new VideoFrame(buffer, cut[i].Width, cut[i].Height, 45 + i, 0, 0));
        }

        MediaRuns.Release(cut);

        string TopAtCut(double sceneCutDistance)
        {
            using var analyzer = Create(("every", 30L), ("smoothing", 4L), ("background", false), ("sceneCutDistance", sceneCutDistance));
            analyzer.Open(new OutputProfile("any", 640, 360, new Rational(25, 1), 25));
            var reports = Analyze(analyzer, frames);
            Assert.Equal("talking_head", Labels.MaxBy(l => reports[44].Get(ContentMetrics.ContentTypePrefix + l))); // franck, before the cut
            return Labels.MaxBy(l => reports[45].Get(ContentMetrics.ContentTypePrefix + l))!;
        }

        Assert.Equal("animation", TopAtCut(0.4)); // the cut frame itself: the window cleared, a run on the new scene
        Assert.Equal("talking_head", TopAtCut(1)); // cuts off: the mean of the runs before still holds
        MediaRuns.Release(frames);
    }

    [Fact]
    public void The_smoothing_window_reports_the_mean_of_the_last_runs()
    {
        var window = new SwarmHost.Analyzers.ContentType.ProbabilityWindow(2, 3);
        Assert.False(window.HasSamples);
        window.Add([1f, 0f]);
        Assert.Equal([1.0, 0.0], window.Mean);
        window.Add([0f, 1f]);
        window.Add([0f, 1f]);
        Assert.Equal(1 / 3.0, window.Mean[0], 6);
        window.Add([0f, 1f]); // the first falls out of the window
        Assert.Equal([0.0, 1.0], window.Mean);
    }

    [Fact]
    public void A_file_that_is_not_an_onnx_model_is_refused_at_open_naming_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("swarm-onnx").FullName, "broken.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        using var analyzer = Create(("model", path));

        var error = Assert.Throws<InvalidOperationException>(() => analyzer.Open(new OutputProfile("any", 640, 360, new Rational(30, 1), 30)));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a usable ONNX model", error.Message, StringComparison.Ordinal);
        output.WriteLine(error.Message);
    }

    [Fact]
    public void A_label_count_mismatch_and_a_shape_mismatch_are_reported_together_at_open()
    {
        using var analyzer = Create(("labels", "sports,animation,other"), ("frames", 2L), ("width", 320L));

        var error = Assert.Throws<InvalidOperationException>(() => analyzer.Open(new OutputProfile("any", 640, 360, new Rational(30, 1), 30)));
        output.WriteLine(error.Message);
        Assert.Contains("'labels' names 3 classes (sports, animation, other)", error.Message, StringComparison.Ordinal); // the head
        Assert.Contains("has 3 channels; 'frames' = 2 stacked RGB pictures make 6. Set 'frames' to 1", error.Message, StringComparison.Ordinal); // the backbone
        Assert.Contains("fixed width of 224; the 'width' option says 320", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_face_detector_without_a_backbone_and_a_detector_of_another_shape_are_refused_naming_the_option()
    {
        var catalog = TestDiscovery.Discover(TestPaths.ShippedPlugins);
        Assert.True(catalog.TryGetActive("onnx-content-type", out var record));
        var folder = Path.GetDirectoryName(record.Factory!.GetType().Assembly.Location)!;
        var backbone = Path.Combine(folder, "models", "resnet18.onnx");
        var noBackbone = Assert.Throws<InvalidOperationException>(() => Create(("model", backbone), ("faces", backbone)));
        Assert.Contains("'faces' is set but there is no backbone", noBackbone.Message, StringComparison.Ordinal);

        using var analyzer = Create(("faces", backbone)); // ResNet18 is no face detector
        var error = Assert.Throws<InvalidOperationException>(() => analyzer.Open(new OutputProfile("any", 640, 360, new Rational(30, 1), 30)));
        output.WriteLine(error.Message);
        Assert.Contains("is not shaped as BlazeFace is", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set the 'faces' option", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_classifier_that_fits_the_options_runs_here_a_colour_classifier_with_one_nhwc_picture_and_logits()
    {
        // A model made here: input [1, 16, 16, 3] (NHWC), output the mean of each channel ×10 as logits.
        var path = Path.Combine(Directory.CreateTempSubdirectory("swarm-onnx").FullName, "colour.onnx");
        File.WriteAllBytes(path, ColourModel());
        using var analyzer = Create(("model", path), ("labels", "red,green,blue"), ("layout", "nhwc"), ("frames", 1L), ("every", 1L), ("smoothing", 1L), ("outputKind", "logits"), ("background", false));
        analyzer.Open(new OutputProfile("any", 64, 64, new Rational(30, 1), 30));
        foreach (var (colour, expected) in new[] { ("red", "red"), ("lime", "green"), ("blue", "blue") })
        {
            var frames = MediaRuns.ReadFrames($"lavfi:color=c={colour}:s=64x64:r=30", 1);
            var report = Analyze(analyzer, frames)[0];
            MediaRuns.Release(frames);
            var top = Colours.MaxBy(l => report.Get(ContentMetrics.ContentTypePrefix + l));
            Assert.Equal(expected, top);
            Assert.InRange(report.Get(ContentMetrics.ContentTypePrefix + expected), 0.9, 1.0);
        }
    }

    [Fact]
    public void The_training_tool_rebuilds_the_shipped_head_and_holds_its_floors_on_held_out_real_clips()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-train").FullName;
        var model = Path.Combine(folder, "content-type.onnx");
        var json = Path.Combine(folder, "held-out.json");
        var tool = Path.Combine(TestPaths.RepoRoot, "tools/SwarmHost.Tools.ContentTypeTrainer/bin/Release/net10.0/linux-x64/SwarmHost.Tools.ContentTypeTrainer.dll");
        var run = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(10), tool, "--out", model, "--json", json); // the backbone's features are cached in .cache/content-type-features
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Error);

        // Same recipe, same seed: the same head (byte for byte where the backbone's features are; the same outputs in any case).
        var shipped = Path.Combine(TestPaths.RepoRoot, "plugins/analyzers/SwarmHost.Analyzers.ContentType/models/content-type.onnx");
        output.WriteLine(File.ReadAllBytes(model).AsSpan().SequenceEqual(File.ReadAllBytes(shipped)) ? "the rebuilt head is byte-identical to the shipped one" : "the rebuilt head's bytes differ from the shipped one's");
        var frames = MediaRuns.ReadFrames(TestPaths.Clip("franck.mp4"), 61, 640, 360);
        using var fromRepository = Create(("model", shipped), ("backbone", BackbonePath()), ("faces", FacesPath()), ("every", 15L), ("smoothing", 1L), ("channelOrder", "bgr"), ("mean", SwarmHost.Analyzers.ContentType.ContentTypeSettings.DefaultMean), ("std", SwarmHost.Analyzers.ContentType.ContentTypeSettings.DefaultStd));
        using var rebuilt = Create(("model", model), ("backbone", BackbonePath()), ("faces", FacesPath()), ("every", 15L), ("smoothing", 1L), ("channelOrder", "bgr"), ("mean", SwarmHost.Analyzers.ContentType.ContentTypeSettings.DefaultMean), ("std", SwarmHost.Analyzers.ContentType.ContentTypeSettings.DefaultStd));
        fromRepository.Open(new OutputProfile("any", 640, 360, new Rational(25, 1), 25));
        rebuilt.Open(new OutputProfile("any", 640, 360, new Rational(25, 1), 25));
        var a = Analyze(fromRepository, frames);
        var b = Analyze(rebuilt, frames);
        MediaRuns.Release(frames);
        var worst = a.Zip(b).SelectMany(p => Labels.Select(l => Math.Abs(p.First.Get(ContentMetrics.ContentTypePrefix + l, 0) - p.Second.Get(ContentMetrics.ContentTypePrefix + l, 0)))).Max();
        Assert.True(worst < 1e-3, $"the rebuilt head differs from the shipped one by up to {worst}");

        // Floors just under what docs/content-type.md reports for the held-out real clips (the shipped smoothing).
        using var figures = JsonDocument.Parse(File.ReadAllText(json));
        var smoothed = figures.RootElement.GetProperty("smoothed");
        foreach (var (label, byClip, byFrame) in new[] { ("talking_head", 99.0, 88.0), ("animation", 74.0, 75.0), ("other", 85.0, 65.0), ("sports", 24.0, 5.0) })
        {
            var row = smoothed.GetProperty(label);
            Assert.True(row.GetProperty("clips").GetInt32() >= 3, $"{label}: fewer than 3 held-out clips");
            Assert.True(row.GetProperty("byClip").GetDouble() >= byClip, $"{label}: {row.GetProperty("byClip").GetDouble():F1} % by clip, under its floor of {byClip} %");
            Assert.True(row.GetProperty("byFrame").GetDouble() >= byFrame, $"{label}: {row.GetProperty("byFrame").GetDouble():F1} % by frame, under its floor of {byFrame} %");
        }

        // The clip verdict is what `swarmhost analyze --json` calls the dominant content type.
        var analysis = Path.Combine(folder, "franck.json");
        var analyzed = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(3), Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "analyze", TestPaths.Clip("franck.mp4"), "-a", "onnx-content-type", "-n", "600", "--json", analysis);
        Assert.True(analyzed.ExitCode == 0, analyzed.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(analysis));
        Assert.Equal(figures.RootElement.GetProperty("verdicts").GetProperty("franck.mp4").GetString(), report.RootElement.GetProperty("summary").GetProperty("content").GetProperty("dominantContentType").GetString());
    }

    private static string ShippedModels() => Path.Combine(TestPaths.ShippedPlugins, "SwarmHost.Analyzers.ContentType", "models");

    private static string BackbonePath() => Path.Combine(ShippedModels(), "resnet18.onnx");

    private static string FacesPath() => Path.Combine(ShippedModels(), "blazeface-front-128.onnx");

    private static byte[] ColourModel()
    {
        static ValueInfoProto Value(string name, params long[] dims)
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } } };
        }

        var graph = new GraphProto { Name = "colour" };
        graph.Input.Add(Value("image", 1, 16, 16, 3));
        graph.Output.Add(Value("logits", 1, 3));
        var mean = new NodeProto { OpType = "ReduceMean", Name = "mean" };
        mean.Input.Add("image");
        mean.Output.Add("means");
        mean.Attribute.Add(new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1L, 2L } });
        mean.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        var ten = new TensorProto { Name = "ten", DataType = (int)TensorProto.Types.DataType.Float, FloatData = { 10f } };
        graph.Initializer.Add(ten);
        var scale = new NodeProto { OpType = "Mul", Name = "scale" };
        scale.Input.Add("means");
        scale.Input.Add("ten");
        scale.Output.Add("logits");
        graph.Node.Add(mean);
        graph.Node.Add(scale);
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "swarmhost-tests" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }
}
