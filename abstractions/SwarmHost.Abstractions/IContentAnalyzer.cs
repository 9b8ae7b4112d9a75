namespace SwarmHost.Abstractions;

/// <summary>Looks at source frames and contributes metrics to each frame's content report.</summary>
/// <remarks>
/// The host calls <see cref="Open"/> once, then <see cref="Analyze"/> for frames in sequence order
/// from one thread (an analyzer may skip work on frames it is configured not to analyse), then
/// <see cref="IDisposable.Dispose"/>, which always runs. An exception from <see cref="Analyze"/>
/// is logged and counted; that frame's report lacks this analyzer's metrics and the swarm goes on.
/// </remarks>
public interface IContentAnalyzer : IDisposable
{
    /// <summary>Prepares for frames of the given profile (load models, allocate scratch buffers).</summary>
    /// <exception cref="InvalidOperationException">The analyzer cannot work (wrong model, shape mismatch); the message says what to fix.</exception>
    void Open(OutputProfile profile);

    /// <summary>Analyses one frame.</summary>
    /// <param name="frame">The frame; read-only, valid until the call returns.</param>
    /// <param name="previous">The frame before it, or <c>null</c> for the first; read-only, valid until the call returns.</param>
    /// <param name="report">Where to put metrics.</param>
    void Analyze(VideoFrame frame, VideoFrame? previous, ContentReportBuilder report);
}
