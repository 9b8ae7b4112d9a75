using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Media;

/// <summary>How to configure one libavcodec video encoder.</summary>
/// <param name="Codec">The libavcodec encoder name, e.g. <c>libx264</c>, <c>libx265</c>, <c>libvpx-vp9</c>, <c>libsvtav1</c>, <c>mpeg2video</c>.</param>
/// <param name="Bitrate">Target bitrate in bit/s; ignored when <paramref name="Crf"/> is set.</param>
/// <param name="Crf">Constant rate factor (quality-targeted rate control), or <c>null</c> for bitrate mode.</param>
/// <param name="Preset">The encoder's preset (codec-private option), or <c>null</c> for its default.</param>
/// <param name="Tune">The encoder's tune (codec-private option), or <c>null</c>.</param>
/// <param name="Threads">Encoder threads; 0 lets the encoder choose (encoders differ in their default, so set it).</param>
/// <param name="Width">Width to encode at (the profile picture is scaled to it), or <c>null</c> for the profile's.</param>
/// <param name="Height">Height to encode at, or <c>null</c> for the profile's.</param>
/// <param name="GlobalHeader">Put codec headers in extradata (<see cref="EncoderSession.Extradata"/>) as Matroska and MP4 want, instead of in band as MPEG-TS and switching want.</param>
/// <param name="PrivateOptions">Further AVOptions passed through by name (codec-private ones included), e.g. <c>x264-params</c>.</param>
public sealed record FFmpegEncoderSettings(
    string Codec,
    long Bitrate,
    double? Crf,
    string? Preset,
    string? Tune,
    int Threads,
    int? Width,
    int? Height,
    bool GlobalHeader,
    IReadOnlyDictionary<string, string> PrivateOptions)
{
    /// <summary>The keyframe interval the encoder keeps by itself; <c>null</c> uses the profile's GOP.</summary>
    public int? Gop { get; init; }

    /// <summary>
    /// Reads the <c>ffmpeg</c> component's options (validated, defaults applied): codec, bitrate,
    /// crf, preset, tune, threads, width, height, gop, globalHeader, private.
    /// </summary>
    public static FFmpegEncoderSettings FromOptions(ComponentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int? Optional(string name) => options.TryGetValue(name, out var v) && v is not null ? (int)options.GetInt64(name) : null;
        var privateOptions = options.GetOrDefault<IReadOnlyDictionary<string, object?>>("private", new Dictionary<string, object?>())
            .ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);
        return new FFmpegEncoderSettings(
            options.GetOrDefault("codec", "libx264"),
            options.GetOrDefault("bitrate", 3_000_000L),
            options.TryGetValue("crf", out var crf) && crf is not null ? options.GetDouble("crf") : null,
            options.GetOrDefault<string?>("preset", null),
            options.GetOrDefault<string?>("tune", null),
            (int)options.GetOrDefault("threads", 1L),
            Optional("width"),
            Optional("height"),
            options.GetOrDefault("globalHeader", false),
            privateOptions)
        {
            Gop = Optional("gop"),
        };
    }

    /// <summary>
    /// The AVOptions, in the order they are set, that configure the encoder besides picture size,
    /// pixel format and time base: GOP, threads, rate control, preset, tune, global header, IDR
    /// keyframes and no scene-cut keyframes for x264/x265 (so keyframes fall only where the swarm
    /// asks and GOPs stay aligned), the thread count also for x265's pools and SVT-AV1's
    /// processors, x265's log level (it writes to stderr itself), then the codec-private options
    /// (which may override those).
    /// </summary>
    public IReadOnlyList<(string Name, string Value)> AvOptions(OutputProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var inv = CultureInfo.InvariantCulture;
        var options = new List<(string, string)>
        {
            ("g", (Gop ?? profile.Gop).ToString(inv)),
            ("threads", Threads.ToString(inv)),
            Crf is { } crf ? ("crf", crf.ToString(inv)) : ("b", Bitrate.ToString(inv)),
        };
        if (Preset is not null)
        {
            options.Add(("preset", Preset));
        }

        if (Tune is not null)
        {
            options.Add(("tune", Tune));
        }

        if (GlobalHeader)
        {
            options.Add(("flags", "+global_header"));
        }

        var privateOptions = new Dictionary<string, string>(PrivateOptions, StringComparer.Ordinal);
        if (Codec == "libx264")
        {
            options.Add(("forced-idr", "1")); // a forced keyframe must be an IDR so a GOP can be spliced in
            options.Add(("sc_threshold", "0"));
        }
        else if (Codec == "libx265")
        {
            options.Add(("forced-idr", "1"));
            Prepend(privateOptions, "x265-params", Threads > 0 ? $"log-level=error:scenecut=0:pools={Threads.ToString(inv)}" : "log-level=error:scenecut=0");
        }
        else if (Codec == "libsvtav1" && Threads > 0)
        {
            Prepend(privateOptions, "svtav1-params", $"lp={Threads.ToString(inv)}"); // its thread count is not the generic one
        }

        options.AddRange(privateOptions.Select(p => (p.Key, p.Value)));
        return options;
    }

    /// <summary>Puts our defaults in front of a key=value list option, so the user's own settings (which come later) win.</summary>
    private static void Prepend(Dictionary<string, string> options, string name, string defaults) =>
        options[name] = options.TryGetValue(name, out var own) && own.Length > 0 ? defaults + ":" + own : defaults;

    /// <summary>
    /// The <c>ffmpeg</c> CLI output options that configure the same encoder the same way (see
    /// <see cref="AvOptions"/>), for reference runs of the CLI beside the in-process encoder.
    /// </summary>
    public IReadOnlyList<string> CliArguments(OutputProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var args = new List<string> { "-c:v", Codec, "-pix_fmt", "yuv420p" };
        if (Width is not null || Height is not null)
        {
            args.AddRange(["-s", $"{Width ?? profile.Width}x{Height ?? profile.Height}"]);
        }

        foreach (var (name, value) in AvOptions(profile))
        {
            args.AddRange([name == "b" ? "-b:v" : "-" + name, value]);
        }

        return args;
    }
}
