using System.Globalization;
using System.Net;

namespace SwarmHost.Clocks.Ntp;

/// <summary>One entry of the <c>servers</c> option: a host name or address and a UDP port.</summary>
/// <param name="Host">Host name or IP address literal (IPv6 without brackets).</param>
/// <param name="Port">UDP port (1–65535).</param>
internal sealed record NtpServerAddress(string Host, int Port)
{
    /// <summary>The standard NTP port.</summary>
    public const int DefaultPort = 123;

    /// <summary>How the address is shown: <c>host</c>, or <c>host:port</c> for a non-standard port (<c>[v6]:port</c>).</summary>
    public override string ToString()
    {
        if (Port == DefaultPort)
        {
            return Host;
        }

        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return string.Create(CultureInfo.InvariantCulture, $"{host}:{Port}");
    }

    /// <summary>Parses a comma-separated list of <c>host[:port]</c> (IPv6 as <c>[address]:port</c> or bare).</summary>
    /// <exception cref="InvalidOperationException">An entry is empty or its port is not a number from 1 to 65535; the message names the entry and the fix.</exception>
    public static IReadOnlyList<NtpServerAddress> ParseList(string servers)
    {
        var entries = servers.Split(',', StringSplitOptions.TrimEntries);
        if (entries.All(string.IsNullOrEmpty))
        {
            throw new InvalidOperationException("The ntp clock's 'servers' option is empty: give at least one NTP server as host[:port], e.g. servers=192.0.2.1 or servers=time.example.com:11123.");
        }

        var list = new List<NtpServerAddress>();
        foreach (var entry in entries)
        {
            if (entry.Length == 0)
            {
                throw new InvalidOperationException($"The ntp clock's 'servers' option '{servers}' has an empty entry: separate servers with single commas, e.g. servers=192.0.2.1,192.0.2.3.");
            }

            list.Add(Parse(entry));
        }

        return list;
    }

    private static NtpServerAddress Parse(string entry)
    {
        string host;
        string? port = null;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < entry.Length && entry[close + 1] != ':'))
            {
                throw new InvalidOperationException($"NTP server '{entry}' is not a valid [IPv6]:port entry; write it as [2001:db8::1]:123 or without the port.");
            }

            host = entry[1..close];
            port = close + 1 < entry.Length ? entry[(close + 2)..] : null;
        }
        else if (entry.Count(c => c == ':') == 1)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            host = entry[..colon];
            port = entry[(colon + 1)..];
        }
        else
        {
            host = entry; // a name, an IPv4 address or a bare IPv6 address
        }

        if (host.Length == 0 || (entry.StartsWith('[') && !IPAddress.TryParse(host, out _)))
        {
            throw new InvalidOperationException($"NTP server '{entry}' has no host; write host[:port], e.g. 192.0.2.1 or time.example.com:123.");
        }

        if (port is null)
        {
            return new NtpServerAddress(host, DefaultPort);
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new InvalidOperationException($"NTP server '{entry}' has port '{port}', which is not a UDP port; use a number from 1 to 65535, or leave it out for the standard port {DefaultPort}.");
        }

        return new NtpServerAddress(host, number);
    }
}
