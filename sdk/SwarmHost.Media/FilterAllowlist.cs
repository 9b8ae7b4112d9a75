namespace SwarmHost.Media;

/// <summary>
/// The FFmpeg filters a <c>lavfi:</c> input may use without being allowed on the command line:
/// the test sources and plain picture filters, none of which loads a library, reads or writes a
/// file, opens a socket or runs a model (docs/input-safety.md). Anything else — <c>ladspa</c>,
/// <c>lv2</c>, <c>frei0r</c>, <c>movie</c>, <c>subtitles</c>, <c>drawtext</c>, <c>zmq</c>,
/// <c>dnn_*</c>, filters with stats files — needs <c>--allow-filter NAME</c>.
/// </summary>
public static class FilterAllowlist
{
    /// <summary>The test sources allowed by default.</summary>
    public static IReadOnlySet<string> Sources { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        "allrgb", "allyuv", "color", "colorchart", "colorspectrum", "gradients", "haldclutsrc", "mandelbrot", "nullsrc",
        "pal100bars", "pal75bars", "rgbtestsrc", "sierpinski", "smptebars", "smptehdbars", "testsrc", "testsrc2", "yuvtestsrc", "zoneplate",
        "aevalsrc", "anoisesrc", "anullsrc", "sine",
    };

    /// <summary>The plain filters allowed by default (pixel formats, geometry, timing, noise, colour, joining; sample formats, gain and timing for audio).</summary>
    public static IReadOnlySet<string> Filters { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        "boxblur", "colorchannelmixer", "concat", "copy", "crop", "drawbox", "drawgrid", "edgedetect", "eq", "fade", "format", "fps",
        "gblur", "geq", "hflip", "hue", "interleave", "loop", "lut", "lutrgb", "lutyuv", "negate", "noise", "null", "overlay", "pad",
        "rotate", "scale", "scroll", "select", "setdar", "setpts", "setsar", "split", "tblend", "tpad", "transpose", "trim", "unsharp",
        "vflip", "zoompan",
        "afade", "aformat", "anull", "apad", "aresample", "asetpts", "atrim", "volume",
    };

    /// <summary>Whether <paramref name="filter"/> is allowed by default.</summary>
    public static bool IsAllowed(string filter) => Sources.Contains(filter) || Filters.Contains(filter);

    /// <summary>
    /// Why <paramref name="uri"/> may not be opened, or <c>null</c> when it may: for a <c>lavfi:</c>
    /// input, a graph that cannot be read or that uses a filter neither allowed by default nor in
    /// <paramref name="allowed"/>; every other input passes.
    /// </summary>
    /// <param name="uri">The input as given.</param>
    /// <param name="allowed">Filters allowed beyond the default list (<c>--allow-filter</c>).</param>
    public static string? Refusal(string uri, IEnumerable<string>? allowed)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith("lavfi:", StringComparison.Ordinal))
        {
            return null;
        }

        IReadOnlyList<string> names;
        try
        {
            names = FilterGraphParser.FilterNames(uri["lavfi:".Length..]);
        }
        catch (FormatException ex)
        {
            return $"the lavfi graph cannot be read safely: {ex.Message}. Write it as FFmpeg's filtergraph syntax, e.g. lavfi:testsrc2=size=1280x720:rate=30,format=yuv420p";
        }

        var extra = new HashSet<string>(allowed ?? [], StringComparer.Ordinal);
        var refused = names.Where(n => !IsAllowed(n) && !extra.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        return refused.Count == 0
            ? null
            : $"the lavfi graph uses {string.Join(", ", refused.Select(n => $"'{n}'"))}, not on the list of filters an input may use (test sources and plain picture filters, docs/input-safety.md): " +
              $"a filter can load a library, read or write files or open sockets. If you trust this graph, allow it with {string.Join(" ", refused.Select(n => $"--allow-filter {n}"))}";
    }
}
