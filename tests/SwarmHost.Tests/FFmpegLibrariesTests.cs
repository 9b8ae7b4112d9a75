using SwarmHost.Media;

namespace SwarmHost.Tests;

public sealed class FFmpegLibrariesTests
{
    [Fact]
    public void The_installed_ffmpeg_loads_as_one_release_and_passes_the_self_test()
    {
        var info = FFmpegLibraries.Load();

        Assert.Contains(info.Release, FFmpegRelease.Supported);
        Assert.Equal(info.Release.AvCodec, info.AvCodecVersion.Major);
        Assert.Equal(info.Release.AvUtil, info.AvUtilVersion.Major);
    }

    [Theory]
    [InlineData("libx264", true)]
    [InlineData("mpeg2video", true)]
    [InlineData("no-such-encoder", false)]
    public void Encoders_are_looked_up_by_name(string name, bool expected) =>
        Assert.Equal(expected, FFmpegLibraries.HasEncoder(name));

    [Theory]
    [InlineData("libx264", "h264")]
    [InlineData("libx265", "hevc")]
    [InlineData("mpeg2video", "mpeg2video")]
    [InlineData("h264", "h264")] // an encoder of another make may report the codec itself
    [InlineData("hevc", "hevc")]
    [InlineData("no-such-codec", "")]
    public void The_codec_of_an_encoder_is_found_by_encoder_or_codec_name(string name, string codec) =>
        Assert.Equal(codec, FFmpegLibraries.CodecOf(name));

    [Fact]
    public void Missing_libraries_give_a_message_naming_what_was_sought_and_how_to_install()
    {
        var (info, failure) = FFmpegLibraries.Probe([Path.GetTempPath()], [new FFmpegRelease("99.x", 99, 199, 199, 199, 99, 99)]);

        Assert.Null(info);
        Assert.NotNull(failure);
        Assert.Contains("99.x (libavcodec.so.199)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install libavcodec59", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_unpack_from_ffmpegs_packed_integer() =>
        Assert.Equal(new Version(59, 37, 100), FFmpegLibraries.Unpack((59u << 16) | (37u << 8) | 100u));
}
