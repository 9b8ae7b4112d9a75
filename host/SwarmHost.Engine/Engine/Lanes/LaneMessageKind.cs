namespace SwarmHost.Engine.Lanes;

/// <summary>The kinds of <see cref="LaneMessage"/>.</summary>
internal enum LaneMessageKind
{
    /// <summary>The encoder opened; its session is on the lane.</summary>
    Opened,

    /// <summary>A unit is ready (good, or bad with a problem).</summary>
    Unit,

    /// <summary>The encoder threw; the worker has stopped.</summary>
    Failed,

    /// <summary>The input ended and the encoder was flushed; the worker has stopped.</summary>
    Finished,
}
