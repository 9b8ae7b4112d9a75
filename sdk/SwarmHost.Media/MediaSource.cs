using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Media.Tracks;
using SwarmHost.Media.Audio;
using SwarmHost.Media.Subtitles;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media;

/// <summary>
/// Reads a file, URL or <c>lavfi</c> test source with libavformat, decodes its best video stream,
/// converts every picture to I420 at the requested size with libswscale and hands them out as
/// numbered <see cref="VideoFrame"/>s.
/// </summary>
/// <remarks>
/// <para>The input is opened by <see cref="Open"/> (so a missing file or an unreadable format
/// fails there, with a clear message); then a dedicated reader thread demuxes and decodes ahead
/// into a bounded queue. Damaged packets are skipped and counted, never fatal. A read that gets
/// no picture for <see cref="MediaSourceOptions.StallTimeout"/> from a network input reports
/// <see cref="SourceReadKind.Stalled"/>, so the caller can fill the gap; a network input whose
/// read blocks for <see cref="MediaSourceOptions.NetworkTimeout"/> or fails is reopened with
/// back-off (250 ms doubling to <see cref="MediaSourceOptions.MaxReconnectDelay"/>) until it
/// returns or the source is disposed.</para>
/// <para>One consumer at a time. Dispose stops the reader; frames still queued are released.</para>
/// </remarks>
public sealed class MediaSource : IDisposable
{
    private static readonly string[] NetworkSchemes = ["udp", "rtp", "srt", "rtmp", "rtmps", "rtmpt", "tcp", "rist"];

    private readonly MediaSourceOptions _options;
    private readonly Channel<VideoFrame> _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _reader;
    private readonly long _frameDurationNs;
    private readonly ConcurrentQueue<AnchoredPacket> _audio = new();
    private readonly PacketAnchoring? _anchoring;
    private readonly ConcurrentQueue<AnchoredPacket> _subtitles = new();
    private readonly PacketAnchoring? _subtitleAnchoring;
    private DemuxedInput? _input;
    private Exception? _failure;
    private long _delivered;
    private long _skippedBeforeStart;
    private bool _started;
    private long _damaged;
    private long _stalls;
    private long _reconnects;
    private bool _stalled;

    private MediaSource(MediaSourceOptions options, DemuxedInput input)
    {
        _options = options;
        _input = input;
        var rate = input.FrameRate;
        _frameDurationNs = rate.Numerator > 0 && rate.Denominator > 0 ? rate.PeriodNanoseconds() : 40_000_000;
        Info = new MediaSourceInfo(options.Uri, input.FormatName, input.CodecName, input.SourceSize, rate, input.Width, input.Height, input.IsNetwork);
        AudioTracks = options.ReadAudio ? AudioTrack.AllOf(input) : [];
        if (AudioTracks.Count > 0)
        {
            _anchoring = new PacketAnchoring(_audio, AudioTracks.Count);
            input.AudioReceived = _anchoring.Received;
        }

        SubtitleTracks = options.ReadSubtitles ? SubtitleTrack.AllOf(input) : [];
        if (SubtitleTracks.Count > 0)
        {
            _subtitleAnchoring = new PacketAnchoring(_subtitles, SubtitleTracks.Count);
            input.SubtitleReceived = _subtitleAnchoring.Received;
        }

        _frames = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity)) { SingleReader = true, SingleWriter = true });
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "swarmhost-source" };
        _reader.Start();
    }

    /// <summary>What is being read and delivered.</summary>
    public MediaSourceInfo Info { get; }

    /// <summary>Why reading the file stopped before its end (a read error at a damaged part, after which the pictures still in the decoder were delivered, as the <c>ffmpeg</c> CLI does), or <c>null</c>.</summary>
    public string? CutShort { get; private set; }

    /// <summary>The input's audio streams as first opened (empty unless <see cref="MediaSourceOptions.ReadAudio"/>).</summary>
    public IReadOnlyList<AudioTrack> AudioTracks { get; }

    /// <summary>The input's subtitle streams as first opened (empty unless <see cref="MediaSourceOptions.ReadSubtitles"/>).</summary>
    public IReadOnlyList<SubtitleTrack> SubtitleTracks { get; }

    /// <summary>Audio packets that could not be placed against the video (see <see cref="PacketAnchoring.Dropped"/>).</summary>
    public long UnplacedAudioPackets => _anchoring?.Dropped ?? 0;

    /// <summary>Pictures decoded and dropped before the one <see cref="MediaSourceOptions.StartsAt"/> accepted (0 without it).</summary>
    public long SkippedBeforeStart => Interlocked.Read(ref _skippedBeforeStart);

    /// <summary>Stops keeping audio packets (the caller will not read them); those waiting are dropped. Any thread.</summary>
    public void IgnoreAudio()
    {
        _anchoring?.Ignore();
        _audio.Clear();
    }

    /// <summary>The next audio packet read, placed against a delivered picture; <c>false</c> when none is waiting. Any thread, one at a time.</summary>
    public bool TryReadAudio(out AnchoredPacket packet) => _audio.TryDequeue(out packet!);

    /// <summary>Stops keeping subtitle packets (the caller will not read them); those waiting are dropped. Any thread.</summary>
    public void IgnoreSubtitles()
    {
        _subtitleAnchoring?.Ignore();
        _subtitles.Clear();
    }

    /// <summary>The next subtitle packet read, placed against a delivered picture as audio is (<see cref="TryReadAudio"/>); <c>false</c> when none is waiting. Any thread, one at a time.</summary>
    public bool TryReadSubtitle(out AnchoredPacket packet) => _subtitles.TryDequeue(out packet!);

    /// <summary>Counts so far (thread-safe snapshot).</summary>
    public SourceCounters Counters => new(Interlocked.Read(ref _delivered), Interlocked.Read(ref _damaged), Interlocked.Read(ref _stalls), Interlocked.Read(ref _reconnects));

    /// <summary>Opens the input and starts reading.</summary>
    /// <exception cref="MediaInputException">The input is missing, unreadable, has no video stream, or its decoder is absent; the message names the input and what to do.</exception>
    /// <exception cref="FFmpegUnavailableException">FFmpeg's libraries are not usable.</exception>
    public static MediaSource Open(MediaSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Uri);
        if (options.Width is { } w && (w <= 0 || w % 2 != 0) || options.Height is { } h && (h <= 0 || h % 2 != 0))
        {
            throw new ArgumentException($"The picture size must be positive and even; got {options.Width}x{options.Height}.", nameof(options));
        }

        if (FilterAllowlist.Refusal(options.Uri, options.AllowedFilters) is { } refusal)
        {
            throw new MediaInputException($"Input '{options.Uri}': {refusal}.");
        }

        FFmpegLibraries.Load();
        var network = IsNetworkUri(options.Uri);
        return new MediaSource(options, DemuxedInput.Open(options, network));
    }

    /// <summary>
    /// The next picture, or <see cref="SourceReadKind.Ended"/> at the end of the input; for a network
    /// input also <see cref="SourceReadKind.Stalled"/> when none came within the stall timeout. A file
    /// or <c>lavfi</c> input never stalls: it is read, however long a read takes.
    /// </summary>
    /// <exception cref="MediaInputException">The input failed in a way reading on cannot repair (e.g. a file read error); frames delivered before stay valid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<SourceRead> ReadAsync(CancellationToken cancellationToken = default)
    {
        var waitedFrom = Stopwatch.GetTimestamp();
        while (true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (Info.IsNetwork)
            {
                timeout.CancelAfter(_options.StallTimeout); // only a live input is waited for; a file or lavfi input is read, however long that takes
            }

            try
            {
                if (!await _frames.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    if (_failure is not null)
                    {
                        throw new MediaInputException(_failure.Message, _failure);
                    }

                    return new SourceRead(SourceReadKind.Ended, null, TimeSpan.Zero);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!_stalled)
                {
                    _stalled = true;
                    Interlocked.Increment(ref _stalls);
                }

                return new SourceRead(SourceReadKind.Stalled, null, Stopwatch.GetElapsedTime(waitedFrom));
            }

            if (_frames.Reader.TryRead(out var frame))
            {
                _stalled = false;
                return new SourceRead(SourceReadKind.Frame, frame, TimeSpan.Zero);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        if (!_reader.Join(TimeSpan.FromSeconds(5)))
        {
            return; // blocked in a native read that has its own timeout; the reader frees its input when it returns
        }

        while (_frames.Reader.TryRead(out var frame))
        {
            frame.Release();
        }

        foreach (var track in AudioTracks)
        {
            track.Release();
        }

        foreach (var track in SubtitleTracks)
        {
            track.Release();
        }

        _stop.Dispose();
    }

    /// <summary>Whether <paramref name="uri"/> names a network stream (udp, rtp, srt, rtmp, tcp, rist): such an input is live, its stalls are reported and filled.</summary>
    public static bool IsNetworkUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var colon = uri.IndexOf("://", StringComparison.Ordinal);
        return colon > 0 && NetworkSchemes.Contains(uri[..colon].ToLowerInvariant(), StringComparer.Ordinal);
    }

    private void ReadLoop()
    {
        var token = _stop.Token;
        var delay = TimeSpan.FromMilliseconds(250);
        var paceStart = Stopwatch.GetTimestamp();
        long? firstPts = null;
        long lastMediaNs = -1;
        var lastSourceNs = long.MinValue;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var input = _input;
                if (input is null)
                {
                    input = ReopenWithBackOff(ref delay, token);
                    if (input is null)
                    {
                        return;
                    }

                    _input = input;
                    if (_anchoring is not null)
                    {
                        _anchoring.Reopened();
                        input.AudioReceived = _anchoring.Received;
                    }

                    if (_subtitleAnchoring is not null)
                    {
                        _subtitleAnchoring.Reopened();
                        input.SubtitleReceived = _subtitleAnchoring.Received;
                    }
                }

                var outcome = input.Next(out var picture);
                switch (outcome)
                {
                    case DemuxedInput.Outcome.Picture:
                        delay = TimeSpan.FromMilliseconds(250);
                        var pts = picture.Pts;
                        var mediaNs = pts == AvUtilNative.NoPts
                            ? lastMediaNs + _frameDurationNs
                            : input.ToNanoseconds(pts - (firstPts ??= pts));
                        if (mediaNs <= lastMediaNs)
                        {
                            mediaNs = lastMediaNs + 1; // keep media time strictly increasing across reconnects and odd timestamps
                        }

                        lastMediaNs = mediaNs;
                        var sourceNs = pts != AvUtilNative.NoPts ? input.ToNanoseconds(pts) : lastSourceNs == long.MinValue ? mediaNs : lastSourceNs + _frameDurationNs;
                        lastSourceNs = sourceNs;
                        if (_options.MaxDuration is { } limit && mediaNs >= limit.Ticks * 100)
                        {
                            picture.Buffer.Dispose();
                            return; // source time is up
                        }

                        if (_options.Realtime)
                        {
                            Pace(paceStart, mediaNs, token);
                        }

                        if (!Deliver(picture, mediaNs, sourceNs, token))
                        {
                            return;
                        }

                        break;
                    case DemuxedInput.Outcome.Damaged:
                        Interlocked.Increment(ref _damaged);
                        CutShort ??= input.CutShort;
                        break;
                    case DemuxedInput.Outcome.End when !input.IsNetwork:
                        return;
                    default: // a network input ended, timed out or failed: reopen it
                        input.Dispose();
                        _input = null;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (MediaInputException ex)
        {
            _failure = ex;
        }
        finally
        {
            _options.Relay?.Complete(); // whatever ended the reading: the relay's receivers get to the end too
            _input?.Dispose();
            _input = null;
            _frames.Writer.TryComplete();
        }
    }

    private DemuxedInput? ReopenWithBackOff(ref TimeSpan delay, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            if (token.WaitHandle.WaitOne(delay))
            {
                return null;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            try
            {
                var input = DemuxedInput.Open(_options, network: true);
                Interlocked.Increment(ref _reconnects);
                return input;
            }
            catch (MediaInputException)
            {
                // still gone; try again after the next back-off step
            }
        }

        return null;
    }

    private static void Pace(long start, long mediaNs, CancellationToken token)
    {
        var due = TimeSpan.FromTicks(mediaNs / 100) - Stopwatch.GetElapsedTime(start);
        if (due > TimeSpan.Zero)
        {
            token.WaitHandle.WaitOne(due);
        }
    }

    private bool Deliver(DemuxedInput.Picture picture, long mediaNs, long sourceNs, CancellationToken token)
    {
        if (_options.MaxFrames > 0 && _delivered >= _options.MaxFrames)
        {
            picture.Buffer.Dispose();
            return false;
        }

        if (!_started && _options.StartsAt is { } startsAt && !startsAt(sourceNs, _frameDurationNs))
        {
            picture.Buffer.Dispose();
            Interlocked.Increment(ref _skippedBeforeStart);
            _anchoring?.PictureSkipped(sourceNs);
            _subtitleAnchoring?.PictureSkipped(sourceNs);
            return true;
        }

        _started = true;
        var stamp = _options.StampAtSourceTime?.Invoke(_delivered, sourceNs) ?? _options.Stamp?.Invoke(_delivered, mediaNs) ?? new FrameStamp(_delivered, mediaNs);
        var frame = new VideoFrame(picture.Buffer, Info.Width, Info.Height, stamp.Sequence, stamp.TimestampNs, _frameDurationNs);
        try
        {
            _frames.Writer.WriteAsync(frame, token).AsTask().GetAwaiter().GetResult();
        }
        catch
        {
            frame.Release();
            throw;
        }

        Interlocked.Increment(ref _delivered);
        _anchoring?.PictureDelivered(stamp.Sequence, sourceNs);
        _subtitleAnchoring?.PictureDelivered(stamp.Sequence, sourceNs);
        return _options.MaxFrames <= 0 || _delivered < _options.MaxFrames;
    }
}
