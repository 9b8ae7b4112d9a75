using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Combiners.Blend;

/// <summary>How a <see cref="BlendCombiner"/> works: the <c>blend</c> component's options, validated.</summary>
/// <param name="Encoder">The output encoder as a nested component, or <c>null</c> for the default of the profile's codec (see <see cref="OutputEncoder"/>).</param>
/// <param name="Lookahead">Slots a picture is held beyond the encoders' own delay, so a missing slot can be interpolated towards a later picture; 0 or more.</param>
/// <param name="Interpolation">How a slot no encoder delivered is filled.</param>
/// <param name="FlowScale">The fraction of the profile size the optical flow is computed at, in (0, 1].</param>
public sealed record BlendSettings(ComponentSpec? Encoder, int Lookahead, InterpolationMode Interpolation, double FlowScale)
{
    /// <summary>The default of <see cref="Lookahead"/>.</summary>
    public const int DefaultLookahead = 3;

    /// <summary>The default of <see cref="FlowScale"/>.</summary>
    public const double DefaultFlowScale = 0.5;

    /// <summary>Bits per pixel the default output encoder's bitrate is computed from (width × height × frame rate × this).</summary>
    public const double DefaultBitsPerPixel = 0.1;

    /// <summary>The defaults: the profile codec's default encoder, lookahead 3, motion interpolation, flow at half size.</summary>
    public static BlendSettings Default { get; } = new(null, DefaultLookahead, InterpolationMode.Motion, DefaultFlowScale);

    /// <summary>Reads the <c>blend</c> component's options (validated by the host, defaults applied): encoder, lookahead, interpolation, flowScale.</summary>
    /// <exception cref="ArgumentException">An option is outside its range (only possible when the options were not validated against the options table).</exception>
    public static BlendSettings FromOptions(ComponentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var interpolation = options.GetOrDefault("interpolation", "motion");
        var settings = new BlendSettings(
            options.GetOrDefault<ComponentSpec?>("encoder", null),
            (int)options.GetOrDefault("lookahead", (long)DefaultLookahead),
            interpolation switch
            {
                "motion" => InterpolationMode.Motion,
                "repeat" => InterpolationMode.Repeat,
                _ => throw new ArgumentException($"Option 'interpolation' is '{interpolation}'; use motion or repeat.", nameof(options)),
            },
            options.TryGetValue("flowScale", out var scale) && scale is not null ? options.GetDouble("flowScale") : DefaultFlowScale);
        settings.Validate();
        return settings;
    }

    /// <summary>Checks the ranges the options table states.</summary>
    /// <exception cref="ArgumentException">Lookahead below 0 or above 120, or flow scale outside (0, 1].</exception>
    public void Validate()
    {
        if (Lookahead is < 0 or > 120)
        {
            throw new ArgumentException($"Option 'lookahead' is {Lookahead}; give 0 to 120 slots (3 is usual).", nameof(Lookahead));
        }

        if (!(FlowScale > 0 && FlowScale <= 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Option 'flowScale' is {FlowScale}; give a fraction of the profile size in (0, 1], e.g. 0.5."), nameof(FlowScale));
        }
    }

    /// <summary>
    /// The output encoder to create: <see cref="Encoder"/> when given; otherwise the <c>ffmpeg</c>
    /// component with the libavcodec encoder of the profile's codec, set up for live use — h264:
    /// libx264 veryfast; hevc: libx265 ultrafast; vp9: libvpx-vp9 deadline realtime, cpu-used 8,
    /// no lag; av1: libsvtav1 preset 10; mpeg2video: mpeg2video at three times the rate — one
    /// thread, at <see cref="DefaultBitsPerPixel"/> bits per pixel (640×360 at 30 fps: 691 kbit/s;
    /// 1280×720 at 30 fps: 2.76 Mbit/s), at least 100 kbit/s.
    /// </summary>
    /// <exception cref="InvalidOperationException">No encoder was given and the profile's codec has no default; the message says to give one.</exception>
    public ComponentSpec OutputEncoder(OutputProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (Encoder is not null)
        {
            return Encoder;
        }

        var options = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["bitrate"] = Math.Max(100_000L, (long)Math.Round(profile.Width * profile.Height * profile.FrameRate.ToDouble() * DefaultBitsPerPixel)),
            ["threads"] = 1L,
        };
        switch (profile.Codec)
        {
            case "h264":
                options["codec"] = "libx264";
                options["preset"] = "veryfast";
                break;
            case "hevc":
                options["codec"] = "libx265";
                options["preset"] = "ultrafast";
                break;
            case "vp9":
                options["codec"] = "libvpx-vp9";
                options["private"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["deadline"] = "realtime", ["cpu-used"] = "8", ["lag-in-frames"] = "0" };
                break;
            case "av1":
                options["codec"] = "libsvtav1";
                options["preset"] = "10";
                break;
            case "mpeg2video":
                options["codec"] = "mpeg2video";
                options["bitrate"] = 3 * (long)options["bitrate"]!; // an older codec: three times the rate for similar quality
                break;
            default:
                throw new InvalidOperationException($"The blend combiner has no default output encoder for profile codec '{profile.Codec}'; give one in its 'encoder' option, e.g. {{ \"plugin\": \"ffmpeg\", \"options\": {{ \"codec\": \"...\" }} }}.");
        }

        return new ComponentSpec("ffmpeg", new ComponentOptions(options));
    }
}
