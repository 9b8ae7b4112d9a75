namespace SwarmHost.Engine;

/// <summary>A run cannot start: something only knowable at start-up is wrong. The message says what and what to do.</summary>
public sealed class SwarmConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SwarmConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SwarmConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SwarmConfigurationException()
    {
    }
}
