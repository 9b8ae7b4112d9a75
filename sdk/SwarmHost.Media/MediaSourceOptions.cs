namespace SwarmHost.Media;

/// <summary>How to open and read a <see cref="MediaSource"/>.</summary>
/// <param name="Uri">
/// A file path or URL FFmpeg can read (mp4, mkv, mov, avi, ts, y4m; <c>udp://</c>, <c>srt://</c>,
/// <c>rtmp://</c> where the FFmpeg build has the protocol), or <c>lavfi:&lt;graph&gt;</c> for one of
/// FFmpeg's test sources, e.g. <c>lavfi:testsrc2=size=1280x720:rate=30</c>.
/// </param>
public sealed record MediaSourceOptions(string Uri)
{
    /// <summary>Picture width delivered (scaled with libswscale); <c>null</c> keeps the source's (rounded down to even).</summary>
    public int? Width { get; init; }

    /// <summary>Picture height delivered; <c>null</c> keeps the source's (rounded down to even).</summary>
    public int? Height { get; init; }

    /// <summary>Stop after this many frames; 0 reads to the end of the input.</summary>
    public long MaxFrames { get; init; }

    /// <summary>Stop before the first frame whose media time (since the first frame) reaches this; <c>null</c> reads to the end.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Deliver frames no faster than their timestamps say (live behaviour); otherwise as fast as they decode.</summary>
    public bool Realtime { get; init; }

    /// <summary>
    /// A read of a network input that yields no frame for this long is reported as
    /// <see cref="SourceReadKind.Stalled"/> (again after each further period); a file or <c>lavfi</c>
    /// input never stalls. Default 1 s.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A network read that blocks this long is abandoned and the input reopened, with back-off. Default 2 s.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause between reconnection attempts (the back-off starts at 250 ms and doubles). Default 4 s.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Read the input's audio streams too (<see cref="MediaSource.AudioTracks"/>, <see cref="MediaSource.TryReadAudio"/>); otherwise their packets are skipped. Default <c>false</c>.</summary>
    public bool ReadAudio { get; init; }

    /// <summary>Read the input's subtitle streams too (<see cref="MediaSource.SubtitleTracks"/>, <see cref="MediaSource.TryReadSubtitle"/>); otherwise their packets are skipped. Default <c>false</c>.</summary>
    public bool ReadSubtitles { get; init; }

    /// <summary>Frames decoded ahead of the reader (bounded, so a slow consumer applies back-pressure). Default 8.</summary>
    public int QueueCapacity { get; init; } = 8;

    /// <summary>
    /// Gives each frame its sequence number and timestamp (ns) from its index in the input (0, 1,
    /// …) and its media time (ns since the first frame). Default: the index and the media time.
    /// The swarm passes its clock and its own numbering (which also counts frames it inserts
    /// while the input is stalled). Called on the reader thread, in order.
    /// </summary>
    public Func<long, long, FrameStamp>? Stamp { get; init; }

    /// <summary>
    /// Gives each frame its sequence number and timestamp (ns) from its index in the input and its
    /// <b>source time</b>: its timestamp as the input carries it, in ns (not rebased to the first
    /// frame), so that two readers of the same stream that start at different frames agree on
    /// every frame's time. When set, it is used instead of <see cref="Stamp"/>. Called on the reader
    /// thread, in order.
    /// </summary>
    public Func<long, long, FrameStamp>? StampAtSourceTime { get; init; }

    /// <summary>
    /// Where the input starts: called with each picture's source time (as for
    /// <see cref="StampAtSourceTime"/>) and the source's frame period (ns) until it first returns
    /// <c>true</c>; the pictures before that one are decoded and dropped, with the audio that
    /// plays before it, and counted in <see cref="MediaSource.SkippedBeforeStart"/>. Used to
    /// start a live output on a boundary every reader of the stream agrees on. Default: the first
    /// picture. Called on the reader thread, in order.
    /// </summary>
    public Func<long, long, bool>? StartsAt { get; init; }

    /// <summary>Receives every compressed packet of the video stream as it is read, before it is decoded, to pass on unchanged. Default: none.</summary>
    public PacketRelay? Relay { get; init; }

    /// <summary>
    /// Options for FFmpeg's protocol and demuxer, applied after SwarmHost's own (e.g. an SRT
    /// <c>passphrase</c> or <c>latency</c>). Kept out of the URI so secrets never reach a message
    /// or a log. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> InputOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Filters a <c>lavfi:</c> graph may use beyond <see cref="FilterAllowlist"/>'s default list
    /// (the command line's <c>--allow-filter</c>). Default: none.
    /// </summary>
    public IReadOnlyCollection<string> AllowedFilters { get; init; } = [];
}
