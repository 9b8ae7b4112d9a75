using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>The checks of the output section that need more than the schema: settings that only fit some outputs, and PIDs the MPEG-TS muxer would refuse.</summary>
internal static class OutputChecks
{
    /// <summary>Streams (the video and up to 15 audio tracks) the PIDs from <c>output.ts.firstPid</c> are kept for.</summary>
    public const int StreamPids = 16;

    /// <summary>Adds a problem for each setting that does not fit <paramref name="output"/>.</summary>
    public static void Check(JsonElement root, string? output, List<ManifestProblem> problems)
    {
        if (output is null)
        {
            return;
        }

        if (ManifestValidator.IsUrl(output) && OutputAudio.Read(root).MeasureSync)
        {
            problems.Add(new("$.output.audio.measureSync", $"the A/V sync is measured in the written file, but the output '{output}' is a stream", "write a file, or leave measureSync out"));
        }

        if (OutputHls.Read(root) is not null && !output.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new("$.output.hls", $"HLS settings are given, but the output '{output}' is not an HLS playlist", "name a .m3u8 output (e.g. out/live/index.m3u8), or leave hls out"));
        }

        if (OutputTransport.Read(root) is not { } ts)
        {
            return;
        }

        if (!IsTransportStream(output))
        {
            problems.Add(new("$.output.ts", $"MPEG-TS settings are given, but the output '{output}' is not MPEG-TS", "name a .ts file or a udp://, rtp:// or srt:// output, or leave ts out"));
        }

        var first = ts.FirstPid ?? 0x100;
        var pmt = ts.PmtPid ?? 0x1000;
        if (pmt >= first && pmt < first + StreamPids)
        {
            problems.Add(new(ts.PmtPid is null ? "$.output.ts.firstPid" : "$.output.ts.pmtPid", $"the PMT's PID {pmt} is among the {StreamPids} PIDs from {first} kept for the streams (the video, then each audio track)", $"give a pmtPid below {first} or from {first + StreamPids} on"));
        }
    }

    /// <summary>Whether <paramref name="output"/> is written as MPEG-TS: a <c>.ts</c> file or a udp, rtp or srt URL.</summary>
    private static bool IsTransportStream(string output) =>
        output.EndsWith(".ts", StringComparison.OrdinalIgnoreCase) || output.StartsWith("udp://", StringComparison.OrdinalIgnoreCase)
        || output.StartsWith("rtp://", StringComparison.OrdinalIgnoreCase) || output.StartsWith("srt://", StringComparison.OrdinalIgnoreCase);
}
