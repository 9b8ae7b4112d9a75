using System.Runtime.InteropServices;

namespace SwarmHost.Media.Interop;

/// <summary>libswscale entry points (resolved by <see cref="FFmpegLibraries"/>; call <see cref="FFmpegLibraries.Load"/> first).</summary>
internal static partial class SwScaleNative
{
    /// <summary>SWS_BILINEAR: fast and good enough for a live swarm's scaling.</summary>
    public const int Bilinear = 2;

    /// <summary>SWS_BICUBIC: FFmpeg's CLI default.</summary>
    public const int Bicubic = 4;

    [LibraryImport(FFmpegLibraries.SwScale, EntryPoint = "sws_getCachedContext")]
    public static partial nint GetCachedContext(nint context, int srcWidth, int srcHeight, int srcFormat, int dstWidth, int dstHeight, int dstFormat, int flags, nint srcFilter, nint dstFilter, nint param);

    [LibraryImport(FFmpegLibraries.SwScale, EntryPoint = "sws_scale")]
    public static unsafe partial int Scale(nint context, byte** srcSlice, int* srcStride, int srcSliceY, int srcSliceH, byte** dst, int* dstStride);

    [LibraryImport(FFmpegLibraries.SwScale, EntryPoint = "sws_freeContext")]
    public static partial void FreeContext(nint context);
}
