namespace SwarmHost.Telemetry;

/// <summary>Where <see cref="SwarmMetrics"/> reads the swarm's state: the latest snapshot a running swarm published.</summary>
/// <remarks>
/// Threading: <see cref="Latest"/> may be read from any thread (a metrics exporter's scrape
/// thread); the implementation publishes a new immutable snapshot atomically and never mutates
/// one it has published.
/// </remarks>
public interface ISwarmMetricsSource
{
    /// <summary>The snapshot published last, or <c>null</c> before the swarm published its first one.</summary>
    SwarmMetricsSnapshot? Latest { get; }

    /// <summary>What an <c>srt://</c> output has done so far, or <c>null</c> for another output (any thread).</summary>
    SwarmHost.Media.Srt.SrtFigures? Srt => null;
}
