using System.Buffers.Binary;
using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// One end of the host–lane stream (a Unix socket): messages of a 4-byte little-endian length, a
/// <see cref="LaneWireKind"/> byte and a payload in <see cref="BinaryWriter"/> form. Pictures never
/// cross it (they are in the <see cref="FrameRing"/>); units and measurements do. Writes are
/// serialised by a lock, so any thread may send; one thread reads.
/// </summary>
internal sealed class LaneConnection(Stream stream) : IDisposable
{
    /// <summary>The largest message accepted (an encoded picture far above any profile's).</summary>
    public const int MaxMessageBytes = 64 << 20;

    private readonly object _writing = new();
    private readonly byte[] _header = new byte[5];

    /// <summary>Sends one message whose payload <paramref name="write"/> writes.</summary>
    /// <exception cref="IOException">The other end is gone.</exception>
    public void Send(LaneWireKind kind, Action<BinaryWriter>? write = null)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write?.Invoke(writer);
        }

        var header = new byte[5];
        BinaryPrimitives.WriteInt32LittleEndian(header, (int)payload.Length);
        header[4] = (byte)kind;
        lock (_writing)
        {
            stream.Write(header);
            stream.Write(payload.GetBuffer(), 0, (int)payload.Length);
            stream.Flush();
        }
    }

    /// <summary>Sends a message whose payload is already written (relaying one received elsewhere).</summary>
    /// <exception cref="IOException">The other end is gone.</exception>
    public void SendRaw(LaneWireKind kind, byte[] payload) => Send(kind, w => w.Write(payload));

    /// <summary>Reads the next message; <c>null</c> at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">A message is malformed or too large.</exception>
    public (LaneWireKind Kind, BinaryReader Payload)? Receive()
    {
        if (!Fill(_header))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_header);
        if (length is < 0 or > MaxMessageBytes)
        {
            throw new InvalidDataException($"a lane message of {length} bytes; the stream is out of step");
        }

        var payload = new byte[length];
        if (!Fill(payload))
        {
            throw new EndOfStreamException("the stream ended inside a message");
        }

        return ((LaneWireKind)_header[4], new BinaryReader(new MemoryStream(payload, writable: false)));
    }

    /// <summary>Writes a session (host ← lane).</summary>
    public static void WriteSession(BinaryWriter writer, EncoderSession session)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(session);
        writer.Write(session.Codec);
        writer.Write(session.Width);
        writer.Write(session.Height);
        writer.Write(session.DelayFrames);
        writer.Write((int)session.Keyframes);
        WriteBytes(writer, session.Extradata);
        writer.Write(session.TargetBitrate ?? -1);
    }

    /// <summary>Reads what <see cref="WriteSession"/> wrote.</summary>
    public static EncoderSession ReadSession(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var session = new EncoderSession(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), (KeyframeControl)reader.ReadInt32(), ReadBytes(reader));
        var bitrate = reader.ReadInt64();
        return bitrate < 0 ? session : session with { TargetBitrate = bitrate };
    }

    /// <summary>Writes a unit with what its verification found.</summary>
    public static void WriteUnit(BinaryWriter writer, EncodedUnit unit, string? problem, double psnr, double ssim)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(unit);
        writer.Write(unit.EncoderId);
        writer.Write(unit.Sequence);
        writer.Write(unit.PtsNs);
        writer.Write(unit.DtsNs);
        writer.Write(unit.IsKeyframe);
        WriteBytes(writer, unit.Data);
        writer.Write(unit.EncodeTime.Ticks);
        writer.Write(problem is not null);
        writer.Write(problem ?? "");
        writer.Write(psnr);
        writer.Write(ssim);
    }

    /// <summary>Reads what <see cref="WriteUnit"/> wrote.</summary>
    public static (EncodedUnit Unit, string? Problem, double Psnr, double Ssim) ReadUnit(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var unit = new EncodedUnit(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadBoolean(), ReadBytes(reader), TimeSpan.FromTicks(reader.ReadInt64()));
        var hasProblem = reader.ReadBoolean();
        var problem = reader.ReadString();
        return (unit, hasProblem ? problem : null, reader.ReadDouble(), reader.ReadDouble());
    }

    /// <inheritdoc />
    public void Dispose() => stream.Dispose();

    private static void WriteBytes(BinaryWriter writer, ReadOnlyMemory<byte> bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes.Span);
    }

    private static byte[] ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length is < 0 or > MaxMessageBytes)
        {
            throw new InvalidDataException($"a byte field of {length} bytes");
        }

        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException("a byte field is cut short");
    }

    private bool Fill(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                return read == 0 && buffer == _header ? false : throw new EndOfStreamException("the stream ended inside a message");
            }

            read += n;
        }

        return true;
    }
}
