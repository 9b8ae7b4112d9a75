using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using SwarmHost.Media;
using SwarmHost.Pipeline;

namespace SwarmHost.Engine.Output;

/// <summary>
/// Writes one unit to the run's output and turns a refusal at run time (a full disk, a broken
/// network path) into a failure of the run — an <c>output-failed</c> event and a reason — rather
/// than an exception: what was written before stays in the output, which is then closed.
/// </summary>
internal static class OutputWriter
{
    /// <summary>Writes <paramref name="unit"/>; returns <c>null</c>, or why the output failed.</summary>
    public static string? Write(IUnitSink sink, EncodedUnit unit, EventLog events) => Attempt(() => sink.Write(unit), events, unit.Sequence);

    /// <summary>Runs one write to the output (<paramref name="write"/>, e.g. the audio a written picture covers); returns <c>null</c>, or why the output failed.</summary>
    /// <param name="write">The write.</param>
    /// <param name="events">Gets the <c>output-failed</c> event.</param>
    /// <param name="sequence">The slot the write belongs to, for the event, or <c>null</c>.</param>
    public static string? Attempt(Action write, EventLog events, long? sequence)
    {
        try
        {
            write();
            return null;
        }
        catch (MediaOutputException ex)
        {
            events.Write(new OutputFailedEvent(ex.Message, "the run stops; what was written before stays in the output, which is closed") { Sequence = sequence });
            return "the output failed: " + ex.Message;
        }
    }
}
