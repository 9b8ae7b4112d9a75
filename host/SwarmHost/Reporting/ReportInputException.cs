namespace SwarmHost.Reporting;

/// <summary>The events given to the report cannot be read: the message says where (file and line) and what to do.</summary>
public sealed class ReportInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReportInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public ReportInputException()
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public ReportInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
