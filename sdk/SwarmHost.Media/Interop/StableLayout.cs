namespace SwarmHost.Media.Interop;

/// <summary>
/// Struct field offsets (x86-64) that are identical in FFmpeg 5.1, 6.0, 6.1, 7.0 and 7.1 — checked
/// with offsetof against each release's headers. Fields whose offsets moved between releases are
/// never touched directly; they are set through AVOptions instead. The start-up self-test
/// (<see cref="FFmpegLibraries.Load"/>) verifies these against the loaded libraries.
/// </summary>
internal static class StableLayout
{
    public const int FrameData = 0;
    public const int FrameLinesize = 64;
    public const int FrameWidth = 104;
    public const int FrameHeight = 108;
    public const int FrameSampleCount = 112;

    public const int FrameFormat = 116;
    public const int FramePts = 136;
    public const int FramePictType = 124;

    public const int PacketPts = 8;
    public const int PacketDts = 16;
    public const int PacketData = 24;
    public const int PacketSize = 32;
    public const int PacketFlags = 40;

    /// <summary>AV_PKT_FLAG_KEY.</summary>
    public const int PacketFlagKey = 1;

    /// <summary>AV_PICTURE_TYPE_I: on a frame sent to an encoder, asks for a keyframe.</summary>
    public const int PictureTypeI = 1;

    /// <summary>AV_PIX_FMT_YUV420P.</summary>
    public const int PixelFormatYuv420P = 0;
}
