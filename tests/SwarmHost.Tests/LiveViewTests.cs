using Spectre.Console.Testing;
using SwarmHost.Cli;
using SwarmHost.Engine;
using SwarmHost.Engine.Lanes;
using SwarmHost.Telemetry;
using SwarmHost.Weighting;

namespace SwarmHost.Tests;

public sealed class LiveViewTests
{
    [Fact]
    public void The_live_view_shows_frames_speed_leader_each_encoder_with_a_weight_bar_and_the_last_events()
    {
        var snapshot = new SwarmMetricsSnapshot(300, 270, 0, 0, 2,
            [
                new EncoderMetricsSnapshot("hq", 0.75, 21.5, 44.12, EncoderState.Active),
                new EncoderMetricsSnapshot("fast", 0.25, 3.2, 39.8, EncoderState.Degraded),
                new EncoderMetricsSnapshot("lean", 0, 0, double.NaN, EncoderState.Failed),
            ],
            "system", null, true, "hq");
        string[] events =
        [
            """{"type":"encoder-state","time":"t","elapsedMs":1,"seq":100,"encoder":"lean","from":"Active","state":"Failed","reason":"hang: a call has not returned for 120 ms"}""",
            """{"type":"handover","time":"t","elapsedMs":2,"seq":120,"from":"fast","to":"hq"}""",
            """{"type":"encoder-stats","time":"t","elapsedMs":3,"seq":119,"encoder":"hq","frames":30}""",
        ];
        var console = new TestConsole().Width(160);

        console.Write(LiveView.Render(snapshot, events, elapsedSeconds: 10, frameRate: 30));
        var text = console.Output;

        Assert.Contains("300 frames in, 270 out, lost 0", text, StringComparison.Ordinal);
        Assert.Contains("30.0 fps = 1.00× real time", text, StringComparison.Ordinal);
        Assert.Contains("leader hq", text, StringComparison.Ordinal);
        Assert.Contains("▶ hq", text, StringComparison.Ordinal);
        Assert.Contains(new string('█', 15) + new string('░', 5) + " 0.75", text, StringComparison.Ordinal);
        Assert.Contains("Degraded", text, StringComparison.Ordinal);
        Assert.Contains("44.12", text, StringComparison.Ordinal);
        Assert.Contains("encoder-state @100 encoder lean from Active state Failed reason hang", text, StringComparison.Ordinal);
        Assert.Contains("handover @120 from fast to hq", text, StringComparison.Ordinal);
        Assert.DoesNotContain("encoder-stats", text, StringComparison.Ordinal); // per-GOP figures are in the table already
    }

    [Fact]
    public void Quiet_runs_print_no_progress_only_the_summary()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-quiet-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TestPaths.Clip("cockatoo.mp4"));

        var (result, _) = SwarmRuns.Run(manifest, "--frames", "30", "--quiet");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("frames in,", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("done: 30 frames in", result.Output, StringComparison.Ordinal);
    }
}
