using System.Globalization;
using System.Net;

namespace SwarmHost.Cluster;

/// <summary>A cluster member's address as people write it: <c>host:port</c> (an IPv4 address or a name, and a TCP port).</summary>
/// <param name="Host">The address or host name.</param>
/// <param name="Port">The TCP port (1–65535; 0 only for a listen address: any free port).</param>
public sealed record ClusterEndpoint(string Host, int Port)
{
    /// <summary>Reads <c>host:port</c>.</summary>
    /// <exception cref="FormatException">It is not <c>host:port</c> with a port in range; the message says what was given.</exception>
    public static ClusterEndpoint Parse(string text, bool allowAnyPort = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535 || (port == 0 && !allowAnyPort))
        {
            throw new FormatException($"'{text}' is not host:port (for example 127.0.0.1:4053)");
        }

        return new ClusterEndpoint(text[..colon], port);
    }

    /// <summary>Whether <see cref="Host"/> is a loopback address (or <c>localhost</c>).</summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address));

    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
