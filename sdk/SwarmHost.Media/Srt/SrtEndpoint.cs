using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SwarmHost.Media.Srt;

/// <summary>
/// An <c>srt://host:port?…</c> output address with FFmpeg's option names: <c>mode</c>
/// (<c>caller</c>, the default, or <c>listener</c>), <c>passphrase</c> (10–79 characters),
/// <c>pbkeylen</c> (16, 24 or 32), <c>latency</c> (µs, as FFmpeg takes it). IPv4.
/// </summary>
/// <param name="Address">Where to connect (caller) or the address to listen on (listener).</param>
/// <param name="Listener">Whether this end waits for its receiver to call.</param>
/// <param name="Passphrase">The stream's passphrase (the traffic is encrypted), or <c>null</c>.</param>
/// <param name="KeyLength">The key length in bytes.</param>
/// <param name="LatencyMs">SRT's latency window, ms.</param>
public sealed record SrtEndpoint(IPEndPoint Address, bool Listener, string? Passphrase, int KeyLength, int LatencyMs)
{
    /// <summary>Reads <paramref name="url"/>.</summary>
    /// <exception cref="MediaOutputException">The URL is not a usable SRT address; the message says what is wrong.</exception>
    public static SrtEndpoint Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "srt" || uri.Port <= 0 || uri.Host.Length == 0)
        {
            throw new MediaOutputException($"Output '{MediaUris.Redact(url)}': not an SRT address; write srt://host:port?mode=listener|caller&passphrase=…");
        }

        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", StringComparer.Ordinal);
        var unknown = query.Keys.Except(["mode", "passphrase", "pbkeylen", "latency"], StringComparer.Ordinal).ToList();
        var mode = query.GetValueOrDefault("mode", "caller");
        var passphrase = query.GetValueOrDefault("passphrase");
        var problems = new List<string>();
        if (unknown.Count > 0)
        {
            problems.Add($"unknown option{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)} (an SRT output takes mode, passphrase, pbkeylen, latency)");
        }

        if (mode is not ("caller" or "listener"))
        {
            problems.Add($"mode '{mode}' is neither caller nor listener");
        }

        if (passphrase is { Length: < 10 or > 79 })
        {
            problems.Add($"the passphrase has {passphrase.Length} characters; SRT takes 10 to 79");
        }

        var keyLength = Number(query, "pbkeylen", 16, problems);
        if (keyLength is not (16 or 24 or 32))
        {
            problems.Add($"pbkeylen {keyLength} is not 16, 24 or 32");
        }

        var latencyUs = Number(query, "latency", 120_000, problems);
        var address = IPAddress.TryParse(uri.Host, out var ip) ? ip : Dns.GetHostAddresses(uri.Host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        if (address is not { AddressFamily: AddressFamily.InterNetwork })
        {
            problems.Add($"'{uri.Host}' is no IPv4 address or name");
        }

        return problems.Count > 0
            ? throw new MediaOutputException($"Output '{MediaUris.Redact(url)}': {string.Join("; ", problems)}.")
            : new SrtEndpoint(new IPEndPoint(address!, uri.Port), mode == "listener", passphrase, keyLength, Math.Max(0, latencyUs / 1000));
    }

    private static int Number(Dictionary<string, string> query, string name, int fallback, List<string> problems)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{name} '{text}' is not a whole number");
        return fallback;
    }
}
