using System.Runtime.InteropServices;

namespace SwarmHost.Media.Interop;

/// <summary>libavfilter entry points (resolved by <see cref="FFmpegLibraries"/>; call <see cref="FFmpegLibraries.Load"/> first).</summary>
internal static partial class AvFilterNative
{
    /// <summary>AVFilterGraph.filters (an array of AVFilterContext pointers; after <c>av_class</c>, the same in 5.1 … 7.1).</summary>
    public const int GraphFilters = 8;

    /// <summary>AVFilterGraph.nb_filters.</summary>
    public const int GraphFilterCount = 16;

    [LibraryImport(FFmpegLibraries.AvFilter, EntryPoint = "avfilter_graph_alloc")]
    public static partial nint GraphAlloc();

    [LibraryImport(FFmpegLibraries.AvFilter, EntryPoint = "avfilter_graph_free")]
    public static partial void GraphFree(ref nint graph);

    [LibraryImport(FFmpegLibraries.AvFilter, EntryPoint = "avfilter_graph_parse2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GraphParse(nint graph, string description, out nint inputs, out nint outputs);

    [LibraryImport(FFmpegLibraries.AvFilter, EntryPoint = "avfilter_graph_config")]
    public static partial int GraphConfig(nint graph, nint logContext);

    [LibraryImport(FFmpegLibraries.AvFilter, EntryPoint = "avfilter_inout_free")]
    public static partial void InOutFree(ref nint inout);

    [LibraryImport(FFmpegLibraries.AvFilter, EntryPoint = "av_buffersrc_add_frame_flags")]
    public static partial int SourceAddFrame(nint filter, nint frame, int flags);

    [LibraryImport(FFmpegLibraries.AvFilter, EntryPoint = "av_buffersink_get_frame")]
    public static partial int SinkGetFrame(nint filter, nint frame);
}
