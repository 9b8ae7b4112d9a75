using System.Net;
using SwarmHost.Manifest;
using SwarmHost.Media;

namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// How the nodes of a manifest get its source (<c>cluster.source</c>), and what cannot work:
/// checked by <c>validate</c> and before a run starts.
/// </summary>
public static class NodeSourceCheck
{
    /// <summary>Whether the coordinator relays <paramref name="input"/> to the nodes (<c>false</c>: each node reads it itself) under <paramref name="manifest"/>'s <c>cluster.source</c>.</summary>
    public static bool Relayed(SwarmManifest manifest, string input)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(input);
        return (manifest.Cluster?.Source ?? "auto") switch
        {
            "relay" => true,
            "shared" => false,
            _ => !IsLavfi(input) && !IsMulticast(input),
        };
    }

    /// <summary>What stops <paramref name="manifest"/>'s nodes from getting <paramref name="input"/> as it asks, at its JSON path; empty when they can (or no encoder runs on a node).</summary>
    public static IReadOnlyList<ManifestProblem> Problems(SwarmManifest manifest, string input)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(input);
        if (manifest.Cluster is not { } cluster || !manifest.Encoders.Any(e => e.Node is not null || e.PlacedByCoordinator))
        {
            return [];
        }

        var problems = new List<ManifestProblem>();
        var relayed = Relayed(manifest, input);
        if (relayed && IsLavfi(input))
        {
            problems.Add(new ManifestProblem("$.cluster.source", $"the source '{input}' is a lavfi: graph, which has no compressed packets to relay to the nodes", "use \"source\": \"shared\" (each node generates the graph itself) or \"auto\""));
        }

        if (!relayed && InputProtocols.For(input) is not (null or "file") && !IsMulticast(input))
        {
            problems.Add(new ManifestProblem("$.cluster.source", $"the source '{input}' is a live stream that only the coordinator receives, so the nodes cannot read it themselves", "use \"source\": \"relay\" or \"auto\" (the coordinator relays it over SRT), or send the stream to a multicast group every node joins"));
        }

        if (relayed && manifest.Health.LatencyBudgetMs is { } budget && budget < (2 * cluster.SrtLatencyMs) + manifest.Profile.FrameRate.PeriodNanoseconds() / 1e6)
        {
            problems.Add(new ManifestProblem("$.health.latencyBudgetMs", $"the latency budget of {budget} ms is below twice the relay's SRT latency ({cluster.SrtLatencyMs} ms) plus one frame, before any encoder delay: units from the nodes would miss their slots", $"raise the budget to at least the encoders' delay + {(2 * cluster.SrtLatencyMs) + Math.Ceiling(manifest.Profile.FrameRate.PeriodNanoseconds() / 1e6)} ms, or lower cluster.srtLatencyMs"));
        }

        return problems;
    }

    private static bool IsLavfi(string input) => input.StartsWith("lavfi:", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="input"/> is a UDP or RTP stream sent to a multicast group (every node can join it).</summary>
    public static bool IsMulticast(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme is "udp" or "rtp"
            && IPAddress.TryParse(uri.Host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && (address.GetAddressBytes()[0] & 0xF0) == 0xE0;
    }
}
