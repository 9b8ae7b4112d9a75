using System.Buffers;
using SwarmHost.Abstractions;

namespace SwarmHost.Media.Interop;

/// <summary>Copies between AVFrames and packed I420 buffers, converting with libswscale where the layout differs.</summary>
internal static unsafe class NativePicture
{
    /// <summary>Copies packed I420 planes into a writable yuv420p AVFrame of the same size.</summary>
    public static void CopyInto(nint target, ReadOnlySpan<byte> y, ReadOnlySpan<byte> u, ReadOnlySpan<byte> v, int width, int height)
    {
        var f = (byte*)target;
        CopyPlane(y, width, height, *(byte**)(f + StableLayout.FrameData), *(int*)(f + StableLayout.FrameLinesize));
        CopyPlane(u, width / 2, height / 2, *(byte**)(f + StableLayout.FrameData + 8), *(int*)(f + StableLayout.FrameLinesize + 4));
        CopyPlane(v, width / 2, height / 2, *(byte**)(f + StableLayout.FrameData + 16), *(int*)(f + StableLayout.FrameLinesize + 8));
    }

    /// <summary>Scales a packed I420 picture into a writable yuv420p AVFrame of another size.</summary>
    public static void ScaleInto(nint target, ReadOnlySpan<byte> planes, int width, int height, ref nint scaler)
    {
        var f = (byte*)target;
        var targetWidth = *(int*)(f + StableLayout.FrameWidth);
        var targetHeight = *(int*)(f + StableLayout.FrameHeight);
        scaler = SwScaleNative.GetCachedContext(scaler, width, height, StableLayout.PixelFormatYuv420P, targetWidth, targetHeight, StableLayout.PixelFormatYuv420P, SwScaleNative.Bicubic, 0, 0, 0);
        if (scaler == 0)
        {
            throw new InvalidOperationException($"libswscale cannot scale {width}x{height} to {targetWidth}x{targetHeight}.");
        }

        fixed (byte* y = planes)
        {
            var source = stackalloc byte*[4] { y, y + (width * height), y + (width * height * 5 / 4), null };
            var strides = stackalloc int[4] { width, width / 2, width / 2, 0 };
            _ = SwScaleNative.Scale(scaler, source, strides, 0, height, (byte**)(f + StableLayout.FrameData), (int*)(f + StableLayout.FrameLinesize));
        }
    }

    /// <summary>
    /// Converts the picture in <paramref name="frame"/> (any size and pixel format) into a pooled,
    /// packed I420 buffer of <paramref name="width"/>×<paramref name="height"/>, reusing
    /// <paramref name="scaler"/> where the conversion is unchanged.
    /// </summary>
    /// <returns>The buffer, owned by the caller; <c>null</c> when libswscale cannot do the conversion.</returns>
    public static IMemoryOwner<byte>? ToI420(nint frame, int width, int height, ref nint scaler)
    {
        var f = (byte*)frame;
        var sourceWidth = *(int*)(f + StableLayout.FrameWidth);
        var sourceHeight = *(int*)(f + StableLayout.FrameHeight);
        var format = *(int*)(f + StableLayout.FrameFormat);
        scaler = SwScaleNative.GetCachedContext(scaler, sourceWidth, sourceHeight, format, width, height, StableLayout.PixelFormatYuv420P, SwScaleNative.Bicubic, 0, 0, 0);
        if (scaler == 0)
        {
            return null;
        }

        var buffer = MemoryPool<byte>.Shared.Rent(VideoFrame.BufferSize(width, height));
        using var pin = buffer.Memory.Pin();
        var y = (byte*)pin.Pointer;
        var planes = stackalloc byte*[4] { y, y + (width * height), y + (width * height * 5 / 4), null };
        var strides = stackalloc int[4] { width, width / 2, width / 2, 0 };
        _ = SwScaleNative.Scale(scaler, (byte**)(f + StableLayout.FrameData), (int*)(f + StableLayout.FrameLinesize), 0, sourceHeight, planes, strides);
        return buffer;
    }

    private static void CopyPlane(ReadOnlySpan<byte> plane, int width, int height, byte* destination, int linesize)
    {
        for (var row = 0; row < height; row++)
        {
            plane.Slice(row * width, width).CopyTo(new Span<byte>(destination + ((long)row * linesize), width));
        }
    }
}
