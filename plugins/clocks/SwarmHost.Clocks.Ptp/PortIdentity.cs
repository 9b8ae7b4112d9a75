using System.Buffers.Binary;
using System.Globalization;

namespace SwarmHost.Clocks.Ptp;

/// <summary>A PTP port identity: the 8-octet clockIdentity and a 16-bit port number.</summary>
/// <param name="ClockIdentity">The clockIdentity, octet 0 in the most significant byte.</param>
/// <param name="PortNumber">The port number (1 for an ordinary clock's only port).</param>
internal readonly record struct PortIdentity(ulong ClockIdentity, ushort PortNumber)
{
    /// <summary>Size on the wire in octets.</summary>
    public const int Size = 10;

    /// <summary>Reads a port identity from the first <see cref="Size"/> octets of <paramref name="source"/>.</summary>
    public static PortIdentity Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt16BigEndian(source[8..]));

    /// <summary>Writes the identity into the first <see cref="Size"/> octets of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, ClockIdentity);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], PortNumber);
    }

    /// <summary>The clockIdentity as linuxptp prints it: <c>001122.3344.556677</c>.</summary>
    public static string FormatClockIdentity(ulong clockIdentity)
    {
        var hex = clockIdentity.ToString("x16", CultureInfo.InvariantCulture);
        return $"{hex[..6]}.{hex[6..10]}.{hex[10..]}";
    }

    /// <summary>The port identity as linuxptp prints it: <c>001122.3344.556677-1</c>.</summary>
    public override string ToString() =>
        FormatClockIdentity(ClockIdentity) + "-" + PortNumber.ToString(CultureInfo.InvariantCulture);
}
