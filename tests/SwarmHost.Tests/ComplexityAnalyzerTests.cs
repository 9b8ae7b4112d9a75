using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>The <c>complexity</c> analyzer, loaded through the real loader: SI/TI against FFmpeg's siti filter, and what it sees in calm and busy content.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class ComplexityAnalyzerTests(ITestOutputHelper output)
{
    private static IContentAnalyzer Create()
    {
        var catalog = TestDiscovery.Discover(TestPaths.ShippedPlugins);
        Assert.True(catalog.TryGetActive("complexity", out var record), "the complexity component is not active");
        var factory = (IAnalyzerFactory)record.Factory!;
        var values = factory.Descriptor.Options.Where(o => o.Default is not null).ToDictionary(o => o.Name, o => o.Default);
        return factory.Create(new ComponentOptions(values), new ComponentActivator(catalog, NullLoggerFactory.Instance).ContextFor("complexity"));
    }

    [Theory]
    [InlineData("realshort.mp4", 320, 240)]
    [InlineData("cockatoo.mp4", 640, 360)]
    [InlineData("motion.mov", 568, 320)]
    public void Si_and_ti_agree_with_ffmpegs_siti_filter_frame_by_frame(string clip, int width, int height)
    {
        var frames = MediaRuns.ReadFrames(TestPaths.Clip(clip), 40, width, height);
        var folder = Directory.CreateTempSubdirectory("swarm-siti").FullName;
        var y4m = Path.Combine(folder, "frames.y4m");
        MediaRuns.WriteY4m(y4m, frames, new Rational(25, 1));
        var log = Path.Combine(folder, "siti.txt");
        var run = ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-i", y4m, "-vf", $"siti,metadata=print:file={log}", "-f", "null", "-");
        Assert.True(run.ExitCode == 0, run.Error);
        var reference = File.ReadAllLines(log).Where(l => l.StartsWith("lavfi.siti.", StringComparison.Ordinal))
            .Select(l => l.Split('=')).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Select(p => double.Parse(p[1], CultureInfo.InvariantCulture)).ToList());

        using var analyzer = Create();
        analyzer.Open(new OutputProfile("any", width, height, new Rational(25, 1), 25));
        var ours = new List<ContentReport>();
        VideoFrame? previous = null;
        foreach (var frame in frames)
        {
            var builder = new ContentReportBuilder(frame.Sequence);
            analyzer.Analyze(frame, previous, builder);
            ours.Add(builder.Build());
            previous = frame;
        }

        MediaRuns.Release(frames);
        Assert.Equal(frames.Count, reference["lavfi.siti.si"].Count);
        double worstSi = 0, worstTi = 0;
        for (var i = 0; i < ours.Count; i++)
        {
            var si = ours[i].Get(ContentMetrics.SpatialInformation);
            var ti = ours[i].Get(ContentMetrics.TemporalInformation);
            var refSi = reference["lavfi.siti.si"][i];
            var refTi = reference["lavfi.siti.ti"][i];
            Assert.True(Math.Abs(si - refSi) <= Math.Max(0.01 * refSi, 0.5), $"frame {i}: SI {si:F3} against siti's {refSi:F2}");
            Assert.True(Math.Abs(ti - refTi) <= Math.Max(0.01 * refTi, 0.5), $"frame {i}: TI {ti:F3} against siti's {refTi:F2}");
            worstSi = Math.Max(worstSi, Math.Abs(si - refSi));
            worstTi = Math.Max(worstTi, Math.Abs(ti - refTi));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clip}: largest difference to siti: SI {worstSi:F3}, TI {worstTi:F3}"));
    }

    [Fact]
    public void Analyze_shows_complexity_and_motion_rising_in_the_busy_passage_and_the_scene_cuts()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("swarm-analyze").FullName, "analysis.json");
        const string Graph = "lavfi:smptehdbars=s=640x360:r=30:d=3,format=yuv420p[a];testsrc2=s=640x360:r=30:d=4,noise=alls=30:allf=t+u,format=yuv420p[b];testsrc2=s=640x360:r=30:d=3,format=yuv420p[c];[a][b][c]concat=n=3:v=1:a=0[out0]";
        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "analyze", Graph, "--json", json);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("complexity", result.Output, StringComparison.Ordinal);
        Assert.Contains("contentType", result.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var frames = document.RootElement.GetProperty("frames").EnumerateArray()
            .Select(f => (Seq: f.GetProperty("seq").GetInt64(), Metrics: f.GetProperty("metrics"))).ToList();
        double Mean(string metric, long from, long to) => frames.Where(f => f.Seq >= from && f.Seq < to).Average(f => f.Metrics.GetProperty(metric).GetDouble());

        Assert.Equal(300, frames.Count);
        Assert.True(Mean("complexity", 90, 210) > Mean("complexity", 0, 90) + 0.1, "complexity must rise in the busy passage");
        Assert.True(Mean("motionMean", 91, 210) > Mean("motionMean", 1, 90) + 1, "motion must rise in the busy passage");
        var cuts = frames.Where(f => f.Metrics.GetProperty("sceneCut").GetDouble() > 0).Select(f => f.Seq).ToList();
        Assert.Equal([90L, 210L], cuts);
    }

    [Theory]
    [InlineData("testsrc2=s=640x360:r=30", false, false)]
    [InlineData("testsrc2=s=640x360:r=30,eq=brightness=-0.45", false, true)]
    [InlineData("testsrc2=s=640x360:r=30,scroll=h=0.03", true, false)]
    public void Fast_action_and_low_light_are_flagged_where_they_are(string graph, bool fast, bool dark)
    {
        var frames = MediaRuns.ReadFrames("lavfi:" + graph, 40);
        using var analyzer = Create();
        analyzer.Open(new OutputProfile("any", 640, 360, new Rational(30, 1), 30));
        var reports = new List<ContentReport>();
        for (var i = 0; i < frames.Count; i++)
        {
            var builder = new ContentReportBuilder(frames[i].Sequence);
            analyzer.Analyze(frames[i], i > 0 ? frames[i - 1] : null, builder);
            reports.Add(builder.Build());
        }

        MediaRuns.Release(frames);
        var measured = reports.Skip(1).ToList(); // the first frame has no motion to measure
        var fastShare = measured.Average(r => r.Get("fastActionFlag"));
        var darkShare = measured.Average(r => r.Get("lowLightFlag"));
        Assert.True(fast ? fastShare > 0.9 : fastShare < 0.1, $"fast action flagged on {fastShare:P0} of the frames");
        Assert.True(dark ? darkShare > 0.9 : darkShare < 0.1, $"low light flagged on {darkShare:P0} of the frames");
        Assert.All(measured, r => Assert.InRange(r.Get(ContentMetrics.Complexity), 0, 1));
    }
}
