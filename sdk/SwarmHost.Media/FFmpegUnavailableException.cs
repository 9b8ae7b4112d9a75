namespace SwarmHost.Media;

/// <summary>FFmpeg's libraries are missing, of an unsupported release, or failed the start-up self-test. The message says which, and how to install a supported release.</summary>
public sealed class FFmpegUnavailableException : Exception
{
    /// <summary>Creates the exception with a message for people.</summary>
    public FFmpegUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for people and the underlying failure.</summary>
    public FFmpegUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public FFmpegUnavailableException()
        : base($"FFmpeg's libraries are not usable; {FFmpegRelease.InstallHint}.")
    {
    }
}
