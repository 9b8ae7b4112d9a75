using OpenCvSharp;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// Turns an I420 picture into one stacked picture of a model's float input: scaled to the model's
/// size by area averaging (each plane, when the frame is larger: the luma to the model's size
/// rounded up to even, the chroma to half that; by the whole factor of each axis first, then the
/// rest), converted to RGB (or BGR) with OpenCV's BT.601
/// conversion, samples divided by 255, then <c>(x − mean) / std</c> per channel, written in the
/// model's layout.
/// </summary>
/// <remarks>
/// The training tool feeds the default model through this same class, so what the model learnt
/// from and what it sees in a swarm are prepared identically. One thread at a time.
/// </remarks>
public sealed class ModelPictureWriter : IDisposable
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _frames;
    private readonly PictureLayout _layout;
    private readonly ColorConversionCodes _conversion;
    private readonly Scalar _mean;
    private readonly Scalar _std;
    private readonly Mat _colour = new();
    private readonly Mat _small = new();
    private readonly Mat _floats = new();
    private readonly Mat _blocks = new();
    private readonly int _reducedWidth;
    private readonly int _reducedHeight;
    private readonly byte[] _reduced; // the picture scaled to (about) the model's size, still I420

    /// <summary>Prepares for pictures of one model input.</summary>
    /// <param name="width">The model's picture width.</param>
    /// <param name="height">The model's picture height.</param>
    /// <param name="frames">Pictures stacked along the channel axis.</param>
    /// <param name="settings">Layout, channel order and normalisation.</param>
    public ModelPictureWriter(int width, int height, int frames, ContentTypeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _width = width;
        _height = height;
        _frames = frames;
        _layout = settings.Layout;
        _conversion = settings.Bgr ? ColorConversionCodes.YUV2BGR_I420 : ColorConversionCodes.YUV2RGB_I420;
        _mean = new Scalar(settings.Mean[0], settings.Mean[1], settings.Mean[2]);
        _std = new Scalar(settings.Std[0], settings.Std[1], settings.Std[2]);
        _reducedWidth = (width + 1) & ~1;
        _reducedHeight = (height + 1) & ~1;
        _reduced = new byte[_reducedWidth * _reducedHeight * 3 / 2];
    }

    /// <summary>Floats in the whole input (all stacked pictures).</summary>
    public int InputLength => 3 * _frames * _width * _height;

    /// <summary>Writes one picture into its place in the input.</summary>
    /// <param name="i420">The picture: Y plane, then U and V planes of a quarter size each, no padding.</param>
    /// <param name="width">Its width (even).</param>
    /// <param name="height">Its height (even).</param>
    /// <param name="slot">Which stacked picture this is, 0 for the oldest.</param>
    /// <param name="input">The whole input, <see cref="InputLength"/> floats.</param>
    public unsafe void Write(ReadOnlySpan<byte> i420, int width, int height, int slot, Span<float> input)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, _frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(i420.Length, width * height * 3 / 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Length, InputLength);
        fixed (byte* pixels = i420)
        {
            if (width > _reducedWidth && height > _reducedHeight)
            {
                // Scale the planes down first, then convert the small picture: the colour conversion then costs what the model's size costs, not the frame's.
                fixed (byte* reduced = _reduced)
                {
                    Reduce(pixels, width, height, reduced);
                    using var small = Mat.FromPixelData(_reducedHeight * 3 / 2, _reducedWidth, MatType.CV_8UC1, (IntPtr)reduced);
                    Cv2.CvtColor(small, _colour, _conversion);
                }
            }
            else
            {
                using var yuv = Mat.FromPixelData(height * 3 / 2, width, MatType.CV_8UC1, (IntPtr)pixels);
                Cv2.CvtColor(yuv, _colour, _conversion);
            }
        }

        if (_colour.Width == _width && _colour.Height == _height)
        {
            _colour.CopyTo(_small);
        }
        else
        {
            Cv2.Resize(_colour, _small, new Size(_width, _height), 0, 0, InterpolationFlags.Area);
        }
        _small.ConvertTo(_floats, MatType.CV_32FC3, 1.0 / 255);
        Cv2.Subtract(_floats, _mean, _floats);
        Cv2.Divide(_floats, _std, _floats);
        var area = _width * _height;
        if (_layout == PictureLayout.Nhwc)
        {
            Copy(_floats, input, slot * 3, 3 * _frames, area * 3);
            return;
        }

        Cv2.Split(_floats, out var planes);
        try
        {
            for (var c = 0; c < 3; c++)
            {
                Copy(planes[c], input[(((slot * 3) + c) * area)..], 0, 1, area);
            }
        }
        finally
        {
            foreach (var plane in planes)
            {
                plane.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _colour.Dispose();
        _small.Dispose();
        _floats.Dispose();
        _blocks.Dispose();
    }

    /// <summary>Scales each plane of an I420 picture to the reduced size by area averaging, into <paramref name="reduced"/> (I420 too).</summary>
    private unsafe void Reduce(byte* pixels, int width, int height, byte* reduced)
    {
        var (w, h) = (_reducedWidth, _reducedHeight);
        using (var y = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)pixels))
        using (var yOut = Mat.FromPixelData(h, w, MatType.CV_8UC1, (IntPtr)reduced))
        {
            AreaScale(y, yOut);
        }

        for (var plane = 0; plane < 2; plane++)
        {
            var source = pixels + (width * height) + (plane * (width / 2) * (height / 2));
            var target = reduced + (w * h) + (plane * (w / 2) * (h / 2));
            using var chroma = Mat.FromPixelData(height / 2, width / 2, MatType.CV_8UC1, (IntPtr)source);
            using var chromaOut = Mat.FromPixelData(h / 2, w / 2, MatType.CV_8UC1, (IntPtr)target);
            AreaScale(chroma, chromaOut);
        }
    }

    /// <summary>
    /// Area averaging in two steps: first by the whole factor of each axis (OpenCV's fast path for
    /// integer factors; the last columns or rows that do not fill a block are left out), then the
    /// remaining factor (below 2). At 1080p this costs about a fifth of one general area step. The
    /// source is larger than the target on both axes (<see cref="Write"/> reduces only then).
    /// </summary>
    private void AreaScale(Mat source, Mat target)
    {
        var (kx, ky) = (source.Width / target.Width, source.Height / target.Height);
        if (kx < 2 && ky < 2)
        {
            Cv2.Resize(source, target, target.Size(), 0, 0, InterpolationFlags.Area);
            return;
        }

        using var whole = new Mat(source, new Rect(0, 0, source.Width / kx * kx, source.Height / ky * ky));
        Cv2.Resize(whole, _blocks, new Size(whole.Width / kx, whole.Height / ky), 0, 0, InterpolationFlags.Area);
        Cv2.Resize(_blocks, target, target.Size(), 0, 0, InterpolationFlags.Area);
    }

    /// <summary>Copies a continuous float Mat's samples to <paramref name="destination"/>, every pixel's channels to offset + k·stride.</summary>
    private static unsafe void Copy(Mat source, Span<float> destination, int offset, int stride, int count)
    {
        var samples = new ReadOnlySpan<float>((void*)source.Data, count);
        var channels = source.Channels();
        if (stride == 1 && channels == 1)
        {
            samples.CopyTo(destination);
            return;
        }

        for (int pixel = 0, k = 0; k < count; pixel++, k += channels)
        {
            for (var c = 0; c < channels; c++)
            {
                destination[offset + (pixel * stride) + c] = samples[k + c];
            }
        }
    }
}
