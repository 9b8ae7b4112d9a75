namespace SwarmHost.Abstractions;

/// <summary>Where a clock stands with respect to its time source.</summary>
public enum ClockState
{
    /// <summary>Waiting for a time source (no usable sample yet); time runs on the local monotonic clock.</summary>
    Listening,

    /// <summary>A source was found; the clock is converging on it.</summary>
    Uncalibrated,

    /// <summary>Locked to its source (the system clock is always locked to itself).</summary>
    Synchronised,

    /// <summary>The source went silent; time keeps running on the last frequency estimate.</summary>
    Holdover,
}
