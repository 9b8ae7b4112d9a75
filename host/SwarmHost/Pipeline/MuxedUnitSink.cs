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

    /// <inheritdoc />
    public void Dispose() => sink.Close();
}
