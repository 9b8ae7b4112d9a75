namespace SwarmHost.Abstractions;

/// <summary>
/// One live encoder instance in the swarm.
/// </summary>
/// <remarks>
/// <para>Lifecycle: <see cref="Open"/> once, then <see cref="Encode"/> per source frame in sequence
/// order, then <see cref="Flush"/> once, then <see cref="IDisposable.Dispose"/>. The host calls
/// every member of one instance from a single worker thread (never concurrently), but different
/// instances run in parallel. <see cref="IDisposable.Dispose"/> always runs — also after a failed
/// or never-completed <see cref="Open"/> — and must release native resources without throwing.</para>
/// <para>Failure: any exception marks this instance Degraded or Failed in the health monitor; the
/// swarm carries on with the others. A call that never returns is noticed by the watchdog and the
/// instance is abandoned.</para>
/// </remarks>
public interface IVideoEncoder : IDisposable
{
    /// <summary>Opens the encoder for the swarm's output profile.</summary>
    /// <param name="profile">What every encoder of the swarm targets.</param>
    /// <returns>The codec, size, delay and keyframe behaviour actually in force.</returns>
    /// <exception cref="InvalidOperationException">The encoder cannot produce this profile; the message says why.</exception>
    EncoderSession Open(OutputProfile profile);

    /// <summary>Encodes one frame.</summary>
    /// <param name="frame">The source frame; read-only, valid until the call returns (see <see cref="VideoFrame.Retain"/>).</param>
    /// <param name="forceKeyframe">The host asks for a keyframe on this frame (GOP alignment). Encoders with <see cref="KeyframeControl.FixedInterval"/> ignore it.</param>
    /// <returns>The units that became ready, possibly none (encoder delay), each carrying the sequence of the frame it encodes.</returns>
    IReadOnlyList<EncodedUnit> Encode(VideoFrame frame, bool forceKeyframe);

    /// <summary>Drains every unit still held (end of stream).</summary>
    /// <returns>The remaining units in decode order.</returns>
    IReadOnlyList<EncodedUnit> Flush();

    /// <summary>Running totals; safe to read from any thread at any time.</summary>
    EncoderStats Stats { get; }
}
