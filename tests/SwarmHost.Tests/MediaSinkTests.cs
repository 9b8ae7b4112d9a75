using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Tests;

/// <summary>Muxing encoded units into every supported container: ffprobe reads the result and FFmpeg decodes it silently.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class MediaSinkTests
{
    private static readonly Rational Rate = new(30, 1);

    [Theory]
    [InlineData("out.ts", "libx264", false, "mpegts")]
    [InlineData("out.mkv", "libx264", true, "matroska")]
    [InlineData("out.mp4", "libx264", true, "mp4")]
    [InlineData("out.h264", "libx264", false, "h264")]
    [InlineData("out.ts", "libx265", false, "mpegts")]
    [InlineData("out.hevc", "libx265", false, "hevc")]
    [InlineData("out.ivf", "libvpx-vp9", false, "ivf")]
    [InlineData("out.mkv", "libvpx-vp9", true, "matroska")]
    [InlineData("out.m2v", "mpeg2video", false, "mpeg2video")]
    [InlineData("out.ts", "mpeg2video", false, "mpegts")]
    [InlineData("out.obu", "libsvtav1", false, "obu")]
    public void Units_written_to_a_container_decode_cleanly_frame_for_frame(string name, string codec, bool globalHeader, string format)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("swarm-sink").FullName, name);
        var frames = MediaRuns.ReadFrames(TestPaths.Clip("motion.mov"), 30); // real footage at 30 fps
        var profile = new OutputProfile("x", frames[0].Width, frames[0].Height, Rate, 10);
        var settings = MediaRuns.Settings(codec, bitrate: 500_000, preset: codec switch { "libx264" or "libx265" => "veryfast", "libsvtav1" => "12", _ => null }, globalHeader: globalHeader);
        var (session, units) = MediaRuns.Encode(settings, profile, frames, sequence => sequence % 10 == 0);
        MediaRuns.Release(frames);

        using (var sink = MediaSink.Open(path, session, Rate))
        {
            Assert.Equal(format, sink.FormatName);
            foreach (var unit in units)
            {
                sink.Write(unit);
            }

            Assert.Equal(units.Count, sink.UnitsWritten);
        }

        Assert.Equal(30, ExternalTool.CountFrames(path));
        Assert.Equal("", ExternalTool.DecodeErrors(path));
    }

    [Fact]
    public void Matroska_without_a_global_header_is_refused_with_the_fix()
    {
        var frames = MediaRuns.ReadFrames("lavfi:testsrc2=size=160x96:rate=25", 2);
        var (session, _) = MediaRuns.Encode(MediaRuns.Settings("libx264"), new OutputProfile("x", 160, 96, Rate, 10), frames);
        MediaRuns.Release(frames);

        var error = Assert.Throws<MediaOutputException>(() => MediaSink.Open(Path.Combine(Path.GetTempPath(), "never.mkv"), session, Rate));

        Assert.Contains("globalHeader", error.Message, StringComparison.Ordinal);
        Assert.True(MediaSink.NeedsGlobalHeader("x.mkv"));
        Assert.False(MediaSink.NeedsGlobalHeader("x.ts"));
    }

    [Fact]
    public void An_unknown_extension_and_an_unwritable_folder_are_clear_errors()
    {
        var session = new EncoderSession("libx264", 160, 96, 0, KeyframeControl.PerFrame, ReadOnlyMemory<byte>.Empty);

        var unknown = Assert.Throws<MediaOutputException>(() => MediaSink.Open("/tmp/out.nosuchformat", session, Rate));
        var folder = Assert.Throws<MediaOutputException>(() => MediaSink.Open("/nonexistent-folder/out.ts", session, Rate));

        Assert.Contains("no format matches its extension", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent-folder/out.ts", folder.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be created", folder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_udp_output_is_received_by_the_cli()
    {
        using var socket = new System.Net.Sockets.UdpClient(0);
        var port = ((System.Net.IPEndPoint)socket.Client.LocalEndPoint!).Port;
        socket.Dispose();
        var received = Path.Combine(Directory.CreateTempSubdirectory("swarm-sink").FullName, "received.ts");
        using var listener = ExternalTool.Start("ffmpeg", "-nostdin", "-v", "error", "-timeout", "3000000", "-i", $"udp://127.0.0.1:{port}", "-c", "copy", "-f", "mpegts", received);
        Thread.Sleep(1000); // let the listener bind

        var frames = MediaRuns.ReadFrames("lavfi:testsrc2=size=320x240:rate=25", 50);
        var (session, units) = MediaRuns.Encode(MediaRuns.Settings("libx264", preset: "ultrafast"), new OutputProfile("x", 320, 240, Rate, 10), frames, s => s % 10 == 0);
        MediaRuns.Release(frames);
        using (var sink = MediaSink.Open($"udp://127.0.0.1:{port}?pkt_size=1316", session, Rate))
        {
            Assert.Equal("mpegts", sink.FormatName);
            foreach (var unit in units)
            {
                sink.Write(unit);
                Thread.Sleep(5); // a live pace, so the listener's socket buffer keeps up
            }
        }

        Assert.True(listener.WaitForExit(TimeSpan.FromSeconds(20)), "the listener did not notice the end of the stream");
        Assert.InRange(ExternalTool.CountFrames(received), 40, 50); // UDP: the first packets may arrive before the listener has probed
    }
}
