namespace SwarmHost.Media;

/// <summary>
/// The FFmpeg protocols an input may use (its <c>protocol_whitelist</c>), so that a playlist or
/// concat file cannot pull in another protocol: a file only <c>file</c>, a pipe only <c>pipe</c>,
/// a network URL only the protocols its scheme is carried over — never <c>file</c>.
/// </summary>
public static class InputProtocols
{
    private static readonly Dictionary<string, string> ByScheme = new(StringComparer.OrdinalIgnoreCase)
    {
        ["udp"] = "udp",
        ["rtp"] = "rtp,udp",
        ["srt"] = "srt",
        ["rist"] = "rist,udp",
        ["tcp"] = "tcp",
        ["rtmp"] = "rtmp,tcp",
        ["rtmps"] = "rtmps,tcp,tls",
        ["rtmpt"] = "rtmpt,ffrtmphttp,http,tcp",
        ["rtsp"] = "rtsp,rtp,udp,tcp",
        ["http"] = "http,https,tcp,tls,crypto,httpproxy",
        ["https"] = "http,https,tcp,tls,crypto,httpproxy",
    };

    /// <summary>The comma-separated whitelist for <paramref name="uri"/>, or <c>null</c> for a <c>lavfi:</c> source (it reads no protocol).</summary>
    /// <param name="uri">The input as given.</param>
    public static string? For(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.StartsWith("lavfi:", StringComparison.Ordinal))
        {
            return null;
        }

        if (uri.StartsWith("pipe:", StringComparison.Ordinal))
        {
            return "pipe";
        }

        var separator = uri.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return "file";
        }

        var scheme = uri[..separator];
        return ByScheme.TryGetValue(scheme, out var protocols) ? protocols : scheme.ToLowerInvariant();
    }
}
