using SwarmHost.Abstractions;
using SwarmHost.Feedback;
using SwarmHost.Media;

namespace SwarmHost.Engine.Lanes;

/// <summary>
/// Checks an encoder's units where they are made: decodes each one and compares its picture with
/// the source picture (luma PSNR on every frame, SSIM on every n-th), so undecodable or garbage
/// output is caught before the combiner sees it. It holds each source frame (one reference) from
/// <see cref="Hold"/> until its unit is judged, and releases what it still holds when disposed.
/// </summary>
internal sealed class UnitVerifier : IDisposable
{
    /// <summary>Below this PSNR (dB) against the source picture, a decoded unit is garbage.</summary>
    public const double GarbagePsnr = 15;

    private readonly FFmpegVideoDecoder _decoder;
    private readonly int _ssimEvery;
    private readonly Action<EncodedUnit, string?, double, double> _judged;
    private readonly Dictionary<long, VideoFrame> _sources = [];
    private readonly SortedDictionary<long, EncodedUnit> _unverified = [];

    /// <summary>Opens a decoder for <paramref name="session"/>'s stream.</summary>
    /// <param name="session">What the encoder produces.</param>
    /// <param name="profile">The output profile (the picture size compared).</param>
    /// <param name="ssimEvery">SSIM on every n-th frame; 0 never.</param>
    /// <param name="judged">Called with each unit, why it is bad (or <c>null</c>), its PSNR and SSIM (NaN when not measured).</param>
    public UnitVerifier(EncoderSession session, OutputProfile profile, int ssimEvery, Action<EncodedUnit, string?, double, double> judged)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _decoder = new FFmpegVideoDecoder(session, profile.Width, profile.Height);
        _ssimEvery = ssimEvery;
        _judged = judged;
    }

    /// <summary>Keeps <paramref name="source"/> (the caller's reference passes to the verifier) until its unit is judged.</summary>
    public void Hold(VideoFrame source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _sources[source.Sequence] = source;
    }

    /// <summary>Decodes <paramref name="units"/> and judges every unit whose picture came out.</summary>
    public void Check(IReadOnlyList<EncodedUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        foreach (var unit in units)
        {
            _unverified[unit.Sequence] = unit;
            IReadOnlyList<VideoFrame> pictures;
            try
            {
                pictures = _decoder.Decode(unit);
            }
            catch (InvalidOperationException ex)
            {
                pictures = [];
                Bad(unit.Sequence, "undecodable: " + ex.Message);
            }

            Judge(pictures, endOfStream: false);
        }
    }

    /// <summary>Drains the decoder after the encoder's flush: a unit still without a picture is undecodable.</summary>
    public void Flush() => Judge(_decoder.Flush(), endOfStream: true);

    /// <inheritdoc />
    public void Dispose()
    {
        _decoder.Dispose();
        foreach (var frame in _sources.Values)
        {
            frame.Release();
        }

        _sources.Clear();
    }

    private void Judge(IReadOnlyList<VideoFrame> pictures, bool endOfStream)
    {
        foreach (var picture in pictures)
        {
            // pictures come out in display order: a unit before this one that has no picture yet never will
            foreach (var missing in _unverified.Keys.Where(s => s < picture.Sequence).ToList())
            {
                Bad(missing, "undecodable: its picture never came out of the decoder");
            }

            if (_unverified.Remove(picture.Sequence, out var unit))
            {
                var psnr = double.NaN;
                var ssim = double.NaN;
                if (_sources.Remove(picture.Sequence, out var source))
                {
                    psnr = QualityMeter.Psnr(QualityMeter.MeanSquaredError(source.Y.Span, picture.Y.Span));
                    if (_ssimEvery > 0 && picture.Sequence % _ssimEvery == 0)
                    {
                        ssim = QualityMeter.Ssim(source.Y.Span, picture.Y.Span, source.Width, source.Height);
                    }

                    source.Release();
                }

                _judged(unit, psnr < GarbagePsnr ? $"garbage: decoded picture is {psnr:F1} dB from the source" : null, psnr, ssim);
            }

            picture.Release();
        }

        if (endOfStream)
        {
            foreach (var missing in _unverified.Keys.ToList())
            {
                Bad(missing, "undecodable: its picture never came out of the decoder");
            }
        }
    }

    private void Bad(long sequence, string problem)
    {
        if (_unverified.Remove(sequence, out var unit))
        {
            _judged(unit, problem, double.NaN, double.NaN);
        }

        if (_sources.Remove(sequence, out var source))
        {
            source.Release();
        }
    }
}
