namespace SwarmHost.Media;

/// <summary>An input could not be opened or read; the message says what, where (input, frame) and what to do.</summary>
public sealed class MediaInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MediaInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public MediaInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MediaInputException()
    {
    }
}
