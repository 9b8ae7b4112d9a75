using System.Diagnostics;
using OpenCvSharp;
using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.Complexity;

/// <summary>
/// Measures one frame's content (see <see cref="ComplexityAnalyzerFactory"/> for the metrics and
/// the complexity mapping) with OpenCV.
/// </summary>
/// <remarks>
/// <para>Luma is taken as limited range (16–235) and expanded to full range exactly as FFmpeg's
/// <c>siti</c> filter does (255·clamp(y−16, 0, 219)/219, integer), so SI and TI agree with it on the
/// same pictures. SI is the standard deviation of the Sobel gradient magnitude over the interior
/// pixels; TI the standard deviation of the pixel difference from the previous frame (0 for the
/// first frame).</para>
/// <para>Fast action = clamp(0.7·motionMean/fastMotionScale + 0.3·TI/tiScale, 0, 1). Low light =
/// 0.5·clamp((3·darkLuma − meanLuma)/(2·darkLuma), 0, 1) + 0.5·darkFraction. Noise is Immerkær's
/// estimate (σ of a Laplacian-difference kernel response), in full-range luma levels.</para>
/// <para>Keeps the previous frame's analysis picture, so each frame is prepared once. One thread at a time.</para>
/// </remarks>
public sealed class ComplexityAnalyzer(ComplexitySettings settings) : IContentAnalyzer
{
    private const int MotionWidth = 320;
    private const int GridColumns = 16;
    private const int GridRows = 9;
    private static readonly Mat FullRange = BuildFullRangeTable();
    private static readonly Mat NoiseKernel = Mat.FromPixelData(3, 3, MatType.CV_32FC1, new float[] { 1, -2, 1, -2, 4, -2, 1, -2, 1 });

    private Prepared? _previous;

    /// <inheritdoc />
    public void Open(OutputProfile profile)
    {
    }

    /// <inheritdoc />
    public void Analyze(VideoFrame frame, VideoFrame? previous, ContentReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(report);
        var started = Stopwatch.GetTimestamp();
        var current = Prepare(frame);
        var before = previous is null ? null : _previous?.Sequence == previous.Sequence ? _previous : Prepare(previous);
        if (before is not null && !ReferenceEquals(before, _previous))
        {
            _previous?.Dispose();
        }

        var si = SpatialInformation(current.Full);
        var ti = before is null || before.Full.Size() != current.Full.Size() ? 0 : TemporalInformation(current.FullFloat, before.FullFloat);
        var edges = EdgeDensity(current.Full);
        var (motionMean, motionVariance) = before is null || before.Motion.Size() != current.Motion.Size() ? (0.0, 0.0) : Motion(before.Motion, current.Motion, current.Full.Width / (double)current.Motion.Width);
        var sceneCut = before is not null && Cv2.CompareHist(before.Histogram, current.Histogram, HistCompMethods.Bhattacharyya) > settings.SceneCutDistance;
        var (meanLuma, darkFraction) = Brightness(current.Full);
        var fastAction = Math.Clamp((0.7 * motionMean / settings.FastMotionScale) + (0.3 * ti / settings.TiScale), 0, 1);
        var lowLight = (0.5 * Math.Clamp(((3 * settings.DarkLuma) - meanLuma) / (2 * settings.DarkLuma), 0, 1)) + (0.5 * darkFraction);

        report.Set(ContentMetrics.SpatialInformation, si);
        report.Set(ContentMetrics.TemporalInformation, ti);
        report.Set(ContentMetrics.EdgeDensity, edges);
        report.Set(ContentMetrics.MotionMean, motionMean);
        report.Set(ContentMetrics.MotionVariance, motionVariance);
        report.Set(ContentMetrics.SceneCut, sceneCut ? 1 : 0);
        report.Set(ContentMetrics.FastAction, fastAction);
        report.Set(ComplexityMetrics.FastActionFlag, fastAction >= settings.FastActionThreshold ? 1 : 0);
        report.Set(ContentMetrics.LowLight, lowLight);
        report.Set(ComplexityMetrics.LowLightFlag, lowLight >= settings.LowLightThreshold ? 1 : 0);
        report.Set(ComplexityMetrics.MeanLuma, meanLuma);
        report.Set(ComplexityMetrics.DarkFraction, darkFraction);
        report.Set(ComplexityMetrics.Noise, Noise(current.FullFloat));
        report.Set(ContentMetrics.Complexity, Complexity(si, ti, edges, motionVariance));
        report.Set(ComplexityMetrics.AnalysisMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        if (!ReferenceEquals(before, _previous))
        {
            before?.Dispose();
        }

        _previous?.Dispose();
        _previous = current;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _previous?.Dispose();
        _previous = null;
    }

    /// <summary>The complexity mapping (see the component description).</summary>
    public double Complexity(double si, double ti, double edges, double motionVariance)
    {
        var total = settings.SiWeight + settings.TiWeight + settings.EdgeWeight + settings.MotionWeight;
        if (total <= 0)
        {
            return 0;
        }

        var score = (settings.SiWeight * Math.Min(si / settings.SiScale, 1))
            + (settings.TiWeight * Math.Min(ti / settings.TiScale, 1))
            + (settings.EdgeWeight * Math.Min(edges / settings.EdgeScale, 1))
            + (settings.MotionWeight * Math.Min(motionVariance / settings.MotionVarianceScale, 1));
        return Math.Clamp(score / total, 0, 1);
    }

    private static Mat BuildFullRangeTable()
    {
        var table = new byte[256];
        for (var y = 0; y < 256; y++)
        {
            table[y] = (byte)(255 * Math.Clamp(y - 16, 0, 219) / 219);
        }

        return Mat.FromPixelData(1, 256, MatType.CV_8UC1, table).Clone();
    }

    private unsafe Prepared Prepare(VideoFrame frame)
    {
        using var pin = frame.Y.Pin();
        using var luma = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC1, (IntPtr)pin.Pointer);
        var full = new Mat();
        if (frame.Width > settings.AnalysisWidth)
        {
            using var small = new Mat();
            var height = Math.Max(2, (int)Math.Round(frame.Height * (double)settings.AnalysisWidth / frame.Width));
            Cv2.Resize(luma, small, new Size(settings.AnalysisWidth, height), 0, 0, InterpolationFlags.Area);
            Cv2.LUT(small, FullRange, full);
        }
        else
        {
            Cv2.LUT(luma, FullRange, full);
        }

        var fullFloat = new Mat();
        full.ConvertTo(fullFloat, MatType.CV_32FC1);
        var motion = new Mat();
        if (full.Width > MotionWidth)
        {
            Cv2.Resize(full, motion, new Size(MotionWidth, Math.Max(2, full.Height * MotionWidth / full.Width)), 0, 0, InterpolationFlags.Area);
        }
        else
        {
            full.CopyTo(motion);
        }

        var histogram = new Mat();
        Cv2.CalcHist([full], [0], null, histogram, 1, [32], [new Rangef(0, 256)]);
        Cv2.Normalize(histogram, histogram, 1, 0, NormTypes.L1);
        return new Prepared(frame.Sequence, full, fullFloat, motion, histogram);
    }

    private static double SpatialInformation(Mat full)
    {
        using var gx = new Mat();
        using var gy = new Mat();
        using var magnitude = new Mat();
        Cv2.Sobel(full, gx, MatType.CV_32F, 1, 0, 3);
        Cv2.Sobel(full, gy, MatType.CV_32F, 0, 1, 3);
        Cv2.Magnitude(gx, gy, magnitude);
        using var interior = new Mat(magnitude, new Rect(1, 1, full.Width - 2, full.Height - 2));
        Cv2.MeanStdDev(interior, out _, out var deviation);
        return deviation.Val0;
    }

    private static double TemporalInformation(Mat current, Mat previous)
    {
        using var difference = new Mat();
        Cv2.Subtract(current, previous, difference);
        Cv2.MeanStdDev(difference, out _, out var deviation);
        return deviation.Val0;
    }

    private double EdgeDensity(Mat full)
    {
        using var edges = new Mat();
        Cv2.Canny(full, edges, settings.CannyLow, settings.CannyHigh);
        return Cv2.CountNonZero(edges) / (double)(full.Width * full.Height);
    }

    private static (double Mean, double Variance) Motion(Mat previous, Mat current, double scale)
    {
        var points = new Point2f[GridColumns * GridRows];
        for (var row = 0; row < GridRows; row++)
        {
            for (var column = 0; column < GridColumns; column++)
            {
                points[(row * GridColumns) + column] = new Point2f((column + 0.5f) * current.Width / GridColumns, (row + 0.5f) * current.Height / GridRows);
            }
        }

        var moved = Array.Empty<Point2f>();
        Cv2.CalcOpticalFlowPyrLK(previous, current, points, ref moved, out var status, out _, new Size(15, 15), 2);
        var vectors = points.Zip(moved, status).Where(p => p.Third == 1).Select(p => ((p.Second.X - p.First.X) * scale, (p.Second.Y - p.First.Y) * scale)).ToList();
        if (vectors.Count == 0)
        {
            return (0, 0);
        }

        var meanX = vectors.Average(v => v.Item1);
        var meanY = vectors.Average(v => v.Item2);
        var magnitude = vectors.Average(v => Math.Sqrt((v.Item1 * v.Item1) + (v.Item2 * v.Item2)));
        var variance = vectors.Average(v => ((v.Item1 - meanX) * (v.Item1 - meanX)) + ((v.Item2 - meanY) * (v.Item2 - meanY)));
        return (magnitude, variance);
    }

    private (double Mean, double DarkFraction) Brightness(Mat full)
    {
        using var dark = new Mat();
        Cv2.Threshold(full, dark, settings.DarkLuma - 1, 255, ThresholdTypes.BinaryInv);
        return (Cv2.Mean(full).Val0, Cv2.CountNonZero(dark) / (double)(full.Width * full.Height));
    }

    private static double Noise(Mat fullFloat)
    {
        using var response = new Mat();
        Cv2.Filter2D(fullFloat, response, MatType.CV_32F, NoiseKernel);
        using var interior = new Mat(response, new Rect(1, 1, fullFloat.Width - 2, fullFloat.Height - 2));
        using var absolute = new Mat();
        Cv2.Absdiff(interior, Scalar.All(0), absolute);
        return Math.Sqrt(Math.PI / 2) * Cv2.Sum(absolute).Val0 / (6.0 * interior.Width * interior.Height);
    }

    /// <summary>One frame made ready for analysis.</summary>
    private sealed record Prepared(long Sequence, Mat Full, Mat FullFloat, Mat Motion, Mat Histogram) : IDisposable
    {
        public void Dispose()
        {
            Full.Dispose();
            FullFloat.Dispose();
            Motion.Dispose();
            Histogram.Dispose();
        }
    }
}
