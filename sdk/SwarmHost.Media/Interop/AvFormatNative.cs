using System.Runtime.InteropServices;

namespace SwarmHost.Media.Interop;

/// <summary>libavformat and libavdevice entry points (resolved by <see cref="FFmpegLibraries"/>; call <see cref="FFmpegLibraries.Load"/> first).</summary>
internal static partial class AvFormatNative
{
    /// <summary>AVMEDIA_TYPE_VIDEO.</summary>
    public const int MediaTypeVideo = 0;

    /// <summary>AVMEDIA_TYPE_AUDIO.</summary>
    public const int MediaTypeAudio = 1;

    /// <summary>AVMEDIA_TYPE_SUBTITLE.</summary>
    public const int MediaTypeSubtitle = 3;

    /// <summary>FF_COMPLIANCE_NORMAL.</summary>
    public const int ComplianceNormal = 0;

    /// <summary>AVFMT_NOFILE: the muxer does its own I/O.</summary>
    public const int FormatNoFile = 0x1;

    /// <summary>AVFMT_GLOBALHEADER: the format wants codec headers in extradata.</summary>
    public const int FormatGlobalHeader = 0x40;

    /// <summary>AVIO_FLAG_WRITE.</summary>
    public const int IoWrite = 2;

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_version")]
    public static partial uint Version();

    [LibraryImport(FFmpegLibraries.AvDevice, EntryPoint = "avdevice_register_all")]
    public static partial void RegisterDevices();

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_network_init")]
    public static partial int NetworkInit();

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "av_find_input_format", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FindInputFormat(string name);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_open_input", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenInput(ref nint context, string url, nint format, ref nint options);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_find_stream_info")]
    public static partial int FindStreamInfo(nint context, nint options);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "av_find_best_stream")]
    public static partial int FindBestStream(nint context, int type, int wanted, int related, out nint decoder, int flags);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "av_guess_frame_rate")]
    public static partial Rational32 GuessFrameRate(nint context, nint stream, nint frame);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "av_read_frame")]
    public static partial int ReadFrame(nint context, nint packet);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_close_input")]
    public static partial void CloseInput(ref nint context);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_alloc_output_context2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AllocOutputContext(out nint context, nint format, string? formatName, string? fileName);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_new_stream")]
    public static partial nint NewStream(nint context, nint codec);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avio_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int IoOpen(nint pbField, string url, int flags);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avio_open2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int IoOpen2(nint pbField, string url, int flags, nint interruptCallback, ref nint options);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avio_closep")]
    public static partial int IoClose(nint pbField);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_write_header")]
    public static partial int WriteHeader(nint context, nint options);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "av_interleaved_write_frame")]
    public static partial int InterleavedWriteFrame(nint context, nint packet);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "av_write_trailer")]
    public static partial int WriteTrailer(nint context);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avio_alloc_context")]
    public static unsafe partial nint AllocIoContext(nint buffer, int size, int writeFlag, nint opaque, nint read, delegate* unmanaged[Cdecl]<nint, byte*, int, int> write, nint seek);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avio_context_free")]
    public static partial void FreeIoContext(ref nint context);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avio_flush")]
    public static partial void IoFlush(nint context);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_query_codec")]
    public static partial int QueryCodec(nint outputFormat, int codecId, int compliance);

    [LibraryImport(FFmpegLibraries.AvFormat, EntryPoint = "avformat_free_context")]
    public static partial void FreeContext(nint context);
}
