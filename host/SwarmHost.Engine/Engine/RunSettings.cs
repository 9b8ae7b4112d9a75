namespace SwarmHost.Engine;

/// <summary>Command-line overrides of a manifest for one run.</summary>
/// <param name="Input">Input instead of the manifest's source, or <c>null</c>.</param>
/// <param name="Output">Output instead of the manifest's, or <c>null</c>.</param>
/// <param name="Frames">Frame limit instead of the manifest's, or <c>null</c>.</param>
/// <param name="Realtime">Read the input at its own pace (live behaviour: stalls are filled, deadlines are real time).</param>
public sealed record RunSettings(string? Input, string? Output, long? Frames, bool Realtime)
{
    /// <summary>The weighting policy instead of the manifest's, or <c>null</c>.</summary>
    public SwarmHost.Manifest.WeightingPolicy? Policy { get; init; }

    /// <summary>Filters a <c>lavfi:</c> input may use beyond the default list (<c>--allow-filter</c>).</summary>
    public IReadOnlyCollection<string> AllowedFilters { get; init; } = [];

    /// <summary>How a process lane is started (<c>swarmhost lane</c>); <c>null</c> where the caller cannot start one, and a manifest asking for process isolation is refused.</summary>
    public SwarmHost.Engine.Lanes.Process.LaneCommand? LaneCommand { get; init; }

    /// <summary>Links to the cluster nodes that run the encoders placed on them; <c>null</c> where the caller joined no cluster, and a manifest placing encoders on nodes is refused.</summary>
    public SwarmHost.Engine.Lanes.Remote.IRemoteLaneLinks? RemoteLinks { get; init; }
}
