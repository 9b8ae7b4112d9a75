using System.Globalization;
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
        using var analyzer = Create(("every", 15L), ("frames", 2L), ("frameGap", 2L));
        analyzer.Open(new OutputProfile("any", 640, 360, new Rational(20, 1), 20));
        var reports = Analyze(analyzer, frames);
        MediaRuns.Release(frames);

        // Runs fall where (n - 2) mod 15 = 0 (2, 17, 32); the frame 2 before each is prepared too.
        var worked = reports.Where(r => !double.IsNaN(r.Get("onnx-content-type.ms"))).Select(r => r.Sequence).ToList();
        Assert.Equal([0L, 2, 15, 17, 30, 32], worked);
        Assert.All(reports.Take(2), r => Assert.DoesNotContain(r.Metrics.Keys, k => k.StartsWith(ContentMetrics.ContentTypePrefix, StringComparison.Ordinal)));
        foreach (var report in reports.Skip(2))
        {
            var probabilities = Labels.Select(l => report.Get(ContentMetrics.ContentTypePrefix + l)).ToList();
            Assert.All(probabilities, p => Assert.InRange(p, 0, 1));
            Assert.InRange(probabilities.Sum(), 0.999, 1.001);
        }

        Assert.Equal(reports[17].Get("contentType.other"), reports[31].Get("contentType.other")); // held between runs
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
        using var analyzer = Create(("labels", "sports,animation,other"), ("frames", 1L), ("width", 320L));

        var error = Assert.Throws<InvalidOperationException>(() => analyzer.Open(new OutputProfile("any", 640, 360, new Rational(30, 1), 30)));
        output.WriteLine(error.Message);
        Assert.Contains("gives 4 classes but 'labels' names 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 6 channels; 'frames' = 1 stacked RGB pictures make 3. Set 'frames' to 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("fixed width of 160; the 'width' option says 320", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_classifier_that_fits_the_options_runs_here_a_colour_classifier_with_one_nhwc_picture_and_logits()
    {
        // A model made here: input [1, 16, 16, 3] (NHWC), output the mean of each channel ×10 as logits.
        var path = Path.Combine(Directory.CreateTempSubdirectory("swarm-onnx").FullName, "colour.onnx");
        File.WriteAllBytes(path, ColourModel());
        using var analyzer = Create(("model", path), ("labels", "red,green,blue"), ("layout", "nhwc"), ("frames", 1L), ("every", 1L), ("smoothing", 1L), ("outputKind", "logits"));
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
    public void The_training_tool_rebuilds_the_shipped_model_from_its_recipe()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-train").FullName;
        var model = Path.Combine(folder, "content-type.onnx");
        var tool = Path.Combine(TestPaths.RepoRoot, "tools/SwarmHost.Tools.ContentTypeTrainer/bin/Release/net10.0/linux-x64/SwarmHost.Tools.ContentTypeTrainer.dll");
        var run = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(5), tool, "--out", model, "--skip-real");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("held-out generated clips", run.Output, StringComparison.Ordinal);
        foreach (var label in Labels)
        {
            var line = run.Output.Split('\n').Last(l => l.TrimStart().StartsWith(label + " ", StringComparison.Ordinal) && l.Contains('%', StringComparison.Ordinal));
            var accuracy = double.Parse(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            Assert.True(accuracy >= 60, $"held-out accuracy of {label}: {accuracy} %");
        }

        // Same recipe, same seeds: the rebuilt model classifies real frames as the shipped one does.
        var frames = MediaRuns.ReadFrames(TestPaths.Clip("cockatoo.mp4"), 60, 640, 360);
        using var shipped = Create(("every", 5L), ("smoothing", 1L));
        using var rebuilt = Create(("model", model), ("every", 5L), ("smoothing", 1L));
        shipped.Open(new OutputProfile("any", 640, 360, new Rational(20, 1), 20));
        rebuilt.Open(new OutputProfile("any", 640, 360, new Rational(20, 1), 20));
        var a = Analyze(shipped, frames);
        var b = Analyze(rebuilt, frames);
        MediaRuns.Release(frames);
        var worst = a.Zip(b).SelectMany(p => Labels.Select(l => Math.Abs(p.First.Get(ContentMetrics.ContentTypePrefix + l, 0) - p.Second.Get(ContentMetrics.ContentTypePrefix + l, 0)))).Max();
        Assert.True(worst < 1e-3, $"the rebuilt model differs from the shipped one by up to {worst}");
    }

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
