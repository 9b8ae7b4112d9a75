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
}
