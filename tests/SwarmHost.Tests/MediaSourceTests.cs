using System.Diagnostics;
using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Tests;

/// <summary>Reading files, URLs and lavfi test sources: numbering, timestamps, scaling, bad inputs, stalls and reconnects.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class MediaSourceTests
{
    /// <summary>Reads until the end; returns sequence numbers and timestamps, releasing every frame.</summary>
    internal static async Task<List<(long Sequence, long TimestampNs, int Width, int Height)>> ReadAll(MediaSource source)
    {
        var frames = new List<(long, long, int, int)>();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var read = await source.ReadAsync(guard.Token);
            if (read.Kind == SourceReadKind.Ended)
            {
                return frames;
            }

            if (read.Frame is { } frame)
            {
                frames.Add((frame.Sequence, frame.TimestampNs, frame.Width, frame.Height));
                frame.Release();
            }
        }
    }

    [Fact]
    public async Task A_lavfi_test_source_is_numbered_timed_and_scaled()
    {
        using var source = MediaSource.Open(new MediaSourceOptions("lavfi:testsrc2=size=320x240:rate=30") { Width = 160, Height = 96, MaxFrames = 45 });

        var frames = await ReadAll(source);

        Assert.Equal("lavfi", source.Info.Format);
        Assert.Equal("320x240", source.Info.SourceSize);
        Assert.Equal(new Rational(30, 1), source.Info.FrameRate);
        Assert.Equal(Enumerable.Range(0, 45).Select(i => (long)i), frames.Select(f => f.Sequence));
        Assert.All(frames, f => Assert.Equal((160, 96), (f.Width, f.Height)));
        Assert.All(frames, f => Assert.InRange(f.TimestampNs - (f.Sequence * 1_000_000_000L / 30), -1_000_000, 1_000_000));
        Assert.Equal(45, source.Counters.FramesDelivered);
    }

    [Theory]
    [InlineData("cockatoo.mp4", "h264", 1280, 720)]
    [InlineData("motion.mov", null, 568, 320)]
    [InlineData("realshort.mp4", "h264", 320, 240)]
    [InlineData("sample.avi", null, 0, 0)]
    public async Task Real_clips_deliver_every_frame_ffprobe_counts(string clip, string? codec, int width, int height)
    {
        var path = TestPaths.Clip(clip);
        using var source = MediaSource.Open(new MediaSourceOptions(path));

        var frames = await ReadAll(source);

        Assert.Equal(ExternalTool.CountFrames(path), frames.Count);
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.Sequence));
        Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second.TimestampNs > p.First.TimestampNs), "timestamps must increase");
        if (codec is not null)
        {
            Assert.Equal(codec, source.Info.Codec);
        }

        if (width > 0)
        {
            Assert.Equal((width, height), (source.Info.Width, source.Info.Height));
        }
    }

    [Theory]
    [InlineData("ts", "mpegts")]
    [InlineData("mkv", "matroska")]
    [InlineData("y4m", "yuv4mpegpipe")]
    public async Task Containers_made_by_the_cli_are_read(string extension, string format)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("swarm-src").FullName, "clip." + extension);
        var made = ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=256x144:rate=25", "-frames:v", "40", "-pix_fmt", "yuv420p", path);
        Assert.True(made.ExitCode == 0, made.Error);

        using var source = MediaSource.Open(new MediaSourceOptions(path));
        var frames = await ReadAll(source);

        Assert.StartsWith(format, source.Info.Format, StringComparison.Ordinal);
        Assert.Equal(40, frames.Count);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var error = Assert.Throws<MediaInputException>(() => MediaSource.Open(new MediaSourceOptions("/nonexistent/clip.mp4")));
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/clip.mp4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_bytes_are_a_clear_error()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("swarm-src").FullName, "garbage.mp4");
        var bytes = new byte[200_000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<MediaInputException>(() => MediaSource.Open(new MediaSourceOptions(path)));

        Assert.Contains("garbage.mp4", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a media file FFmpeg recognises", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_file_gives_the_frames_it_holds_or_a_clear_error_never_a_hang()
    {
        var full = await File.ReadAllBytesAsync(TestPaths.Clip("cockatoo.mp4"));
        var path = Path.Combine(Directory.CreateTempSubdirectory("swarm-src").FullName, "cut.mp4");
        await File.WriteAllBytesAsync(path, full[..(full.Length / 2)]);

        try
        {
            using var source = MediaSource.Open(new MediaSourceOptions(path));
            var frames = await ReadAll(source);
            Assert.InRange(frames.Count, 1, ExternalTool.CountFrames(TestPaths.Clip("cockatoo.mp4")) - 1);
        }
        catch (MediaInputException error)
        {
            Assert.Contains("cut.mp4", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Damaged_packets_in_a_transport_stream_are_skipped_not_fatal()
    {
        var dir = Directory.CreateTempSubdirectory("swarm-src").FullName;
        var path = Path.Combine(dir, "damaged.ts");
        var made = ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-i", TestPaths.Clip("realshort.mp4"), "-c:v", "libx264", "-g", "5", "-f", "mpegts", path);
        Assert.True(made.ExitCode == 0, made.Error);
        var bytes = await File.ReadAllBytesAsync(path);
        var noise = new Random(11);
        for (var at = bytes.Length / 4; at < bytes.Length * 3 / 4; at += bytes.Length / 10)
        {
            noise.NextBytes(bytes.AsSpan(at, 3000));
        }

        await File.WriteAllBytesAsync(path, bytes);
        var total = ExternalTool.CountFrames(TestPaths.Clip("realshort.mp4"));

        using var source = MediaSource.Open(new MediaSourceOptions(path));
        var frames = await ReadAll(source);

        Assert.InRange(frames.Count, total / 3, total);
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.Sequence));
    }

    [Fact]
    public async Task Realtime_pacing_delivers_no_faster_than_the_timestamps()
    {
        var watch = Stopwatch.StartNew();
        using var source = MediaSource.Open(new MediaSourceOptions("lavfi:testsrc2=size=160x96:rate=30") { MaxFrames = 16, Realtime = true });
        var frames = await ReadAll(source);
        watch.Stop();

        Assert.Equal(16, frames.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(15 * 1000 / 30 - 20), $"16 frames at 30 fps paced in {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_udp_input_fed_by_the_cli_is_read_and_a_stall_is_reported_then_it_reconnects()
    {
        var port = FreeUdpPort();
        using var first = StartUdpSender(port, seconds: 3);
        using var source = MediaSource.Open(new MediaSourceOptions($"udp://127.0.0.1:{port}") { StallTimeout = TimeSpan.FromMilliseconds(500), NetworkTimeout = TimeSpan.FromSeconds(1), MaxReconnectDelay = TimeSpan.FromMilliseconds(500) });
        Assert.True(source.Info.IsNetwork);

        var beforeStall = 0;
        SourceRead read;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((read = await source.ReadAsync(guard.Token)).Kind == SourceReadKind.Frame)
        {
            beforeStall++;
            read.Frame!.Release();
        }

        Assert.Equal(SourceReadKind.Stalled, read.Kind);
        Assert.True(beforeStall > 10, $"only {beforeStall} frames before the sender stopped");
        first.WaitForExit();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromSeconds(2.5)) // the network timeout (1 s) passes: the source reconnects
        {
            read = await source.ReadAsync(guard.Token);
            if (read.Frame is { } tail)
            {
                beforeStall++; // pictures the decoder still held when the input went quiet
                tail.Release();
            }
        }

        Assert.Equal(SourceReadKind.Stalled, read.Kind);
        using var second = StartUdpSender(port, seconds: 4);
        var afterStall = 0;
        while (afterStall < 10)
        {
            read = await source.ReadAsync(guard.Token);
            Assert.NotEqual(SourceReadKind.Ended, read.Kind);
            if (read.Frame is { } frame)
            {
                Assert.Equal(beforeStall + afterStall, frame.Sequence);
                afterStall++;
                frame.Release();
            }
        }

        Assert.True(source.Counters.Stalls >= 1);
        Assert.True(source.Counters.Reconnects >= 1);
        second.Kill();
    }

    private static int FreeUdpPort()
    {
        using var socket = new System.Net.Sockets.UdpClient(0);
        return ((System.Net.IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    private static Process StartUdpSender(int port, int seconds) =>
        ExternalTool.Start("ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate=25:duration={seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-f", "mpegts", $"udp://127.0.0.1:{port}?pkt_size=1316");
}
