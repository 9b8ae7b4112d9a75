using SwarmHost.Abstractions;

namespace SwarmHost.Pipeline;

/// <summary>Where a run's encoded units go. Dispose finishes the output so what was written stays playable (also after an error or Ctrl+C).</summary>
public interface IUnitSink : IDisposable
{
    /// <summary>What is being written, for messages, e.g. <c>out.ts (mpegts)</c>.</summary>
    string Description { get; }

    /// <summary>Writes one unit, in decode order, with its timestamps on the output timeline.</summary>
    void Write(EncodedUnit unit);
}
