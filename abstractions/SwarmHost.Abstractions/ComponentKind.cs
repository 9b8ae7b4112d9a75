namespace SwarmHost.Abstractions;

/// <summary>The four kinds of component a plugin package can provide.</summary>
public enum ComponentKind
{
    /// <summary>Turns frames into encoded units (<see cref="IVideoEncoder"/>).</summary>
    Encoder,

    /// <summary>Looks at frames and contributes metrics to a content report (<see cref="IContentAnalyzer"/>).</summary>
    Analyzer,

    /// <summary>Builds the single output from every encoder's units (<see cref="IOutputCombiner"/>).</summary>
    Combiner,

    /// <summary>Supplies the shared timestamp stamped on every frame (<see cref="IClock"/>).</summary>
    Clock,
}
