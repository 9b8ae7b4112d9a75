using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SwarmHost.Telemetry;

/// <summary>Reads the <c>--metrics</c> value: an <c>http://host:port/</c> URL, or a bare port for the loopback address.</summary>
public static class MetricsUrl
{
    /// <summary>
    /// Parses <paramref name="value"/>: <c>9464</c> means <c>http://127.0.0.1:9464/</c> (loopback:
    /// nothing outside this machine can scrape unless an address is named). Returns <c>false</c> with
    /// a message saying what to write instead for anything else than an absolute http URL with a port.
    /// An every-interface host (<see cref="IsAnyAddress"/>) parses; serving on it needs <c>--metrics-bind-any</c>.
    /// </summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        uri = null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            value = $"http://127.0.0.1:{port}/";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttp)
        {
            problem = $"--metrics '{value}' is not an http URL: give the address to serve the Prometheus scrape endpoint at, e.g. http://127.0.0.1:9464/ (https is not served; put a TLS proxy in front).";
            return false;
        }

        if (parsed.Port is <= 0 or > 65535 || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            problem = $"--metrics '{value}' needs a port (1-65535) and no query: e.g. http://127.0.0.1:9464/.";
            return false;
        }

        uri = parsed;
        problem = null;
        return true;
    }

    /// <summary>Whether <paramref name="uri"/> names every interface (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c> or <c>+</c>) rather than one address.</summary>
    public static bool IsAnyAddress(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Host is "0.0.0.0" or "[::]" or "::" or "*" or "+";
    }

    /// <summary>The message refusing an every-interface address given without <c>--metrics-bind-any</c>.</summary>
    public static string AnyAddressRefused(string value) =>
        $"--metrics '{value}' serves on every interface, so anyone who can reach this machine could read the swarm's metrics: add --metrics-bind-any to mean that, or give one address of this machine (a bare port serves on 127.0.0.1 only).";
}
