namespace SwarmHost.Abstractions;

/// <summary>Builds the swarm's single output from every live encoder's units and the current weights.</summary>
/// <remarks>
/// The host calls <see cref="Open"/> once, <see cref="Combine"/> for every slot in sequence order
/// from one thread, <see cref="Flush"/> at the end of the stream, then
/// <see cref="IDisposable.Dispose"/>, which always runs. The combiner must never lose a slot: every
/// sequence number from the first to the last appears exactly once in its output, filled if no
/// encoder delivered it. An exception is a runtime failure of the run (the output written so far is
/// closed cleanly).
/// </remarks>
public interface IOutputCombiner : IDisposable
{
    /// <summary>Prepares for a swarm of the given encoders.</summary>
    /// <param name="profile">The output profile.</param>
    /// <param name="encoders">Each encoder instance's session facts, by instance id.</param>
    void Open(OutputProfile profile, IReadOnlyDictionary<string, EncoderSession> encoders);

    /// <summary>Takes one slot and returns what can be written now.</summary>
    CombinerOutput Combine(CombinerSlot slot);

    /// <summary>Emits whatever is still held at the end of the stream.</summary>
    CombinerOutput Flush();
}
