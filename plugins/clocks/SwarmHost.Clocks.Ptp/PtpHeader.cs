using System.Buffers.Binary;

namespace SwarmHost.Clocks.Ptp;

/// <summary>The 34-octet common header every PTPv2 message starts with (IEEE 1588-2008 13.3).</summary>
/// <param name="MessageType">The message type (low nibble of octet 0).</param>
/// <param name="VersionPtp">The PTP version (low nibble of octet 1); 2 for PTPv2.</param>
/// <param name="MessageLength">The whole message's length in octets, header included.</param>
/// <param name="DomainNumber">The domain the message belongs to.</param>
/// <param name="Flags">The 16-bit flagField (octet 6 in the high byte).</param>
/// <param name="CorrectionField">The correctionField in nanoseconds × 2^16.</param>
/// <param name="SourcePort">The sender's port identity.</param>
/// <param name="SequenceId">The sequence id (per message type and sender).</param>
/// <param name="ControlField">The PTPv1 compatibility control field.</param>
/// <param name="LogMessageInterval">log2 of the message interval in seconds (0x7F = not given).</param>
internal readonly record struct PtpHeader(
    PtpMessageType MessageType,
    byte VersionPtp,
    ushort MessageLength,
    byte DomainNumber,
    ushort Flags,
    long CorrectionField,
    PortIdentity SourcePort,
    ushort SequenceId,
    byte ControlField,
    sbyte LogMessageInterval)
{
    /// <summary>Size of the common header in octets.</summary>
    public const int Size = 34;

    /// <summary>flagField bit: alternateMasterFlag (octet 6, bit 0).</summary>
    public const ushort AlternateMasterFlag = 0x0100;

    /// <summary>flagField bit: twoStepFlag (octet 6, bit 1) — a Follow_Up carries the precise t1.</summary>
    public const ushort TwoStepFlag = 0x0200;

    /// <summary>flagField bit: unicastFlag (octet 6, bit 2).</summary>
    public const ushort UnicastFlag = 0x0400;

    /// <summary>flagField bit: ptpTimescale (octet 7, bit 3).</summary>
    public const ushort PtpTimescaleFlag = 0x0008;

    /// <summary>Whether the sender is a two-step clock (a Follow_Up follows the Sync).</summary>
    public bool IsTwoStep => (Flags & TwoStepFlag) != 0;

    /// <summary>The correction field in whole nanoseconds (rounded to nearest).</summary>
    public long CorrectionNs => (CorrectionField + (1L << 15)) >> 16;

    /// <summary>Reads the header; returns <c>false</c> for anything shorter than a header or not PTPv2.</summary>
    /// <param name="message">The datagram as received.</param>
    /// <param name="header">The parsed header when the method returns <c>true</c>.</param>
    public static bool TryRead(ReadOnlySpan<byte> message, out PtpHeader header)
    {
        header = default;
        if (message.Length < Size || (message[1] & 0x0F) != 2)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if (length < Size || length > message.Length)
        {
            return false;
        }

        header = new PtpHeader(
            (PtpMessageType)(message[0] & 0x0F),
            (byte)(message[1] & 0x0F),
            length,
            message[4],
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadInt64BigEndian(message[8..]),
            PortIdentity.Read(message[20..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[30..]),
            message[32],
            (sbyte)message[33]);
        return true;
    }

    /// <summary>Writes the header into the first <see cref="Size"/> octets of <paramref name="destination"/> (transportSpecific 0, reserved octets zero).</summary>
    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        destination[0] = (byte)((byte)MessageType & 0x0F);
        destination[1] = (byte)(VersionPtp & 0x0F);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], MessageLength);
        destination[4] = DomainNumber;
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], Flags);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], CorrectionField);
        SourcePort.Write(destination[20..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[30..], SequenceId);
        destination[32] = ControlField;
        destination[33] = (byte)LogMessageInterval;
    }
}
