namespace SwarmHost.Weighting;

/// <summary>Where an encoder instance stands in the swarm.</summary>
public enum EncoderState
{
    /// <summary>Opened and encoding, not yet eligible: waits for its first complete, verified GOP.</summary>
    Joining,

    /// <summary>Delivering on time; eligible for the output.</summary>
    Active,

    /// <summary>Late, missing or bad units, or too slow for the frame rate; still eligible, weighted down.</summary>
    Degraded,

    /// <summary>Removed: threw, hung, stopped delivering or delivered garbage. Its weight goes to the others; a fresh instance may rejoin after the cool-down.</summary>
    Failed,
}
