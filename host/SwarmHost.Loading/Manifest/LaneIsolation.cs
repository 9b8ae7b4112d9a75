namespace SwarmHost.Manifest;

/// <summary>Where an encoder instance runs (the manifest's <c>isolation</c>, at the top level and per encoder).</summary>
public enum LaneIsolation
{
    /// <summary>A thread in the host: cheapest, but a native crash in the encoder takes the host down.</summary>
    InProcess,

    /// <summary>A child process of its own (<c>swarmhost lane</c>): a native crash, abort or OOM kill costs that encoder only.</summary>
    Process,
}
