namespace SwarmHost.Media.Interop;

/// <summary>
/// libavformat struct offsets (x86-64). <c>AVFormatContext</c>'s leading fields and
/// <c>AVCodecParameters</c>' first fields are the same in 5.1 … 7.1; <c>AVStream</c> gained a
/// leading <c>av_class</c> in 6.0, so its offsets come from a per-release table keyed on
/// <c>avformat_version() &gt;&gt; 16</c> (checked with offsetof against the 5.1, 6.0, 6.1, 7.0
/// and 7.1 headers). The offsets are sanity-checked on every opened input
/// (<see cref="MediaSource"/>): the stream index read must equal <c>av_find_best_stream</c>'s.
/// </summary>
internal sealed class FormatLayout
{
    public const int ContextInputFormat = 8;
    public const int ContextOutputFormat = 16;
    public const int ContextPb = 32;
    public const int ContextStreamCount = 44;
    public const int ContextStreams = 48;

    public const int OutputFormatFlags = 44;

    public const int CodecParametersType = 0;
    public const int CodecParametersCodecId = 4;
    public const int CodecParametersCodecTag = 8;
    public const int CodecParametersExtradata = 16;
    public const int CodecParametersExtradataSize = 24;

    public const int PacketStreamIndex = 36;
    public const int PacketDuration = 64;

    public const int CodecId = 20;

    private FormatLayout(int streamIndex, int streamCodecParameters, int streamTimeBase, int streamMetadata, int contextMetadata)
    {
        ContextMetadata = contextMetadata;
        StreamIndex = streamIndex;
        StreamCodecParameters = streamCodecParameters;
        StreamTimeBase = streamTimeBase;
        StreamMetadata = streamMetadata;
    }

    /// <summary>AVStream.index.</summary>
    public int StreamIndex { get; }

    /// <summary>AVStream.codecpar.</summary>
    public int StreamCodecParameters { get; }

    /// <summary>AVStream.time_base.</summary>
    public int StreamTimeBase { get; }

    /// <summary>AVFormatContext.metadata (a dictionary; MPEG-TS takes <c>service_name</c> and <c>service_provider</c> from it): 176 in libavformat 59 and 60, 192 from 61 on, where 7.0 moved the chapters up.</summary>
    public int ContextMetadata { get; }

    /// <summary>AVStream.metadata (a dictionary: <c>language</c>, <c>title</c>, …).</summary>
    public int StreamMetadata { get; }

    /// <summary>The layout of the libavformat with major version <paramref name="major"/>.</summary>
    public static FormatLayout For(int major) => major switch
    {
        >= 61 => new FormatLayout(8, 16, 32, 80, 192),
        60 => new FormatLayout(8, 16, 32, 80, 176),
        _ => new FormatLayout(0, 208, 16, 64, 176),
    };
}
