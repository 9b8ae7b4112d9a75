using System.Buffers;
using System.Globalization;
using OpenCvSharp;
using SwarmHost.Abstractions;

namespace SwarmHost.Combiners.Blend;

/// <summary>
/// Motion-compensated frame interpolation: builds the picture at time t between two pictures from
/// dense optical flow (OpenCV's Farnebäck) computed both ways on luma.
/// </summary>
/// <remarks>
/// <para>Formulation (the linear-motion approximation of Jiang et al., "Super SloMo", CVPR 2018):
/// with F₀₁ the flow from <c>before</c> to <c>after</c> and F₁₀ the flow back, the flow from the
/// wanted picture at t ∈ [0, 1] to each neighbour is approximated as
/// F<sub>t→0</sub> = −(1−t)·t·F₀₁ + t²·F₁₀ and F<sub>t→1</sub> = (1−t)²·F₀₁ − t·(1−t)·F₁₀. Each
/// neighbour is backward-warped with its flow (<see cref="Cv2.Remap(InputArray, OutputArray, InputArray, InputArray, InterpolationFlags, BorderTypes, Scalar?)"/>,
/// bilinear, edges replicated), and the two warps are blended (1−t)·warp₀ + t·warp₁, so the
/// nearer neighbour counts more and where one flow is wrong (occlusions) the other softens it.</para>
/// <para>Flow is computed at <see cref="FlowScale"/> of the picture size (Farnebäck at 720p costs
/// ~150 ms, at 320×180 ~8 ms), then resized to the luma size with its vectors scaled by the size
/// ratio per axis, and to the chroma size (half in each direction, 4:2:0) with the vectors halved
/// accordingly. The flows of the last pair of pictures are kept, so filling several slots between
/// the same two pictures computes them once.</para>
/// <para>One thread at a time. Inputs are read only and not released; every result is a new
/// pooled picture the caller owns.</para>
/// </remarks>
public sealed class MotionInterpolator : IDisposable
{
    private readonly Plane _luma = new();
    private readonly Plane _chroma = new();
    private readonly Mat _smallBefore = new();
    private readonly Mat _smallAfter = new();
    private readonly Mat _smallForward = new();
    private readonly Mat _smallBackward = new();
    private (VideoFrame Before, VideoFrame After)? _pair;
    private bool _disposed;

    /// <summary>Creates an interpolator.</summary>
    /// <param name="flowScale">The fraction of the picture size the optical flow is computed at, in (0, 1]: 1 is most precise, 0.5 about four times faster.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flowScale"/> is not in (0, 1].</exception>
    public MotionInterpolator(double flowScale = BlendSettings.DefaultFlowScale)
    {
        if (!(flowScale > 0 && flowScale <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(flowScale), flowScale, "Give the flow scale as a fraction of the picture size in (0, 1], e.g. 0.5.");
        }

        FlowScale = flowScale;
    }

    /// <summary>The fraction of the picture size the optical flow is computed at.</summary>
    public double FlowScale { get; }

    /// <summary>Builds the picture at time <paramref name="t"/> between <paramref name="before"/> (t = 0) and <paramref name="after"/> (t = 1).</summary>
    /// <param name="before">The earlier picture; read only, not released.</param>
    /// <param name="after">The later picture, the same size; read only, not released.</param>
    /// <param name="t">Where the wanted picture lies between the two, in [0, 1]; e.g. 0.5 for the middle one of three.</param>
    /// <param name="sequence">The new picture's sequence number.</param>
    /// <param name="timestampNs">The new picture's timestamp.</param>
    /// <param name="durationNs">The new picture's duration.</param>
    /// <returns>A new pooled picture; the caller owns its one reference.</returns>
    /// <exception cref="ArgumentException">The pictures differ in size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is outside [0, 1].</exception>
    public unsafe VideoFrame Interpolate(VideoFrame before, VideoFrame after, double t, long sequence, long timestampNs, long durationNs)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (before.Width != after.Width || before.Height != after.Height)
        {
            throw new ArgumentException($"Interpolation needs two pictures of one size; got {before.Width}x{before.Height} and {after.Width}x{after.Height}. Decode both at the profile size.", nameof(after));
        }

        if (!(t >= 0 && t <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, string.Create(CultureInfo.InvariantCulture, $"t is the position between the two pictures and must be in [0, 1]; got {t}."));
        }

        var (width, height) = (before.Width, before.Height);
        using var beforePin = before.Planes.Pin();
        using var afterPin = after.Planes.Pin();
        var size = VideoFrame.BufferSize(width, height);
        var owner = MemoryPool<byte>.Shared.Rent(size);
        try
        {
            using var outPin = owner.Memory.Pin();
            var b = (byte*)beforePin.Pointer;
            var a = (byte*)afterPin.Pointer;
            var o = (byte*)outPin.Pointer;
            int lumaSize = width * height, chromaSize = lumaSize / 4;
            using var lumaBefore = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)b);
            using var lumaAfter = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)a);
            if (_pair is not { } pair || !ReferenceEquals(pair.Before, before) || !ReferenceEquals(pair.After, after) || _luma.Grid.Width != width || _luma.Grid.Height != height)
            {
                _pair = null;
                ComputeFlows(lumaBefore, lumaAfter);
                _pair = (before, after);
            }

            _luma.Maps(t);
            _chroma.Maps(t);
            using (var lumaOut = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)o))
            {
                _luma.Warp(lumaBefore, lumaAfter, lumaOut, t);
            }

            for (var plane = 0; plane < 2; plane++)
            {
                var offset = lumaSize + (plane * chromaSize);
                using var chromaBefore = Mat.FromPixelData(height / 2, width / 2, MatType.CV_8UC1, (IntPtr)(b + offset));
                using var chromaAfter = Mat.FromPixelData(height / 2, width / 2, MatType.CV_8UC1, (IntPtr)(a + offset));
                using var chromaOut = Mat.FromPixelData(height / 2, width / 2, MatType.CV_8UC1, (IntPtr)(o + offset));
                _chroma.Warp(chromaBefore, chromaAfter, chromaOut, t);
            }

            return new VideoFrame(owner, width, height, sequence, timestampNs, durationNs);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _pair = null;
        _luma.Dispose();
        _chroma.Dispose();
        _smallBefore.Dispose();
        _smallAfter.Dispose();
        _smallForward.Dispose();
        _smallBackward.Dispose();
    }

    private void ComputeFlows(Mat before, Mat after)
    {
        var (width, height) = (before.Width, before.Height);
        var small = new Size(Math.Max(8, (int)Math.Round(width * FlowScale)), Math.Max(8, (int)Math.Round(height * FlowScale)));
        if (small.Width >= width || small.Height >= height)
        {
            before.CopyTo(_smallBefore);
            after.CopyTo(_smallAfter);
            small = new Size(width, height);
        }
        else
        {
            Cv2.Resize(before, _smallBefore, small, 0, 0, InterpolationFlags.Area);
            Cv2.Resize(after, _smallAfter, small, 0, 0, InterpolationFlags.Area);
        }

        // pyramid down to ~1/16 of the flow size: follows motion of tens of pixels; a 15-pixel window is robust to noise and coding artefacts
        Cv2.CalcOpticalFlowFarneback(_smallBefore, _smallAfter, _smallForward, 0.5, 4, 15, 3, 5, 1.2, 0);
        Cv2.CalcOpticalFlowFarneback(_smallAfter, _smallBefore, _smallBackward, 0.5, 4, 15, 3, 5, 1.2, 0);
        _luma.SetFlows(_smallForward, _smallBackward, width, height);
        _chroma.SetFlows(_smallForward, _smallBackward, width / 2, height / 2);
    }

    /// <summary>The flows, sampling grid, maps and work pictures of one plane size (luma, or chroma shared by Cb and Cr).</summary>
    private sealed class Plane : IDisposable
    {
        private readonly Mat _forward = new();
        private readonly Mat _backward = new();
        private readonly Mat _flow = new();
        private readonly Mat _mapBefore = new();
        private readonly Mat _mapAfter = new();
        private readonly Mat _warpBefore = new();
        private readonly Mat _warpAfter = new();

        public Mat Grid { get; private set; } = new();

        /// <summary>Resizes the small flows to this plane's size and scales their vectors by the same ratio per axis.</summary>
        public void SetFlows(Mat forward, Mat backward, int width, int height)
        {
            if (Grid.Width != width || Grid.Height != height)
            {
                Grid.Dispose();
                Grid = BuildGrid(width, height);
            }

            var ratio = new Scalar(width / (double)forward.Width, height / (double)forward.Height);
            Resample(forward, _forward, width, height, ratio);
            Resample(backward, _backward, width, height, ratio);
        }

        /// <summary>The sampling maps for time t: grid + F(t→0) into the earlier picture, grid + F(t→1) into the later one.</summary>
        public void Maps(double t)
        {
            Cv2.AddWeighted(_forward, -(1 - t) * t, _backward, t * t, 0, _flow);
            Cv2.Add(_flow, Grid, _mapBefore);
            Cv2.AddWeighted(_forward, (1 - t) * (1 - t), _backward, -t * (1 - t), 0, _flow);
            Cv2.Add(_flow, Grid, _mapAfter);
        }

        /// <summary>Warps both pictures with the current maps and blends them (1−t, t) into <paramref name="output"/> (a header over the result's plane).</summary>
        public void Warp(Mat before, Mat after, Mat output, double t)
        {
            using var none = new Mat();
            Cv2.Remap(before, _warpBefore, _mapBefore, none, InterpolationFlags.Linear, BorderTypes.Replicate);
            Cv2.Remap(after, _warpAfter, _mapAfter, none, InterpolationFlags.Linear, BorderTypes.Replicate);
            Cv2.AddWeighted(_warpBefore, 1 - t, _warpAfter, t, 0, output);
        }

        public void Dispose()
        {
            Grid.Dispose();
            _forward.Dispose();
            _backward.Dispose();
            _flow.Dispose();
            _mapBefore.Dispose();
            _mapAfter.Dispose();
            _warpBefore.Dispose();
            _warpAfter.Dispose();
        }

        private static void Resample(Mat small, Mat target, int width, int height, Scalar ratio)
        {
            if (small.Width == width && small.Height == height)
            {
                small.CopyTo(target);
            }
            else
            {
                Cv2.Resize(small, target, new Size(width, height), 0, 0, InterpolationFlags.Linear);
            }

            Cv2.Multiply(target, ratio, target);
        }

        /// <summary>A two-channel float picture holding (x, y) at every pixel: the identity map.</summary>
        private static Mat BuildGrid(int width, int height)
        {
            var points = new float[width * height * 2];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    points[2 * ((y * width) + x)] = x;
                    points[(2 * ((y * width) + x)) + 1] = y;
                }
            }

            using var view = Mat.FromPixelData(height, width, MatType.CV_32FC2, points);
            var grid = view.Clone();
            return grid;
        }
    }
}
