using System.Buffers.Binary;
using System.Globalization;

namespace SwarmHost.Clocks.Ntp;

/// <summary>The 48-byte NTPv4 header (RFC 5905 §7.3): building client requests and checking server replies.</summary>
internal static class NtpPacket
{
    /// <summary>Size of an NTP header without extension fields or MAC.</summary>
    public const int Size = 48;

    private const int ModeClient = 3;
    private const int ModeServer = 4;
    private const int LeapAlarm = 3;
    private const int MaxStratum = 16;
    private const int OriginOffset = 24;
    private const int ReceiveOffset = 32;
    private const int TransmitOffset = 40;

    /// <summary>
    /// Fills <paramref name="packet"/> with a mode 3 (client) request, version 4, whose transmit
    /// timestamp is <paramref name="transmit"/> (our T1); every other field is zero.
    /// </summary>
    public static void WriteRequest(Span<byte> packet, ulong transmit, sbyte pollExponent)
    {
        packet[..Size].Clear();
        packet[0] = (0 << 6) | (4 << 3) | ModeClient;
        packet[2] = unchecked((byte)pollExponent);
        packet[3] = unchecked((byte)(sbyte)-20); // precision ≈ 1 µs
        BinaryPrimitives.WriteUInt64BigEndian(packet[TransmitOffset..], transmit);
    }

    /// <summary>Sets the transmit timestamp (bytes 40–47) of a request already written by <see cref="WriteRequest"/>.</summary>
    public static void WriteTransmit(Span<byte> packet, ulong transmit) =>
        BinaryPrimitives.WriteUInt64BigEndian(packet[TransmitOffset..], transmit);

    /// <summary>The origin timestamp of a reply (bytes 24–31), or 0 if it is too short to hold one.</summary>
    public static ulong Origin(ReadOnlySpan<byte> reply) =>
        reply.Length >= OriginOffset + 8 ? BinaryPrimitives.ReadUInt64BigEndian(reply[OriginOffset..]) : 0;

    /// <summary>
    /// Checks a reply to the request whose transmit timestamp was <paramref name="sentTransmit"/>
    /// and, if it is usable, computes offset and delay from it.
    /// </summary>
    /// <param name="reply">The datagram received.</param>
    /// <param name="sentTransmit">Our T1 as sent on the wire (the reply must echo it as its origin).</param>
    /// <param name="t1Ns">T1 in Unix ns (our clock, full precision).</param>
    /// <param name="t4Ns">T4 in Unix ns: our clock right after the reply arrived.</param>
    /// <param name="sample">The offset, delay and server facts when the reply is good.</param>
    /// <returns><c>null</c> for a good reply, otherwise why it was rejected (for people).</returns>
    public static string? Check(ReadOnlySpan<byte> reply, ulong sentTransmit, long t1Ns, long t4Ns, out NtpReply sample)
    {
        sample = default;
        if (reply.Length < Size)
        {
            return string.Create(CultureInfo.InvariantCulture, $"short reply ({reply.Length} bytes, an NTP header is {Size})");
        }

        var leap = reply[0] >> 6;
        var version = (reply[0] >> 3) & 7;
        var mode = reply[0] & 7;
        var stratum = reply[1];
        if (mode != ModeServer)
        {
            return string.Create(CultureInfo.InvariantCulture, $"mode {mode} reply, not mode 4 (server)");
        }

        if (version is not (3 or 4))
        {
            return string.Create(CultureInfo.InvariantCulture, $"NTP version {version} reply, only 3 and 4 are understood");
        }

        if (Origin(reply) != sentTransmit)
        {
            return "origin timestamp does not echo our request (a late, duplicated or forged reply)";
        }

        var referenceId = reply.Slice(12, 4);
        if (stratum == 0 && leap != LeapAlarm && IsKissCode(referenceId))
        {
            return $"kiss-o'-death '{AsciiCode(referenceId)}' (the server refuses to serve us or asks us to poll less often)";
        }

        if (leap == LeapAlarm || stratum == 0 || stratum >= MaxStratum)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the server is not synchronised (leap indicator {leap}{(leap == LeapAlarm ? " = alarm" : "")}, stratum {stratum})");
        }

        var transmitRaw = BinaryPrimitives.ReadUInt64BigEndian(reply[TransmitOffset..]);
        var receiveRaw = BinaryPrimitives.ReadUInt64BigEndian(reply[ReceiveOffset..]);
        if (transmitRaw == 0 || receiveRaw == 0)
        {
            return "receive or transmit timestamp is zero";
        }

        var t2 = NtpTimestamp.ToUnixNs(receiveRaw, t1Ns);
        var t3 = NtpTimestamp.ToUnixNs(transmitRaw, t1Ns);
        var delay = (t4Ns - t1Ns) - (t3 - t2);
        if (delay < 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"negative round-trip delay ({delay} ns): the server's receive/transmit timestamps are inconsistent");
        }

        var offset = ((t2 - t1Ns) + (t3 - t4Ns)) / 2;
        sample = new NtpReply(offset, delay, stratum, ReferenceIdText(referenceId, stratum));
        return null;
    }

    private static bool IsKissCode(ReadOnlySpan<byte> code)
    {
        foreach (var b in code)
        {
            if (b is not (>= (byte)'A' and <= (byte)'Z'))
            {
                return false;
            }
        }

        return true;
    }

    private static string AsciiCode(ReadOnlySpan<byte> code) => System.Text.Encoding.ASCII.GetString(code).TrimEnd('\0');

    private static string ReferenceIdText(ReadOnlySpan<byte> id, int stratum) =>
        stratum <= 1
            ? AsciiCode(id)
            : string.Create(CultureInfo.InvariantCulture, $"{id[0]}.{id[1]}.{id[2]}.{id[3]}");
}
