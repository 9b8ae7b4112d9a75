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

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_alloc_context3")]
    public static partial nint AllocContext(nint codec);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_free_context")]
    public static partial void FreeContext(ref nint context);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_open2")]
    public static partial int Open(nint context, nint codec, nint options);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_send_frame")]
    public static partial int SendFrame(nint context, nint frame);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_receive_packet")]
    public static partial int ReceivePacket(nint context, nint packet);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "av_packet_unref")]
    public static partial void PacketUnref(nint packet);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_find_decoder")]
    public static partial nint FindDecoder(int codecId);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_find_decoder_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FindDecoderByName(string name);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_send_packet")]
    public static partial int SendPacket(nint context, nint packet);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_receive_frame")]
    public static partial int ReceiveFrame(nint context, nint frame);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_parameters_alloc")]
    public static partial nint ParametersAlloc();

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_parameters_free")]
    public static partial void ParametersFree(ref nint parameters);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_parameters_from_context")]
    public static partial int ParametersFromContext(nint parameters, nint context);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_parameters_to_context")]
    public static partial int ParametersToContext(nint context, nint parameters);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_parameters_copy")]
    public static partial int ParametersCopy(nint destination, nint source);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "av_packet_clone")]
    public static partial nint PacketClone(nint packet);

    [LibraryImport(FFmpegLibraries.AvCodec, EntryPoint = "avcodec_get_name")]
    public static partial nint GetName(int codecId);
}
