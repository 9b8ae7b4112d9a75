namespace SwarmHost.Media.Interop;

/// <summary>Frees the native objects a codec user holds, whichever are allocated, and zeroes the handles.</summary>
internal static class NativeCleanup
{
    /// <summary>Frees a codec context, a frame, a packet and a scaler.</summary>
    public static void Release(ref nint context, ref nint frame, ref nint packet, ref nint scaler)
    {
        if (scaler != 0)
        {
            SwScaleNative.FreeContext(scaler);
            scaler = 0;
        }

        if (frame != 0)
        {
            AvUtilNative.FrameFree(ref frame);
        }

        if (packet != 0)
        {
            AvCodecNative.PacketFree(ref packet);
        }

        if (context != 0)
        {
            AvCodecNative.FreeContext(ref context);
        }
    }

    /// <summary>Gives codec parameters a copy of <paramref name="extradata"/> (with FFmpeg's input padding); the parameters own and free it.</summary>
    public static unsafe void SetExtradata(nint parameters, ReadOnlySpan<byte> extradata)
    {
        var copy = AvUtilNative.AllocZeroed((nuint)(extradata.Length + 64)); // AV_INPUT_BUFFER_PADDING_SIZE
        extradata.CopyTo(new Span<byte>((void*)copy, extradata.Length));
        var p = (byte*)parameters;
        *(nint*)(p + FormatLayout.CodecParametersExtradata) = copy;
        *(int*)(p + FormatLayout.CodecParametersExtradataSize) = extradata.Length;
    }
}
