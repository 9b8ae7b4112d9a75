using System.Runtime.InteropServices;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media;

/// <summary>
/// Finds FFmpeg's shared libraries of one supported release (all from the same release), binds
/// this assembly's P/Invoke declarations to them, and runs a self-test of the struct layouts the
/// interop relies on. Everything that calls FFmpeg goes through <see cref="Load"/> first.
/// </summary>
/// <remarks>
/// Libraries are looked up by soname (<c>libavcodec.so.59</c>, not the -dev symlink
/// <c>libavcodec.so</c>), newest supported release first, in <c>SWARMHOST_FFMPEG_DIR</c> when that
/// is set and then on the system search path. Thread-safe; the work is done once per process.
/// </remarks>
public static class FFmpegLibraries
{
    /// <summary>Library name used in the P/Invoke declarations for libavutil.</summary>
    public const string AvUtil = "avutil";

    /// <summary>Library name used in the P/Invoke declarations for libavcodec.</summary>
    public const string AvCodec = "avcodec";

    /// <summary>Library name used in the P/Invoke declarations for libavformat.</summary>
    public const string AvFormat = "avformat";

    /// <summary>Library name used in the P/Invoke declarations for libavdevice (lavfi test sources).</summary>
    public const string AvDevice = "avdevice";

    /// <summary>Library name used in the P/Invoke declarations for libswscale.</summary>
    public const string SwScale = "swscale";

    /// <summary>Library name used in the P/Invoke declarations for libavfilter (audio conversion).</summary>
    public const string AvFilter = "avfilter";

    /// <summary>Library name used in the P/Invoke declarations for libsrt (SRT outputs), the build FFmpeg links against.</summary>
    public const string Srt = "srt";

    /// <summary>Environment variable naming a folder to search before the system path.</summary>
    public const string DirectoryVariable = "SWARMHOST_FFMPEG_DIR";

    private static readonly Lazy<(FFmpegInfo? Info, FFmpegUnavailableException? Failure)> State = new(() => Probe(SearchFolders(), FFmpegRelease.Supported));
    private static readonly Lazy<nint> SrtLibrary = new(() =>
        new[] { "libsrt-gnutls.so.1.5", "libsrt-openssl.so.1.5", "libsrt.so.1.5" }.Select(n => NativeLibrary.TryLoad(n, out var h) ? h : 0).FirstOrDefault(h => h != 0));

    private static int _resolverInstalled;

    /// <summary>Loads and verifies the libraries (once).</summary>
    /// <returns>The release and versions found.</returns>
    /// <exception cref="FFmpegUnavailableException">Missing, unsupported or failing the self-test; the message names what was found, what is supported and how to install it.</exception>
    public static FFmpegInfo Load()
    {
        var state = State.Value;
        return state.Info ?? throw state.Failure!;
    }

    /// <summary>Like <see cref="Load"/>, but returns <c>false</c> and the failure message instead of throwing.</summary>
    public static bool TryLoad(out FFmpegInfo? info, out string? failure)
    {
        var state = State.Value;
        info = state.Info;
        failure = state.Failure?.Message;
        return info is not null;
    }

    /// <summary>Formats FFmpeg's packed version integer (major &lt;&lt; 16 | minor &lt;&lt; 8 | micro).</summary>
    public static Version Unpack(uint version) => new((int)(version >> 16), (int)((version >> 8) & 0xFF), (int)(version & 0xFF));

    private static List<string?> SearchFolders()
    {
        var folders = new List<string?>();
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir)
        {
            folders.Add(dir);
        }

        folders.Add(null); // the system search path
        return folders;
    }

    /// <summary>Looks for the first of <paramref name="releases"/> whose libraries all load, binds to it and self-tests it.</summary>
    /// <param name="folders">Folders to search in order; <c>null</c> stands for the system search path.</param>
    /// <param name="releases">Release lines to try, in order.</param>
    internal static (FFmpegInfo? Info, FFmpegUnavailableException? Failure) Probe(IReadOnlyList<string?> folders, IReadOnlyList<FFmpegRelease> releases)
    {
        var seen = new List<string>();
        foreach (var folder in folders)
        {
            foreach (var release in releases)
            {
                var handles = TryLoadRelease(release, folder, seen);
                if (handles is null)
                {
                    continue;
                }

                Bind(handles);
                try
                {
                    var info = new FFmpegInfo(release, Unpack(AvUtilNative.Version()), Unpack(AvCodecNative.Version()), folder ?? "system search path");
                    SelfTest(info);
                    AvUtilNative.LogSetLevel(AvUtilNative.LogQuiet); // problems are reported by SwarmHost, with context
                    _ = AvUtilNative.SetEnvironment("SVT_LOG", "1", 0); // SVT-AV1 logs to stderr by itself unless told to keep to errors; a user's own SVT_LOG wins
                    AvFormatNative.RegisterDevices();
                    _ = AvFormatNative.NetworkInit();
                    return (info, null);
                }
                catch (FFmpegUnavailableException ex)
                {
                    return (null, ex);
                }
            }
        }

        var found = seen.Count == 0 ? "no libavutil/libavcodec of any release" : "only " + string.Join(", ", seen);
        return (null, new FFmpegUnavailableException(
            $"FFmpeg's shared libraries were not found: looked for releases {string.Join(", ", releases.Select(r => $"{r.Name} ({r.SonameOf(AvCodec)})"))} and found {found}. Install one: {FFmpegRelease.InstallHint}."));
    }

    private static Dictionary<string, nint>? TryLoadRelease(FFmpegRelease release, string? folder, List<string> seen)
    {
        var handles = new Dictionary<string, nint>(StringComparer.Ordinal);
        foreach (var library in new[] { AvUtil, AvCodec, AvFormat, AvDevice, SwScale, AvFilter })
        {
            var soname = release.SonameOf(library);
            if (!NativeLibrary.TryLoad(folder is null ? soname : Path.Combine(folder, soname), out var handle))
            {
                foreach (var loaded in handles.Values)
                {
                    NativeLibrary.Free(loaded); // an incomplete release is of no use; do not keep half of it mapped
                }

                return null;
            }

            seen.Add(soname);
            handles[library] = handle;
        }

        return handles;
    }

    private static void Bind(Dictionary<string, nint> handles)
    {
        if (Interlocked.Exchange(ref _resolverInstalled, 1) != 0)
        {
            throw new InvalidOperationException("FFmpeg's libraries are already bound in this process; a process uses one FFmpeg release.");
        }

        NativeLibrary.SetDllImportResolver(typeof(FFmpegLibraries).Assembly, (name, _, _) =>
            handles.TryGetValue(name, out var handle) ? handle : name == Srt ? SrtLibrary.Value : IntPtr.Zero);
    }

    private static unsafe void SelfTest(FFmpegInfo info)
    {
        var problems = new List<string>();
        var expectedCodecMajor = info.Release.AvCodec;
        if (info.AvCodecVersion.Major != expectedCodecMajor)
        {
            problems.Add($"libavcodec reports version {info.AvCodecVersion}, expected major {expectedCodecMajor}");
        }

        var frame = AvUtilNative.FrameAlloc();
        try
        {
            var f = (byte*)frame;
            if (*(long*)(f + StableLayout.FramePts) != AvUtilNative.NoPts)
            {
                problems.Add("a fresh AVFrame's pts is not AV_NOPTS_VALUE (AVFrame layout differs)");
            }

            *(int*)(f + StableLayout.FrameWidth) = 64;
            *(int*)(f + StableLayout.FrameHeight) = 32;
            *(int*)(f + StableLayout.FrameFormat) = StableLayout.PixelFormatYuv420P;
            if (AvUtilNative.FrameGetBuffer(frame, 0) < 0
                || *(nint*)(f + StableLayout.FrameData) == 0
                || *(int*)(f + StableLayout.FrameLinesize) < 64)
            {
                problems.Add("av_frame_get_buffer did not allocate a 64x32 yuv420p picture where the layout says (AVFrame layout differs)");
            }
        }
        finally
        {
            AvUtilNative.FrameFree(ref frame);
        }

        var packet = AvCodecNative.PacketAlloc();
        try
        {
            var p = (byte*)packet;
            if (*(long*)(p + StableLayout.PacketPts) != AvUtilNative.NoPts || *(long*)(p + StableLayout.PacketDts) != AvUtilNative.NoPts)
            {
                problems.Add("a fresh AVPacket's pts/dts are not AV_NOPTS_VALUE (AVPacket layout differs)");
            }

            if (AvCodecNative.NewPacket(packet, 1234) < 0 || *(int*)(p + StableLayout.PacketSize) != 1234 || *(nint*)(p + StableLayout.PacketData) == 0)
            {
                problems.Add("av_new_packet(1234) did not set size and data where the layout says (AVPacket layout differs)");
            }
        }
        finally
        {
            AvCodecNative.PacketFree(ref packet);
        }

        if (problems.Count > 0)
        {
            throw new FFmpegUnavailableException(
                $"{info} failed the interop self-test: {string.Join("; ", problems)}. Supported releases: {string.Join(", ", FFmpegRelease.Supported.Select(r => r.Name))}; {FFmpegRelease.InstallHint}.");
        }
    }

    /// <summary>The struct layout of the loaded libavformat (call <see cref="Load"/> first).</summary>
    internal static FormatLayout Format => FormatLayoutState.Value;

    private static readonly Lazy<FormatLayout> FormatLayoutState = new(() => FormatLayout.For((int)(AvFormatNative.Version() >> 16)));

    /// <summary>
    /// The codec an encoder produces, by FFmpeg's codec name: <c>h264</c> for libx264, <c>hevc</c> for libx265, <c>vp9</c>, <c>av1</c>, <c>mpeg2video</c>.
    /// A codec's own name (<c>h264</c>, as an encoder of another make may report it) gives that codec. Empty when FFmpeg knows neither.
    /// </summary>
    /// <exception cref="FFmpegUnavailableException">FFmpeg is not usable.</exception>
    public static unsafe string CodecOf(string encoder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(encoder);
        Load();
        var codec = AvCodecNative.FindEncoderByName(encoder);
        if (codec == 0)
        {
            codec = AvCodecNative.FindDecoderByName(encoder);
        }

        return codec == 0 ? "" : Marshal.PtrToStringUTF8(AvCodecNative.GetName(*(int*)((byte*)codec + FormatLayout.CodecId))) ?? "";
    }

    /// <summary>Whether <paramref name="encoder"/> (e.g. <c>libx264</c>) is an encoder in the loaded libavcodec.</summary>
    /// <exception cref="FFmpegUnavailableException">FFmpeg is not usable.</exception>
    public static bool HasEncoder(string encoder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(encoder);
        Load();
        return AvCodecNative.FindEncoderByName(encoder) != 0;
    }

}
