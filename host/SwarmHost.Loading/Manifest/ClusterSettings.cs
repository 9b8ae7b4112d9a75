using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>The manifest's <c>cluster</c> section: the cluster whose nodes run the encoders that name a <c>node</c>.</summary>
/// <param name="Join">Members to join through, <c>host:port</c>.</param>
/// <param name="Listen">Where the coordinator listens for members, <c>host:port</c> (port 0: any free port).</param>
/// <param name="WaitSeconds">How long the run waits for the nodes it needs.</param>
/// <param name="AutoPlacement">Whether the encoders that name no node are placed on nodes by the coordinator (<c>"placement": "auto"</c>).</param>
public sealed record ClusterSettings(IReadOnlyList<string> Join, string Listen, double WaitSeconds, bool AutoPlacement = false)
{
    /// <summary>How long a node's clock may stay in Holdover before the node counts as Degraded, s (<c>holdoverLimitS</c>, default 60).</summary>
    public double HoldoverLimitS { get; init; } = 60;

    /// <summary>How the nodes get the source (<c>source</c>): <c>auto</c>, <c>relay</c> or <c>shared</c>.</summary>
    public string Source { get; init; } = "auto";

    /// <summary>The relay's SRT latency, ms (<c>srtLatencyMs</c>, default 120).</summary>
    public int SrtLatencyMs { get; init; } = 120;

    /// <summary>The section as the manifest gives it (the schema checked its shape); <c>null</c> when there is none.</summary>
    internal static ClusterSettings? Read(JsonElement root) =>
        root.TryGetProperty("cluster", out var cluster) && cluster.ValueKind == JsonValueKind.Object && cluster.TryGetProperty("join", out var join) && join.ValueKind == JsonValueKind.Array
            ? new ClusterSettings(
                [.. join.EnumerateArray().Where(j => j.ValueKind == JsonValueKind.String).Select(j => j.GetString()!)],
                cluster.TryGetProperty("listen", out var listen) && listen.ValueKind == JsonValueKind.String ? listen.GetString()! : "127.0.0.1:0",
                cluster.TryGetProperty("waitSeconds", out var wait) && wait.TryGetDouble(out var seconds) ? seconds : 30,
                cluster.TryGetProperty("placement", out var placement) && placement.ValueKind == JsonValueKind.String && placement.GetString() == "auto")
            {
                HoldoverLimitS = cluster.TryGetProperty("holdoverLimitS", out var limit) && limit.TryGetDouble(out var holdover) ? holdover : 60,
                Source = cluster.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String ? source.GetString()! : "auto",
                SrtLatencyMs = cluster.TryGetProperty("srtLatencyMs", out var latency) && latency.TryGetInt32(out var ms) ? ms : 120,
            }
            : null;
}
