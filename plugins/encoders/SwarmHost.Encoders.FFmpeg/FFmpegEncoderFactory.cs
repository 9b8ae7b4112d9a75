using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Encoders.FFmpeg;

/// <summary>The <c>ffmpeg</c> encoder component: any libavcodec video encoder by name, run in-process.</summary>
public sealed class FFmpegEncoderFactory : IEncoderFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "ffmpeg",
        ComponentKind.Encoder,
        "FFmpeg encoder",
        "Any libavcodec video encoder (libx264, libx265, libvpx-vp9, libsvtav1, mpeg2video, ...) run in-process on FFmpeg's shared libraries. Honours per-frame keyframe requests where the codec allows it (libsvtav1 only keeps a fixed interval); its delay is measured at open.")
    {
        Author = "SwarmHost",
        Version = typeof(FFmpegEncoderFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT (FFmpeg itself: LGPL/GPL as built by Debian)",
        Rank = ComponentRank.Primary,
        Capabilities = new(KeyframeControl.PerFrame, 0, ["in-process", "codec-private-options"]),
        Options =
        [
            new OptionDescriptor("codec", OptionType.String, "The libavcodec encoder name, e.g. libx264, libx265, libvpx-vp9, libsvtav1, mpeg2video.") { Default = "libx264" },
            new OptionDescriptor("bitrate", OptionType.Integer, "Target bitrate in bit/s (ignored when crf is set).") { Default = 3_000_000L, Minimum = 10_000, Maximum = 1_000_000_000 },
            new OptionDescriptor("crf", OptionType.Number, "Constant rate factor: quality-targeted rate control instead of a bitrate.") { Minimum = 0, Maximum = 63 },
            new OptionDescriptor("preset", OptionType.String, "The encoder's preset, e.g. ultrafast/veryfast/medium for x264 and x265."),
            new OptionDescriptor("tune", OptionType.String, "The encoder's tune, e.g. zerolatency, film."),
            new OptionDescriptor("threads", OptionType.Integer, "Encoder threads; 0 lets the encoder choose (defaults differ between encoders).") { Default = 1L, Minimum = 0, Maximum = 64 },
            new OptionDescriptor("width", OptionType.Integer, "Width to encode at; the profile picture is scaled to it (resolution diversity). Default: the profile's.") { Minimum = 16, Maximum = 8192 },
            new OptionDescriptor("height", OptionType.Integer, "Height to encode at. Default: the profile's.") { Minimum = 16, Maximum = 8192 },
            new OptionDescriptor("gop", OptionType.Integer, "Keyframe interval the encoder keeps on its own. Default: the profile's GOP; the swarm asks every encoder for keyframes at the same frames anyway, so encoders that only allow a fixed interval (libsvtav1) stay aligned.") { Minimum = 1, Maximum = 1000 },
            new OptionDescriptor("globalHeader", OptionType.Boolean, "Put codec headers in extradata, as Matroska and MP4 outputs need; MPEG-TS and switching want them in band (the default).") { Default = false },
            new OptionDescriptor("private", OptionType.Map, "Further AVOptions by name, codec-private ones included, e.g. { \"x264-params\": \"aq-mode=2\" }."),
        ],
    };

    /// <inheritdoc />
    public IVideoEncoder Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var settings = FFmpegEncoderSettings.FromOptions(options);
        return new FFmpegVideoEncoder(context.InstanceId, settings);
    }
}
