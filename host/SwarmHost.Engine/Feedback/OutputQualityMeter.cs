using System.Diagnostics;
using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Feedback;

/// <summary>
/// Measures what the viewer gets: decodes every unit written to the output and compares each
/// picture with its source frame (luma PSNR always, SSIM every <c>ssimEvery</c> frames). A slot
/// missing from the output is scored as what a player shows there — the previous picture again.
/// </summary>
/// <remarks>Coordinator thread only. Holds each source frame (one reference) from its slot's closing until its picture is decoded: about the combiner's latency in frames.</remarks>
public sealed class OutputQualityMeter : IDisposable
{
    private readonly FFmpegVideoDecoder _decoder;
    private readonly int _ssimEvery;
    private readonly SortedDictionary<long, VideoFrame> _sources = [];
    private readonly QualitySamples _psnr = QualitySamples.Psnr();
    private readonly QualitySamples _ssim = QualitySamples.Ssim();
    private long _scored;
    private readonly List<(long Sequence, double Psnr, double? Ssim)> _window = [];
    private VideoFrame? _last;
    private long _elapsedTicks;

    /// <summary>Opens a decoder for the output stream.</summary>
    /// <param name="output">The output's session (codec, extradata).</param>
    /// <param name="profile">The output profile: pictures are compared at its size.</param>
    /// <param name="ssimEvery">SSIM on every n-th frame; 0 never.</param>
    public OutputQualityMeter(EncoderSession output, OutputProfile profile, int ssimEvery)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _decoder = new FFmpegVideoDecoder(output, profile.Width, profile.Height);
        _ssimEvery = ssimEvery;
    }

    /// <summary>Mean time spent per output frame, ms.</summary>
    public double CostMs => _scored == 0 ? 0 : Math.Round(_elapsedTicks * 1000.0 / Stopwatch.Frequency / _scored, 3);

    /// <summary>Takes the source frame of a closed slot (the meter releases it).</summary>
    public void Expect(VideoFrame source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _sources[source.Sequence] = source;
    }

    /// <summary>Decodes a unit just written to the output.</summary>
    public void Written(EncodedUnit unit)
    {
        var started = Stopwatch.GetTimestamp();
        Score(_decoder.Decode(unit));
        _elapsedTicks += Stopwatch.GetTimestamp() - started;
    }

    /// <summary>The pictures scored since the previous call (in scoring order), or <c>null</c> when none was; the window starts again empty.</summary>
    public OutputQualityWindow? TakeWindow()
    {
        if (_window.Count == 0)
        {
            return null;
        }

        var ssim = _window.Where(w => w.Ssim is not null).Select(w => w.Ssim!.Value).ToList();
        var window = new OutputQualityWindow(_window[0].Sequence, _window[^1].Sequence, _window.Count, _window.Average(w => w.Psnr), ssim.Count > 0 ? ssim.Average() : null);
        _window.Clear();
        return window;
    }

    /// <summary>Drains the decoder and scores every slot still open (missing from the output) as a repeat.</summary>
    public QualityFigures Finish()
    {
        var started = Stopwatch.GetTimestamp();
        Score(_decoder.Flush());
        foreach (var sequence in _sources.Keys.ToList())
        {
            Repeat(sequence);
        }

        _elapsedTicks += Stopwatch.GetTimestamp() - started;
        return QualityFigures.Of(_psnr, _ssim);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _decoder.Dispose();
        _last?.Release();
        _last = null;
        foreach (var source in _sources.Values)
        {
            source.Release();
        }

        _sources.Clear();
    }

    private void Score(IReadOnlyList<VideoFrame> pictures)
    {
        foreach (var picture in pictures)
        {
            // slots before this picture that never came out were lost: the player kept showing the last picture
            foreach (var lost in _sources.Keys.TakeWhile(s => s < picture.Sequence).ToList())
            {
                Repeat(lost);
            }

            if (_sources.Remove(picture.Sequence, out var source))
            {
                Measure(source, picture);
                source.Release();
            }

            _last?.Release();
            _last = picture;
        }
    }

    private void Repeat(long sequence)
    {
        if (_sources.Remove(sequence, out var source))
        {
            if (_last is not null)
            {
                Measure(source, _last);
            }
            else
            {
                _psnr.Add(0);
                _scored++;
                _window.Add((sequence, 0, null));
            }

            source.Release();
        }
    }

    private void Measure(VideoFrame source, VideoFrame picture)
    {
        var psnr = QualityMeter.Psnr(QualityMeter.MeanSquaredError(source.Y.Span, picture.Y.Span));
        _psnr.Add(psnr);
        _scored++;
        double? ssim = null;
        if (_ssimEvery > 0 && source.Sequence % _ssimEvery == 0)
        {
            ssim = QualityMeter.Ssim(source.Y.Span, picture.Y.Span, source.Width, source.Height);
            _ssim.Add(ssim.Value);
        }

        _window.Add((source.Sequence, psnr, ssim));
    }
}
