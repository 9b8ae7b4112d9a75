using System.Diagnostics;
using System.Globalization;

namespace SwarmHost.Tests;

/// <summary><c>swarmhost encode</c> as a user runs it: a real process, real signals, outputs checked with ffprobe.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class EncodeCommandTests
{
    private static Process StartSwarmHost(params string[] arguments) =>
        ExternalTool.Start("dotnet", [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), .. arguments]);

    private static string Folder() => Directory.CreateTempSubdirectory("swarm-encode").FullName;

    [Theory]
    [InlineData("live.ts")]
    [InlineData("live.mp4")]
    [InlineData("live.mkv")]
    public async Task Ctrl_c_mid_run_leaves_a_file_ffprobe_reads_without_error(string name)
    {
        var output = Path.Combine(Folder(), name);
        using var run = StartSwarmHost("encode", "-i", "lavfi:testsrc2=size=640x360:rate=30", "--realtime", "-o", output, "-O", "preset=ultrafast");
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        WaitUntil(() => File.Exists(output) && new FileInfo(output).Length > 0, TimeSpan.FromSeconds(30), $"{output} never grew");
        await Task.Delay(TimeSpan.FromSeconds(2)); // about 60 frames at the live pace

        Assert.Equal(0, ExternalTool.Run("kill", "-INT", run.Id.ToString(CultureInfo.InvariantCulture)).ExitCode);
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(20)), "swarmhost did not stop after Ctrl+C");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("stopped: ", await stdout, StringComparison.Ordinal);
        Assert.Contains("Ctrl+C stops cleanly", await stderr, StringComparison.Ordinal);
        Assert.True(ExternalTool.CountFrames(output) > 10);
        Assert.Equal("", ExternalTool.DecodeErrors(output));
    }

    [Fact]
    public void A_hard_kill_leaves_an_mpeg_ts_readable_up_to_its_last_packet()
    {
        var output = Path.Combine(Folder(), "killed.ts");
        using var run = StartSwarmHost("encode", "-i", "lavfi:testsrc2=size=640x360:rate=30", "--realtime", "-o", output, "-O", "preset=ultrafast");
        WaitUntil(() => File.Exists(output) && new FileInfo(output).Length > 0, TimeSpan.FromSeconds(30), $"{output} never grew");
        Thread.Sleep(TimeSpan.FromSeconds(2));

        run.Kill();
        run.WaitForExit();

        Assert.True(ExternalTool.CountFrames(output) > 10);
        var probe = ExternalTool.Run("ffprobe", "-v", "error", output);
        Assert.True(probe.ExitCode == 0, probe.Error);
    }

    [Fact]
    public void Every_problem_with_the_command_line_is_reported_at_once()
    {
        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "encode", "-i", "/nonexistent/in.mp4", "-o", Path.Combine(Folder(), "x.ts"), "-O", "presett=fast", "-O", "threads=many", "--size", "3x3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--option presett: 'ffmpeg' has no option 'presett' (did you mean 'preset'?", result.Error, StringComparison.Ordinal);
        Assert.Contains("--option threads: expected an integer", result.Error, StringComparison.Ordinal);
        Assert.Contains("--size: '3x3' is not an even WxH size", result.Error, StringComparison.Ordinal);
        Assert.Contains("--input: Input '/nonexistent/in.mp4': no such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_encoder_name_is_a_clear_error()
    {
        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "encode", "-i", "lavfi:testsrc2=size=160x96:rate=25", "-n", "5", "-o", Path.Combine(Folder(), "x.ts"), "-O", "codec=libx999");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("libavcodec has no encoder named 'libx999'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_y4m_output_holds_the_decoded_pictures_at_the_encoders_size()
    {
        var output = Path.Combine(Folder(), "decoded.y4m");
        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "encode", "-i", TestPaths.Clip("motion.mov"), "-n", "24", "-o", output, "-O", "codec=libvpx-vp9", "-O", "width=284", "-O", "height=160");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(24, ExternalTool.CountFrames(output));
        Assert.Contains("284,160", ExternalTool.Run("ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", output).Output, StringComparison.Ordinal);
    }

    private static void WaitUntil(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < timeout, failure);
            Thread.Sleep(100);
        }
    }
}
