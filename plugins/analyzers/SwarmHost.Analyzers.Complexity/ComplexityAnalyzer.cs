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
    private const int Block = 16;
    private static readonly Mat FullRange = BuildFullRangeTable();
    private static readonly Mat NoiseKernel = Mat.FromPixelData(3, 3, MatType.CV_32FC1, new float[] { 1, -2, 1, -2, 4, -2, 1, -2, 1 });

    private readonly Mat _gx = new();
    private readonly Mat _gy = new();
    private readonly Mat _work = new();
    private readonly Mat _work2 = new();
    private readonly Mat _small = new();
    private readonly Mat _texture = new();
    private readonly Mat _textureAbs = new();
    private readonly Mat _textureFloat = new();
    private readonly Mat _blocks = new();
    private Prepared? _previous;
    private Prepared? _spare;

    /// <inheritdoc />
    public void Open(OutputProfile profile) => Cv2.SetNumThreads(settings.Threads);

    /// <inheritdoc />
    public void Analyze(VideoFrame frame, VideoFrame? previous, ContentReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(report);
        var started = Stopwatch.GetTimestamp();
        if (previous is not null && _previous?.Sequence != previous.Sequence)
        {
            _previous = Prepare(previous, _previous ?? new Prepared());
        }

        var before = previous is null ? null : _previous;
        var current = Prepare(frame, _spare ?? new Prepared());

        var si = SpatialInformation(current.Full);
        var ti = before is null || before.Full.Size() != current.Full.Size() ? 0 : TemporalInformation(current.FullFloat, before.FullFloat);
        var edges = EdgeDensity(current.Full);
        var comparable = before is not null && before.Motion.Size() == current.Motion.Size() && before.Full.Size() == current.Full.Size();
        var (motionMean, motionVariance) = comparable ? Motion(before!.Motion, current.Motion, current.Full.Width / (double)current.Motion.Width) : (0.0, 0.0);
        var textureEnergy = current.Blocks.Average();
        var textureChange = comparable ? TextureChange(current.Blocks, before!.Blocks) : 0;
        var sceneCut = before is not null && Cv2.CompareHist(before.Histogram, current.Histogram, HistCompMethods.Bhattacharyya) > settings.SceneCutDistance;
        var (meanLuma, darkFraction) = Brightness(current.Full);
        var fastAction = Math.Clamp((0.7 * motionMean / settings.FastMotionScale) + (0.3 * ti / settings.TiScale), 0, 1);
        var lowLight = (0.5 * Math.Clamp(((3 * settings.DarkLuma) - meanLuma) / (2 * settings.DarkLuma), 0, 1)) + (0.5 * darkFraction);

        report.Set(ContentMetrics.SpatialInformation, si);
        report.Set(ContentMetrics.TemporalInformation, ti);
        report.Set(ContentMetrics.EdgeDensity, edges);
        report.Set(ContentMetrics.MotionMean, motionMean);
        report.Set(ContentMetrics.MotionVariance, motionVariance);
        report.Set(ComplexityMetrics.TextureEnergy, textureEnergy);
        report.Set(ComplexityMetrics.TextureChange, textureChange);
        report.Set(ContentMetrics.SceneCut, sceneCut ? 1 : 0);
        report.Set(ContentMetrics.FastAction, fastAction);
        report.Set(ComplexityMetrics.FastActionFlag, fastAction >= settings.FastActionThreshold ? 1 : 0);
        report.Set(ContentMetrics.LowLight, lowLight);
        report.Set(ComplexityMetrics.LowLightFlag, lowLight >= settings.LowLightThreshold ? 1 : 0);
        report.Set(ComplexityMetrics.MeanLuma, meanLuma);
        report.Set(ComplexityMetrics.DarkFraction, darkFraction);
        var noise = Noise(current.FullFloat);
        report.Set(ComplexityMetrics.Noise, noise);
        var logKbit = settings.CostModel.LogKbit(EncodingCostModel.Features(si, ti, edges, motionVariance, noise, textureEnergy, textureChange));
        report.Set(ComplexityMetrics.CostKbit, Math.Exp(logKbit));
        report.Set(ContentMetrics.Complexity, settings.CostModel.Complexity(logKbit));
        report.Set(ComplexityMetrics.AnalysisMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        (_spare, _previous) = (_previous, current); // the buffers are reused for the next frame
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _previous?.Dispose();
        _spare?.Dispose();
        _previous = _spare = null;
        _gx.Dispose();
        _gy.Dispose();
        _work.Dispose();
        _work2.Dispose();
        _small.Dispose();
        _texture.Dispose();
        _textureAbs.Dispose();
        _textureFloat.Dispose();
        _blocks.Dispose();
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

    private unsafe Prepared Prepare(VideoFrame frame, Prepared into)
    {
        using var pin = frame.Y.Pin();
        using var luma = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC1, (IntPtr)pin.Pointer);
        if (frame.Width > settings.AnalysisWidth)
        {
            var height = Math.Max(2, (int)Math.Round(frame.Height * (double)settings.AnalysisWidth / frame.Width));
            Cv2.Resize(luma, _small, new Size(settings.AnalysisWidth, height), 0, 0, InterpolationFlags.Area);
            Cv2.LUT(_small, FullRange, into.Full);
        }
        else
        {
            Cv2.LUT(luma, FullRange, into.Full);
        }

        into.Full.ConvertTo(into.FullFloat, MatType.CV_32FC1);
        if (into.Full.Width > MotionWidth)
        {
            Cv2.Resize(into.Full, into.Motion, new Size(MotionWidth, Math.Max(2, into.Full.Height * MotionWidth / into.Full.Width)), 0, 0, InterpolationFlags.Area);
        }
        else
        {
            into.Full.CopyTo(into.Motion);
        }

        Cv2.CalcHist([into.Full], [0], null, into.Histogram, 1, [32], [new Rangef(0, 256)]);
        Cv2.Normalize(into.Histogram, into.Histogram, 1, 0, NormTypes.L1);
        TextureEnergy(into);
        into.Sequence = frame.Sequence;
        return into;
    }

    private double SpatialInformation(Mat full)
    {
        Cv2.Sobel(full, _gx, MatType.CV_32F, 1, 0, 3);
        Cv2.Sobel(full, _gy, MatType.CV_32F, 0, 1, 3);
        Cv2.Magnitude(_gx, _gy, _work);
        using var interior = new Mat(_work, new Rect(1, 1, full.Width - 2, full.Height - 2));
        Cv2.MeanStdDev(interior, out _, out var deviation);
        return deviation.Val0;
    }

    private double TemporalInformation(Mat current, Mat previous)
    {
        Cv2.Subtract(current, previous, _work);
        Cv2.MeanStdDev(_work, out _, out var deviation);
        return deviation.Val0;
    }

    private double EdgeDensity(Mat full)
    {
        Cv2.Canny(full, _work2, settings.CannyLow, settings.CannyHigh);
        return Cv2.CountNonZero(_work2) / (double)(full.Width * full.Height);
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

    /// <summary>Per 16×16 block, the mean absolute Laplacian (saturated at 255): the fine texture an intra coder has to spend bits on.</summary>
    private void TextureEnergy(Prepared frame)
    {
        Cv2.Laplacian(frame.Full, _texture, MatType.CV_16S, 1);
        Cv2.ConvertScaleAbs(_texture, _textureAbs);
        var size = new Size(Math.Max(1, frame.Full.Width / Block), Math.Max(1, frame.Full.Height / Block));
        using (var whole = new Mat(_textureAbs, new Rect(0, 0, Math.Min(frame.Full.Width, size.Width * Block), Math.Min(frame.Full.Height, size.Height * Block))))
        {
            whole.ConvertTo(_textureFloat, MatType.CV_32F);
        }

        Cv2.Resize(_textureFloat, _blocks, size, 0, 0, InterpolationFlags.Area);
        if (frame.Blocks.Length != size.Width * size.Height)
        {
            frame.Blocks = new double[size.Width * size.Height];
        }

        _blocks.GetArray(out float[] values);
        for (var i = 0; i < values.Length; i++)
        {
            frame.Blocks[i] = values[i];
        }
    }

    /// <summary>The mean absolute change of the blocks' texture energy from the previous frame.</summary>
    private static double TextureChange(double[] current, double[] previous) =>
        current.Length != previous.Length || current.Length == 0 ? 0 : current.Zip(previous, (a, b) => Math.Abs(a - b)).Average();

    private (double Mean, double DarkFraction) Brightness(Mat full)
    {
        Cv2.Threshold(full, _work2, settings.DarkLuma - 1, 255, ThresholdTypes.BinaryInv);
        return (Cv2.Mean(full).Val0, Cv2.CountNonZero(_work2) / (double)(full.Width * full.Height));
    }

    private double Noise(Mat fullFloat)
    {
        Cv2.Filter2D(fullFloat, _work, MatType.CV_32F, NoiseKernel);
        using var interior = new Mat(_work, new Rect(1, 1, fullFloat.Width - 2, fullFloat.Height - 2));
        return Math.Sqrt(Math.PI / 2) * Cv2.Norm(interior, NormTypes.L1) / (6.0 * interior.Width * interior.Height);
    }

    /// <summary>One frame made ready for analysis (buffers reused frame after frame).</summary>
    private sealed class Prepared : IDisposable
    {
        public long Sequence { get; set; } = -1;

        public Mat Full { get; } = new();

        public Mat FullFloat { get; } = new();

        public Mat Motion { get; } = new();

        public Mat Histogram { get; } = new();

        public double[] Blocks { get; set; } = [];

        public void Dispose()
        {
            Full.Dispose();
            FullFloat.Dispose();
            Motion.Dispose();
            Histogram.Dispose();
        }
    }
}
