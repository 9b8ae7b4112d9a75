namespace SwarmHost.Media;

/// <summary>One FFmpeg release line this interop supports: the sonames of its libraries, which must all come from the same release.</summary>
/// <param name="Name">The release line, e.g. "5.1".</param>
/// <param name="AvUtil">libavutil's soname major.</param>
/// <param name="AvCodec">libavcodec's soname major.</param>
/// <param name="AvFormat">libavformat's soname major.</param>
/// <param name="AvDevice">libavdevice's soname major.</param>
/// <param name="SwScale">libswscale's soname major.</param>
/// <param name="AvFilter">libavfilter's soname major (audio conversion and resampling).</param>
public sealed record FFmpegRelease(string Name, int AvUtil, int AvCodec, int AvFormat, int AvDevice, int SwScale, int AvFilter)
{
    /// <summary>The releases supported, newest first.</summary>
    public static IReadOnlyList<FFmpegRelease> Supported { get; } =
    [
        new("7.x", 59, 61, 61, 61, 8, 10),
        new("6.x", 58, 60, 60, 60, 7, 9),
        new("5.1", 57, 59, 59, 59, 6, 8),
    ];

    /// <summary>The Debian 12 command that installs the supported release there.</summary>
    public const string InstallHint = "apt-get install libavcodec59 libavformat59 libavutil57 libavdevice59 libswscale6 libavfilter8 (Debian 12), or run scripts/bootstrap.sh";

    /// <summary>The soname of one of the release's libraries, e.g. <c>libavcodec.so.59</c>.</summary>
    public string SonameOf(string library) => library switch
    {
        FFmpegLibraries.AvUtil => $"libavutil.so.{AvUtil}",
        FFmpegLibraries.AvCodec => $"libavcodec.so.{AvCodec}",
        FFmpegLibraries.AvFormat => $"libavformat.so.{AvFormat}",
        FFmpegLibraries.AvDevice => $"libavdevice.so.{AvDevice}",
        FFmpegLibraries.SwScale => $"libswscale.so.{SwScale}",
        FFmpegLibraries.AvFilter => $"libavfilter.so.{AvFilter}",
        _ => throw new ArgumentOutOfRangeException(nameof(library), library, "Not an FFmpeg library this interop uses."),
    };
}
