using System.Numerics;
using SwarmHost.Abstractions;

namespace SwarmHost.Media;

/// <summary>
/// Per-picture PSNR and SSIM of a decoded picture against its source, computed in-process with
/// the same definitions as FFmpeg's <c>psnr</c> and <c>ssim</c> filters (so the numbers can be
/// compared with theirs): PSNR from the mean squared error per plane, SSIM on 8×8 windows stepped
/// by 4 pixels with the usual constants (K1 = 0.01, K2 = 0.03), planes weighted by pixel count.
/// </summary>
/// <remarks>Thread-safe (no state). The squared-error sums use SIMD (<see cref="Vector{T}"/>).</remarks>
public static class QualityMeter
{
    /// <summary>The PSNR reported for identical planes, where the true value is infinite.</summary>
    public const double IdenticalPsnr = 100.0;

    /// <summary>Measures <paramref name="distorted"/> against <paramref name="reference"/>; both must have the same size.</summary>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    public static PictureQuality Measure(VideoFrame reference, VideoFrame distorted)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        if (reference.Width != distorted.Width || reference.Height != distorted.Height)
        {
            throw new ArgumentException($"Pictures to compare must have one size; got {reference.Width}x{reference.Height} and {distorted.Width}x{distorted.Height}. Scale the decoded picture to the source's size first.", nameof(distorted));
        }

        int w = reference.Width, h = reference.Height, cw = w / 2, ch = h / 2;
        var mseY = MeanSquaredError(reference.Y.Span, distorted.Y.Span);
        var mseU = MeanSquaredError(reference.U.Span, distorted.U.Span);
        var mseV = MeanSquaredError(reference.V.Span, distorted.V.Span);
        double lumaWeight = (double)w * h / ((w * h) + (2.0 * cw * ch));
        double chromaWeight = (1 - lumaWeight) / 2;
        var ssimY = Ssim(reference.Y.Span, distorted.Y.Span, w, h);
        var ssimU = Ssim(reference.U.Span, distorted.U.Span, cw, ch);
        var ssimV = Ssim(reference.V.Span, distorted.V.Span, cw, ch);
        return new PictureQuality(
            Psnr(mseY),
            Psnr((mseY * lumaWeight) + (mseU * chromaWeight) + (mseV * chromaWeight)),
            ssimY,
            (ssimY * lumaWeight) + (ssimU * chromaWeight) + (ssimV * chromaWeight));
    }

    /// <summary>PSNR in dB for a mean squared error of 8-bit samples.</summary>
    public static double Psnr(double meanSquaredError) =>
        meanSquaredError <= 0 ? IdenticalPsnr : Math.Min(IdenticalPsnr, 10 * Math.Log10(255.0 * 255.0 / meanSquaredError));

    /// <summary>The mean squared difference of two equally long sample planes.</summary>
    public static double MeanSquaredError(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Planes to compare must be equally long.", nameof(b));
        }

        if (a.IsEmpty)
        {
            return 0;
        }

        long total = 0;
        var i = 0;
        var lanes = Vector<byte>.Count;
        const int ChunkVectors = 1024; // 255² × 2 products × 1024 per int lane stays far below int.MaxValue
        while (i + lanes <= a.Length)
        {
            var accumulator = Vector<int>.Zero;
            var chunkEnd = Math.Min(a.Length - lanes, i + (lanes * ChunkVectors));
            for (; i <= chunkEnd; i += lanes)
            {
                Vector.Widen(new Vector<byte>(a[i..]), out var a0, out var a1);
                Vector.Widen(new Vector<byte>(b[i..]), out var b0, out var b1);
                var d0 = Vector.AsVectorInt16(a0) - Vector.AsVectorInt16(b0);
                var d1 = Vector.AsVectorInt16(a1) - Vector.AsVectorInt16(b1);
                accumulator += Square(d0) + Square(d1);
            }

            total += Vector.Sum(accumulator);
        }

        for (; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            total += d * d;
        }

        return (double)total / a.Length;
    }

    private static Vector<int> Square(Vector<short> d)
    {
        Vector.Widen(d, out var lo, out var hi);
        return (lo * lo) + (hi * hi);
    }

    /// <summary>
    /// SSIM of one plane: sums over 4×4 blocks, combined 2×2 into overlapping 8×8 windows, averaged
    /// over all windows — the algorithm of FFmpeg's <c>ssim</c> filter (from x264).
    /// </summary>
    public static double Ssim(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int width, int height)
    {
        var blocksX = width >> 2;
        var blocksY = height >> 2;
        if (blocksX < 2 || blocksY < 2)
        {
            return MeanSquaredError(a, b) == 0 ? 1 : 0;
        }

        var previous = new BlockSums[blocksX];
        var current = new BlockSums[blocksX];
        SumRow(a, b, width, 0, current);
        double total = 0;
        for (var row = 1; row < blocksY; row++)
        {
            (previous, current) = (current, previous);
            SumRow(a, b, width, row, current);
            for (var x = 0; x < blocksX - 1; x++)
            {
                total += Window(previous[x], previous[x + 1], current[x], current[x + 1]);
            }
        }

        return total / ((blocksX - 1) * (blocksY - 1));
    }

    private static void SumRow(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int stride, int blockRow, BlockSums[] sums)
    {
        for (var x = 0; x < sums.Length; x++)
        {
            int s1 = 0, s2 = 0, ss = 0, s12 = 0;
            for (var dy = 0; dy < 4; dy++)
            {
                var offset = (((blockRow * 4) + dy) * stride) + (x * 4);
                for (var dx = 0; dx < 4; dx++)
                {
                    int p = a[offset + dx], q = b[offset + dx];
                    s1 += p;
                    s2 += q;
                    ss += (p * p) + (q * q);
                    s12 += p * q;
                }
            }

            sums[x] = new BlockSums(s1, s2, ss, s12);
        }
    }

    private static double Window(BlockSums a, BlockSums b, BlockSums c, BlockSums d)
    {
        const double C1 = (int)((.01 * .01 * 255 * 255 * 64) + .5);
        const double C2 = (int)((.03 * .03 * 255 * 255 * 64 * 63) + .5);
        double s1 = a.S1 + b.S1 + c.S1 + d.S1;
        double s2 = a.S2 + b.S2 + c.S2 + d.S2;
        double ss = a.Ss + b.Ss + c.Ss + d.Ss;
        double s12 = a.S12 + b.S12 + c.S12 + d.S12;
        var variance = (ss * 64) - (s1 * s1) - (s2 * s2);
        var covariance = (s12 * 64) - (s1 * s2);
        return ((2 * s1 * s2) + C1) * ((2 * covariance) + C2) / (((s1 * s1) + (s2 * s2) + C1) * (variance + C2));
    }

    private readonly record struct BlockSums(int S1, int S2, int Ss, int S12);
}
