namespace SwarmHost.Media;

/// <summary>An output could not be opened or written; the message names the output and what to do.</summary>
public sealed class MediaOutputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MediaOutputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public MediaOutputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MediaOutputException()
    {
    }
}
