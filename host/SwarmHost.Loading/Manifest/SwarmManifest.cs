using SwarmHost.Abstractions;

namespace SwarmHost.Manifest;

/// <summary>A manifest that passed validation: every path absolute, every component resolved, every option typed.</summary>
/// <param name="File">The manifest file.</param>
/// <param name="PluginRoots">The plugin roots its components were resolved from.</param>
/// <param name="Source">The input.</param>
/// <param name="Profile">What every encoder targets.</param>
/// <param name="Clock">The clock instance.</param>
/// <param name="Analyzers">Analyzer instances, in manifest order.</param>
/// <param name="Encoders">Encoder instances (three or more, unique ids), in manifest order.</param>
/// <param name="Weighting">The weighting section.</param>
/// <param name="Combiner">The combiner instance.</param>
/// <param name="OutputUri">Output file (absolute) or URL.</param>
/// <param name="SummaryPath">Run summary path (absolute), or <c>null</c>.</param>
/// <param name="EventsPath">Events path (absolute), or <c>null</c>.</param>
/// <param name="ReportPath">HTML report path (absolute), or <c>null</c>.</param>
public sealed record SwarmManifest(
    string File,
    IReadOnlyList<string> PluginRoots,
    SourceSettings Source,
    OutputProfile Profile,
    ComponentInstance Clock,
    IReadOnlyList<ComponentInstance> Analyzers,
    IReadOnlyList<ComponentInstance> Encoders,
    WeightingSettings Weighting,
    ComponentInstance Combiner,
    string OutputUri,
    string? SummaryPath,
    string? EventsPath,
    string? ReportPath)
{
    /// <summary>How the swarm watches its encoders (the manifest's <c>health</c> section).</summary>
    public HealthSettings Health { get; init; } = HealthSettings.Default;

    /// <summary>How the source's audio goes into the output (the manifest's <c>output.audio</c>).</summary>
    public OutputAudio Audio { get; init; } = OutputAudio.Default;

    /// <summary>How an MPEG-TS output describes its service and paces itself (the manifest's <c>output.ts</c>), or <c>null</c>.</summary>
    public OutputTransport? TransportStream { get; init; }

    /// <summary>How an HLS output is cut and kept (the manifest's <c>output.hls</c>; the defaults when absent).</summary>
    public OutputHls Hls { get; init; } = OutputHls.Default;

    /// <summary>Handovers forced at given frames (<c>scheduledSwitches</c>), in frame order; empty when none.</summary>
    public IReadOnlyList<ScheduledSwitch> ScheduledSwitches { get; init; } = [];

    /// <summary>The cluster whose nodes run the encoders that name a node; <c>null</c> when every encoder runs here.</summary>
    public ClusterSettings? Cluster { get; init; }

    /// <summary>Whether the combiner switches between the encoders' own streams (its <see cref="ComponentCapabilities.GopSwitching"/>): every encoder must then produce the profile's codec.</summary>
    public bool CombinerSwitches { get; init; }
}
