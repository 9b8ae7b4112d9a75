using System.Buffers.Binary;

namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// Reads the message bodies a PTPv2 E2E slave needs (Announce, Sync, Follow_Up, Delay_Resp) and
/// writes the one it sends (Delay_Req). Offsets follow IEEE 1588-2008 clause 13; all fields are
/// big-endian. Readers return <c>false</c> for a message too short for its type, never throw.
/// </summary>
internal static class PtpCodec
{
    /// <summary>Size of a PTP Timestamp on the wire (48-bit seconds, 32-bit nanoseconds).</summary>
    public const int TimestampSize = 10;

    /// <summary>Length of Sync, Follow_Up and Delay_Req messages.</summary>
    public const int TimestampMessageLength = PtpHeader.Size + TimestampSize;

    /// <summary>Length of a Delay_Resp message.</summary>
    public const int DelayRespLength = TimestampMessageLength + PortIdentity.Size;

    /// <summary>Length of an Announce message (without TLVs).</summary>
    public const int AnnounceLength = 64;

    private const long NsPerSecond = 1_000_000_000;

    /// <summary>Reads a PTP Timestamp as nanoseconds since the PTP epoch.</summary>
    public static long ReadTimestampNs(ReadOnlySpan<byte> source)
    {
        var seconds = ((long)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]);
        var nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(source[6..]);
        return (seconds * NsPerSecond) + nanoseconds;
    }

    /// <summary>Writes nanoseconds since the PTP epoch (not negative) as a PTP Timestamp.</summary>
    public static void WriteTimestamp(Span<byte> destination, long ns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ns);
        var seconds = ns / NsPerSecond;
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(seconds >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)seconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], (uint)(ns % NsPerSecond));
    }

    /// <summary>Reads the originTimestamp of a Sync or the preciseOriginTimestamp of a Follow_Up.</summary>
    public static bool TryReadOriginTimestamp(ReadOnlySpan<byte> message, in PtpHeader header, out long originNs)
    {
        originNs = 0;
        if (header.MessageLength < TimestampMessageLength)
        {
            return false;
        }

        originNs = ReadTimestampNs(message[PtpHeader.Size..]);
        return true;
    }

    /// <summary>Reads a Delay_Resp body: the master's receiveTimestamp (t4, before correction) and the requestingPortIdentity.</summary>
    public static bool TryReadDelayResp(ReadOnlySpan<byte> message, in PtpHeader header, out long receiveNs, out PortIdentity requestingPort)
    {
        receiveNs = 0;
        requestingPort = default;
        if (header.MessageLength < DelayRespLength)
        {
            return false;
        }

        receiveNs = ReadTimestampNs(message[PtpHeader.Size..]);
        requestingPort = PortIdentity.Read(message[TimestampMessageLength..]);
        return true;
    }

    /// <summary>Reads an Announce body.</summary>
    public static bool TryReadAnnounce(ReadOnlySpan<byte> message, in PtpHeader header, out AnnounceMessage? announce)
    {
        announce = null;
        if (header.MessageLength < AnnounceLength)
        {
            return false;
        }

        announce = new AnnounceMessage(
            header.SourcePort,
            header.SequenceId,
            header.LogMessageInterval,
            BinaryPrimitives.ReadInt16BigEndian(message[44..]),
            message[47],
            message[48],
            message[49],
            BinaryPrimitives.ReadUInt16BigEndian(message[50..]),
            message[52],
            BinaryPrimitives.ReadUInt64BigEndian(message[53..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[61..]),
            message[63]);
        return true;
    }

    /// <summary>
    /// Builds a Delay_Req (44 octets): controlField 1, logMessageInterval 0x7F, originTimestamp 0
    /// (t3 is the slave's own send timestamp; the master ignores this field).
    /// </summary>
    public static byte[] WriteDelayReq(PortIdentity source, byte domain, ushort sequenceId)
    {
        var message = new byte[TimestampMessageLength];
        new PtpHeader(PtpMessageType.DelayReq, 2, TimestampMessageLength, domain, 0, 0, source, sequenceId, 1, 0x7F).Write(message);
        return message;
    }
}
