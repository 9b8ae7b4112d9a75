using System.Runtime.InteropServices;

namespace SwarmHost.Media.Interop;

/// <summary>libavcodec entry points (resolved by <see cref="FFmpegLibraries"/>; call <see cref="FFmpegLibraries.Load"/> first).</summary>
internal static partial class AvCodecNative
{
    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_version")]
    public static partial uint Version();

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_find_encoder_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FindEncoderByName(string name);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "av_packet_alloc")]
    public static partial nint PacketAlloc();

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "av_packet_free")]
    public static partial void PacketFree(ref nint packet);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "av_new_packet")]
    public static partial int NewPacket(nint packet, int size);
}
