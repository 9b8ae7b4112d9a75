namespace SwarmHost.Media.Interop;

/// <summary>Fills an allocated AVPacket with a copy of some bytes and their timestamps (in the time base its receiver expects).</summary>
internal static unsafe class PacketFill
{
    /// <summary>Gives <paramref name="packet"/> a copy of <paramref name="data"/> with the timestamps and flags given.</summary>
    /// <exception cref="MediaOutputException">No memory for the packet; <paramref name="what"/> names where in the message.</exception>
    public static void Fill(nint packet, ReadOnlySpan<byte> data, long pts, long dts, long duration, bool keyframe, string what)
    {
        if (AvCodecNative.NewPacket(packet, data.Length) < 0)
        {
            throw new MediaOutputException($"{what}: out of memory for a {data.Length}-byte packet.");
        }

        var p = (byte*)packet;
        data.CopyTo(new Span<byte>(*(byte**)(p + StableLayout.PacketData), data.Length));
        *(long*)(p + StableLayout.PacketPts) = pts;
        *(long*)(p + StableLayout.PacketDts) = dts;
        *(long*)(p + FormatLayout.PacketDuration) = duration;
        *(int*)(p + StableLayout.PacketFlags) = keyframe ? StableLayout.PacketFlagKey : 0;
    }
}
