using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Media;

namespace SwarmHost.Engine.Health;

/// <summary>What the run refuses once the encoders are open and have reported their sessions: checks only knowable at start-up, reported with the manifest's path.</summary>
internal static class SessionChecks
{
    /// <summary>
    /// The latency budget: the manifest's, or enough for the slowest encoder's delay (at least
    /// 500 ms). With a source relayed to nodes over SRT (<paramref name="relayLatencyMs"/> &gt; 0)
    /// it must also cover twice that latency and one frame.
    /// </summary>
    /// <exception cref="SwarmConfigurationException">The manifest's budget is below an encoder's delay (plus the relay's share).</exception>
    public static double LatencyBudget(SwarmManifest manifest, IReadOnlyDictionary<string, EncoderSession> sessions, double frameMs, int relayLatencyMs = 0)
    {
        var maxDelay = sessions.Values.Max(s => s.DelayFrames);
        var networkMs = relayLatencyMs > 0 ? (2 * relayLatencyMs) + frameMs : 0;
        var budgetMs = manifest.Health.LatencyBudgetMs ?? Math.Max(500, (maxDelay * frameMs) + networkMs);
        if (budgetMs < (maxDelay * frameMs) + networkMs)
        {
            var slowest = sessions.MaxBy(s => s.Value.DelayFrames);
            var relayed = networkMs > 0 ? $" plus twice the relay's SRT latency ({relayLatencyMs} ms) and one frame ({(maxDelay * frameMs) + networkMs:F0} ms in all)" : "";
            throw new SwarmConfigurationException($"{manifest.File}: $.health.latencyBudgetMs is {budgetMs} ms, below encoder '{slowest.Key}''s delay of {slowest.Value.DelayFrames} frames ({slowest.Value.DelayFrames * frameMs:F0} ms){relayed}; raise the budget, use a lower-delay preset{(networkMs > 0 ? " or lower cluster.srtLatencyMs" : "")}.");
        }

        return budgetMs;
    }

    /// <summary>A combiner that switches between encoders' streams writes one stream of the profile's codec: every encoder must produce it.</summary>
    /// <exception cref="SwarmConfigurationException">An encoder produces another codec.</exception>
    public static void Codecs(SwarmManifest manifest, IReadOnlyDictionary<string, EncoderSession> sessions)
    {
        if (!manifest.CombinerSwitches)
        {
            return;
        }

        var foreign = sessions.Where(p => FFmpegLibraries.CodecOf(p.Value.Codec) != manifest.Profile.Codec).ToList();
        if (foreign.Count > 0)
        {
            throw new SwarmConfigurationException($"{manifest.File}: the '{manifest.Combiner.Spec.Plugin}' combiner writes one {manifest.Profile.Codec} stream, but {string.Join(", ", foreign.Select(p => $"encoder '{p.Key}' produces {(FFmpegLibraries.CodecOf(p.Value.Codec) is { Length: > 0 } c ? c : p.Value.Codec)}"))}; give every encoder the profile's codec, or use a combiner that re-encodes.");
        }
    }
}
