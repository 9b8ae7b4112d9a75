namespace SwarmHost.Encoders.Chaos;

/// <summary>The fault a <see cref="ChaosEncoder"/> injects.</summary>
public enum ChaosMode
{
    /// <summary>Throws when asked to encode frame k.</summary>
    Throw,

    /// <summary>Blocks forever, ignoring cancellation, when asked to encode frame k.</summary>
    Hang,

    /// <summary>From frame k each call takes longer: (n − k + 1) × step ms extra.</summary>
    Slow,

    /// <summary>From frame k the units' bytes are corrupt while their metadata (size, keyframe flag, timestamps) looks normal.</summary>
    Garbage,

    /// <summary>From frame k the encoder silently produces nothing.</summary>
    Exit,
}
