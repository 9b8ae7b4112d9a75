namespace SwarmHost.Abstractions;

/// <summary>How far an encoder lets the host decide where keyframes go.</summary>
public enum KeyframeControl
{
    /// <summary>Not applicable (the component is not an encoder).</summary>
    NotApplicable,

    /// <summary>The encoder honours a keyframe request on any frame (GOPs can be epoch-locked).</summary>
    PerFrame,

    /// <summary>The encoder only places keyframes at a fixed interval, set at open to the GOP length.</summary>
    FixedInterval,
}
