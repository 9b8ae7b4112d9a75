namespace SwarmHost.Abstractions;

/// <summary>
/// How strongly a component should be preferred when an integrator does not name one explicitly
/// (the same scale as GStreamer's element ranks).
/// </summary>
public enum ComponentRank
{
    /// <summary>Never chosen automatically; only used when named.</summary>
    None = 0,

    /// <summary>Usable, but a last resort.</summary>
    Marginal = 64,

    /// <summary>A good choice when no primary component is available.</summary>
    Secondary = 128,

    /// <summary>The preferred component of its kind.</summary>
    Primary = 256,
}
