using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Preflight;

/// <summary>
/// What one encoder instance holds: pictures of its encode size kept for lookahead, B-frames and
/// references, each at a number of bytes per pixel. Read from the encoder's options (codec, preset,
/// tune, threads, width, height), also when it is wrapped in another component (e.g. <c>chaos</c>'s
/// <c>inner</c>). Figures follow x264's and x265's preset tables; any other codec or an unknown
/// preset gets the largest figures (60 lookahead, 16 B-frames, 16 references), so the estimate
/// stays an upper bound.
/// </summary>
/// <param name="Description">Codec and preset, for messages.</param>
/// <param name="Width">Encode width.</param>
/// <param name="Height">Encode height.</param>
/// <param name="DelayFrames">Frames the encoder may hold before its first unit (lookahead plus B-frames).</param>
/// <param name="HeldFrames">Pictures it keeps at once: delay, references, frame threads and three working pictures.</param>
/// <param name="BytesPerPixel">Bytes of one held picture per pixel (planes, sub-pixel planes, lowres copies).</param>
public sealed record EncoderFootprint(string Description, int Width, int Height, int DelayFrames, int HeldFrames, double BytesPerPixel)
{
    // (lookahead, B-frames, references) per preset, as x264 and x265 set them
    private static readonly Dictionary<string, (int Lookahead, int BFrames, int Refs)> X264 = new(StringComparer.Ordinal)
    {
        ["ultrafast"] = (0, 0, 1), ["superfast"] = (0, 3, 1), ["veryfast"] = (10, 3, 1), ["faster"] = (20, 3, 2), ["fast"] = (30, 3, 2),
        ["medium"] = (40, 3, 3), ["slow"] = (50, 3, 5), ["slower"] = (60, 3, 8), ["veryslow"] = (60, 8, 16), ["placebo"] = (60, 16, 16),
    };

    private static readonly Dictionary<string, (int Lookahead, int BFrames, int Refs)> X265 = new(StringComparer.Ordinal)
    {
        ["ultrafast"] = (5, 3, 1), ["superfast"] = (10, 3, 1), ["veryfast"] = (15, 4, 2), ["faster"] = (15, 4, 2), ["fast"] = (15, 4, 3),
        ["medium"] = (20, 4, 3), ["slow"] = (25, 4, 4), ["slower"] = (40, 8, 5), ["veryslow"] = (40, 8, 5), ["placebo"] = (60, 8, 5),
    };

    private static readonly (int Lookahead, int BFrames, int Refs) Most = (60, 16, 16);

    /// <summary>The footprint of an encoder instance of <paramref name="spec"/> under <paramref name="profile"/>.</summary>
    public static EncoderFootprint Of(ComponentSpec spec, OutputProfile profile)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(profile);
        var options = Innermost(spec.Options);
        var codec = Text(options, "codec") ?? spec.Plugin; // a component that names no codec is counted at the largest figures
        var preset = Text(options, "preset") ?? "medium";
        var tune = Text(options, "tune") ?? "";
        var threads = options.TryGetValue("threads", out var t) && t is long n ? (int)n : 1;
        var width = options.TryGetValue("width", out var w) && w is long wl ? (int)wl : profile.Width;
        var height = options.TryGetValue("height", out var h) && h is long hl ? (int)hl : profile.Height;
        var table = codec switch
        {
            "libx264" or "libx264rgb" => X264,
            "libx265" => X265,
            _ => null,
        };
        var known = table is not null && table.ContainsKey(preset);
        var (lookahead, bframes, refs) = known ? table![preset] : Most;
        if (tune.Contains("zerolatency", StringComparison.Ordinal))
        {
            (lookahead, bframes) = (0, 0);
        }

        var frameThreads = threads == 0 ? (int)Math.Ceiling(Environment.ProcessorCount * 1.5) : threads;
        var bytesPerPixel = codec == "libx265" ? 8.0 : 6.0;
        var description = known ? $"{codec} {preset}" : string.Create(CultureInfo.InvariantCulture, $"{codec} {(table is null ? "" : $"preset '{preset}' ")}counted at the largest lookahead");
        return new(description, width, height, lookahead + bframes, lookahead + bframes + refs + 3 + Math.Max(0, frameThreads - 1), bytesPerPixel);
    }

    /// <summary>The footprint counted for an encoder nothing is known of: the largest lookahead, B-frames and references.</summary>
    public static EncoderFootprint Largest(int width, int height) =>
        new("unknown encoder", width, height, Most.Lookahead + Most.BFrames, Most.Lookahead + Most.BFrames + Most.Refs + 3, 6.0);

    /// <summary>Bytes it holds: held pictures × width × height × bytes per pixel.</summary>
    public long Bytes => (long)(HeldFrames * (double)Width * Height * BytesPerPixel);

    /// <summary>The options of the innermost wrapped component that names a codec, or the outermost when none does.</summary>
    private static ComponentOptions Innermost(ComponentOptions options)
    {
        if (options.ContainsKey("codec"))
        {
            return options;
        }

        foreach (var value in options.Values)
        {
            if (value is ComponentSpec inner && Innermost(inner.Options) is { } found && found.ContainsKey("codec"))
            {
                return found;
            }
        }

        return options;
    }

    private static string? Text(ComponentOptions options, string name) =>
        options.TryGetValue(name, out var value) && value is string s && s.Length > 0 ? s : null;
}
