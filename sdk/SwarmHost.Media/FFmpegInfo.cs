namespace SwarmHost.Media;

/// <summary>What was found and verified: the release line and each library's version.</summary>
/// <param name="Release">The supported release line the libraries belong to.</param>
/// <param name="AvUtilVersion">libavutil's version, e.g. 57.28.100.</param>
/// <param name="AvCodecVersion">libavcodec's version, e.g. 59.37.100.</param>
/// <param name="Directory">Where the libraries were loaded from ("system search path" when the loader found them).</param>
public sealed record FFmpegInfo(FFmpegRelease Release, Version AvUtilVersion, Version AvCodecVersion, string Directory)
{
    /// <summary>One line for <c>--version</c> and logs.</summary>
    public override string ToString() => $"FFmpeg {Release.Name} (libavutil {AvUtilVersion}, libavcodec {AvCodecVersion}; {Directory})";
}
