using System.Globalization;
using System.Runtime.InteropServices;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>
/// A libavfilter chain for decoded audio, from a buffer source to a buffer sink: converts the
/// sample format, rate and channel layout and cuts the samples into frames of the size an
/// encoder takes. Built from the first decoded frame's format (which some decoders only know
/// then). One thread at a time.
/// </summary>
internal sealed unsafe class AudioFilter : IDisposable
{
    private nint _graph;
    private nint _source;
    private nint _sink;

    private AudioFilter()
    {
    }

    /// <summary>Builds the chain: input in the decoder's format with timestamps in µs, then <paramref name="chain"/>, e.g. <c>aresample=48000,aformat=sample_fmts=fltp</c>.</summary>
    /// <param name="decoder">The opened decoder context that produced the first frame (its <c>ar</c> and <c>ch_layout</c> options describe the frames).</param>
    /// <param name="frame">The first decoded frame (its sample format).</param>
    /// <param name="chain">The filters between source and sink.</param>
    /// <param name="what">Names the stream in error messages.</param>
    /// <exception cref="MediaOutputException">The chain cannot be built.</exception>
    public static AudioFilter Create(nint decoder, nint frame, string chain, string what)
    {
        var rate = AvUtilNative.OptGetString(decoder, "ar") ?? "48000";
        var format = Marshal.PtrToStringUTF8(AvUtilNative.SampleFormatName(*(int*)((byte*)frame + StableLayout.FrameFormat))) ?? "s16";
        var layout = Layout(decoder);
        var filter = new AudioFilter();
        try
        {
            filter.Build(string.Create(CultureInfo.InvariantCulture, $"abuffer=time_base=1/1000000:sample_rate={rate}:sample_fmt={format}:channel_layout={layout},{chain},abuffersink"), what);
            return filter;
        }
        catch
        {
            filter.Dispose();
            throw;
        }
    }

    /// <summary>The decoder's channel layout as FFmpeg names it (<c>mono</c>, <c>stereo</c>, <c>5.1</c>), or <c>stereo</c> when it names none.</summary>
    public static string Layout(nint decoder) => AvUtilNative.OptGetString(decoder, "ch_layout") is { Length: > 0 } text && !text.Contains("channels", StringComparison.Ordinal) ? text : "stereo";

    /// <summary>Feeds a decoded frame (its pts in µs), or <c>0</c> to drain at the end.</summary>
    public void Push(nint frame)
    {
        var pushed = AvFilterNative.SourceAddFrame(_source, frame, 0);
        if (pushed < 0 && pushed != AvUtilNative.ErrorEof)
        {
            throw new MediaOutputException($"converting audio failed: {AvUtilNative.Describe(pushed)}.");
        }
    }

    /// <summary>The next converted frame into <paramref name="frame"/>; <c>false</c> when none is ready (or at the end).</summary>
    public bool Pull(nint frame) => AvFilterNative.SinkGetFrame(_sink, frame) >= 0;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_graph != 0)
        {
            AvFilterNative.GraphFree(ref _graph);
        }
    }

    private void Build(string description, string what)
    {
        _graph = AvFilterNative.GraphAlloc();
        var parsed = AvFilterNative.GraphParse(_graph, description, out var inputs, out var outputs);
        AvFilterNative.InOutFree(ref inputs);
        AvFilterNative.InOutFree(ref outputs);
        var result = parsed < 0 ? parsed : AvFilterNative.GraphConfig(_graph, 0);
        if (result < 0)
        {
            throw new MediaOutputException($"{what}: the audio conversion '{description}' cannot be set up: {AvUtilNative.Describe(result)}.");
        }

        // find the two ends by their filter's name (AVFilterContext.filter at 8, AVFilter.name at 0: the same in 5.1 … 7.1); configuring may have added conversions after them
        var count = *(uint*)((byte*)_graph + AvFilterNative.GraphFilterCount);
        var filters = *(nint**)((byte*)_graph + AvFilterNative.GraphFilters);
        for (var i = 0; i < count; i++)
        {
            var name = Marshal.PtrToStringUTF8(**(nint**)((byte*)filters[i] + 8));
            if (name == "abuffer")
            {
                _source = filters[i];
            }
            else if (name == "abuffersink")
            {
                _sink = filters[i];
            }
        }

        if (_source == 0 || _sink == 0)
        {
            throw new MediaOutputException($"{what}: the audio conversion graph has no buffer source or sink (libavfilter's layout differs).");
        }
    }
}
