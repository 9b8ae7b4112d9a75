using System.Runtime.InteropServices;

namespace SwarmHost.Media.Interop;

/// <summary>libavutil entry points (resolved by <see cref="FFmpegLibraries"/>; call <see cref="FFmpegLibraries.Load"/> first).</summary>
internal static partial class AvUtilNative
{
    /// <summary>AV_NOPTS_VALUE: "no timestamp".</summary>
    public const long NoPts = long.MinValue;

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "avutil_version")]
    public static partial uint Version();

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_frame_alloc")]
    public static partial nint FrameAlloc();

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_frame_free")]
    public static partial void FrameFree(ref nint frame);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_frame_get_buffer")]
    public static partial int FrameGetBuffer(nint frame, int align);

    /// <summary>AV_OPT_SEARCH_CHILDREN: also search codec-private options.</summary>
    public const int SearchChildren = 1;

    /// <summary>AVERROR(EAGAIN) on Linux.</summary>
    public const int ErrorAgain = -11;

    /// <summary>AVERROR_EOF.</summary>
    public const int ErrorEof = -541478725;

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_frame_make_writable")]
    public static partial int FrameMakeWritable(nint frame);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_opt_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OptSet(nint obj, string name, string value, int searchFlags);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_opt_set_int", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OptSetInt(nint obj, string name, long value, int searchFlags);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_opt_set_image_size", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OptSetImageSize(nint obj, string name, int width, int height, int searchFlags);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_opt_set_pixel_fmt", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OptSetPixelFormat(nint obj, string name, int format, int searchFlags);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_strerror")]
    public static unsafe partial int StrError(int error, byte* buffer, nuint size);

    /// <summary>AV_LOG_QUIET.</summary>
    public const int LogQuiet = -8;

    /// <summary>AVERROR_INVALIDDATA.</summary>
    public const int ErrorInvalidData = -1094995529;

    /// <summary>AVERROR(ETIMEDOUT) on Linux.</summary>
    public const int ErrorTimedOut = -110;

    /// <summary>libc's setenv: the native environment that encoder libraries read (the runtime's own copy is not it).</summary>
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetEnvironment(string name, string value, int overwrite);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_log_set_level")]
    public static partial void LogSetLevel(int level);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_frame_unref")]
    public static partial void FrameUnref(nint frame);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_dict_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int DictSet(ref nint dictionary, string key, string value, int flags);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_dict_get", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint DictGet(nint dictionary, string key, nint previous, int flags);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_get_sample_fmt_name")]
    public static partial nint SampleFormatName(int format);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_dict_free")]
    public static partial void DictFree(ref nint dictionary);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_mallocz")]
    public static partial nint AllocZeroed(nuint size);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_malloc")]
    public static partial nint Alloc(nuint size);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_free")]
    public static partial void Free(nint pointer);

    [LibraryImport(FFmpegLibraries.AvUtil, EntryPoint = "av_opt_get", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OptGet(nint obj, string name, int searchFlags, out nint value);

    /// <summary>Reads an AVOption as text (<c>null</c> when it cannot be read).</summary>
    public static string? OptGetString(nint obj, string name)
    {
        if (OptGet(obj, name, SearchChildren, out var value) < 0 || value == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(value);
        }
        finally
        {
            Free(value);
        }
    }

    /// <summary>FFmpeg's text for an error code.</summary>
    public static unsafe string Describe(int error)
    {
        var buffer = stackalloc byte[256];
        return StrError(error, buffer, 256) == 0 ? Marshal.PtrToStringUTF8((nint)buffer) ?? $"error {error}" : $"error {error}";
    }
}
