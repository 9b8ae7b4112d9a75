using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Pipeline;

/// <summary>Writes units into a container or stream with <see cref="MediaSink"/>.</summary>
public sealed class MuxedUnitSink(MediaSink sink, string uri) : IUnitSink
{
    /// <inheritdoc />
    public string Description => $"{uri} ({sink.FormatName})";

    /// <inheritdoc />
    public void Write(EncodedUnit unit) => sink.Write(unit);

    /// <summary>Why finishing the output failed (e.g. the disk is full), or <c>null</c>; set by <see cref="Dispose"/>.</summary>
    public string? CloseFailure { get; private set; }

    /// <inheritdoc />
    /// <remarks>Never throws: a trailer that cannot be written is kept in <see cref="CloseFailure"/>.</remarks>
    public void Dispose()
    {
        try
        {
            sink.Close();
        }
        catch (MediaOutputException ex)
        {
            CloseFailure = ex.Message;
            sink.Dispose();
        }
    }
}
