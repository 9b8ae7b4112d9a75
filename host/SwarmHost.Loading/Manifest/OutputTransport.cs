using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>The manifest's <c>output.ts</c>: how an MPEG-TS output (a <c>.ts</c> file, <c>udp://</c>, <c>rtp://</c>, <c>srt://</c>) describes its service and paces itself.</summary>
/// <param name="ServiceName">The service's name in the SDT, e.g. <c>SwarmHost 1</c>.</param>
/// <param name="ServiceProvider">The service's provider in the SDT.</param>
/// <param name="ServiceId">The program number (service id).</param>
/// <param name="PmtPid">The PID of the program map table.</param>
/// <param name="FirstPid">The PID of the first elementary stream (the video; the audio tracks follow).</param>
/// <param name="MuxRate">A constant mux rate in bit/s (null packets fill it), as a multicast or satellite link wants; <c>null</c>: variable.</param>
public sealed record OutputTransport(string? ServiceName, string? ServiceProvider, int? ServiceId, int? PmtPid, int? FirstPid, long? MuxRate)
{
    /// <summary>Reads <c>output.ts</c> (the schema has checked its types and ranges), or <c>null</c> when absent.</summary>
    public static OutputTransport? Read(JsonElement root)
    {
        if (JsonValues.Get(root, "output") is not { ValueKind: JsonValueKind.Object } output || JsonValues.Get(output, "ts") is not { ValueKind: JsonValueKind.Object } ts)
        {
            return null;
        }

        return new OutputTransport(JsonValues.Text(ts, "serviceName"), JsonValues.Text(ts, "serviceProvider"), JsonValues.Int32(ts, "serviceId"),
            JsonValues.Int32(ts, "pmtPid"), JsonValues.Int32(ts, "firstPid"), JsonValues.Integer(ts, "muxRate"));
    }

    /// <summary>
    /// <paramref name="output"/> as it is opened: a <c>udp://</c> output with a mux rate is paced at
    /// that rate by FFmpeg's UDP protocol (its <c>bitrate</c> option, from a buffer of its own), so a
    /// GOP written at once leaves as a steady stream rather than a burst a receiver's socket
    /// cannot hold; a <c>bitrate</c> already in the URL wins.
    /// </summary>
    public string Paced(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (MuxRate is not { } rate || !output.StartsWith("udp://", StringComparison.OrdinalIgnoreCase) || output.Contains("bitrate=", StringComparison.OrdinalIgnoreCase))
        {
            return output;
        }

        return output + (output.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "bitrate=" + rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The MPEG-TS muxer's options (and the two metadata keys it reads the service from).</summary>
    public IReadOnlyDictionary<string, string> MuxerOptions()
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                options[name] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
            }
        }

        Add("service_name", ServiceName);
        Add("service_provider", ServiceProvider);
        Add("mpegts_service_id", ServiceId);
        Add("mpegts_pmt_start_pid", PmtPid);
        Add("mpegts_start_pid", FirstPid);
        Add("muxrate", MuxRate);
        return options;
    }
}
