using System.Runtime.InteropServices;

namespace SwarmHost.Media.Interop;

/// <summary>libsrt 1.5 entry points (the library FFmpeg's SRT protocol uses; resolved by <see cref="FFmpegLibraries"/>).</summary>
internal static unsafe partial class SrtNative
{
    /// <summary>SRT_ERROR / SRT_INVALID_SOCK.</summary>
    public const int Error = -1;

    /// <summary>SRTO_RCVSYN: blocking receive and accept.</summary>
    public const int OptionReceiveSync = 2;

    /// <summary>SRTO_SNDSYN: blocking send.</summary>
    public const int OptionSendSync = 1;

    /// <summary>SRTO_REUSEADDR.</summary>
    public const int OptionReuseAddress = 15;

    /// <summary>SRTO_LINGER: how long a close waits for what is still to be delivered (a struct linger).</summary>
    public const int OptionLinger = 7;

    /// <summary>SRTO_SENDER: this end sends.</summary>
    public const int OptionSender = 21;

    /// <summary>SRTO_LATENCY, ms.</summary>
    public const int OptionLatency = 23;

    /// <summary>SRTO_PASSPHRASE.</summary>
    public const int OptionPassphrase = 26;

    /// <summary>SRTO_PBKEYLEN: 16, 24 or 32 bytes.</summary>
    public const int OptionKeyLength = 27;

    /// <summary>SRTO_CONNTIMEO, ms.</summary>
    public const int OptionConnectTimeout = 36;

    /// <summary>LOG_CRIT (syslog's level): libsrt logs only what is critical.</summary>
    public const int LogCritical = 2;

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_setloglevel")]
    public static partial void SetLogLevel(int level);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_startup")]
    public static partial int Startup();

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_create_socket")]
    public static partial int CreateSocket();

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_setsockflag")]
    public static partial int SetFlag(int socket, int option, void* value, int length);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_bind")]
    public static partial int Bind(int socket, byte* address, int length);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_listen")]
    public static partial int Listen(int socket, int backlog);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_accept")]
    public static partial int Accept(int socket, byte* address, int* length);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_connect")]
    public static partial int Connect(int socket, byte* address, int length);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_send")]
    public static partial int Send(int socket, byte* data, int length);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_close")]
    public static partial int Close(int socket);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_getlasterror_str")]
    public static partial nint LastError();

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_bstats")]
    public static partial int Statistics(int socket, byte* statistics, int clear);

    /// <summary>The last error's text.</summary>
    public static string LastErrorText() => Marshal.PtrToStringUTF8(LastError()) ?? "unknown SRT error";

    /// <summary>Sets an integer option.</summary>
    public static int SetInt(int socket, int option, int value) => SetFlag(socket, option, &value, sizeof(int));

    /// <summary>Makes a close wait up to <paramref name="seconds"/> for what is still to be delivered.</summary>
    public static int SetLinger(int socket, int seconds)
    {
        var linger = stackalloc int[2] { 1, seconds }; // struct linger { int l_onoff; int l_linger; }
        return SetFlag(socket, OptionLinger, linger, 2 * sizeof(int));
    }

    /// <summary>SRTS_BROKEN: the peer is gone (it closed, or went silent past the idle timeout).</summary>
    public const int StateBroken = 6;

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_getsockstate")]
    public static partial int State(int socket);

    [LibraryImport(FFmpegLibraries.Srt, EntryPoint = "srt_getsndbuffer")]
    public static partial int SendBuffer(int socket, nint* blocks, nint* bytes);

    /// <summary>Sets a text option (the passphrase).</summary>
    public static int SetText(int socket, int option, string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        fixed (byte* p = bytes)
        {
            return SetFlag(socket, option, p, bytes.Length);
        }
    }
}
