using System.Diagnostics;

namespace SwarmHost.Cli;

/// <summary>
/// Progress of a long run on stderr: one line rewritten in place on a terminal, or a plain line
/// every few seconds when stderr is a file or pipe (so logs stay readable).
/// </summary>
public sealed class ProgressLine(TextWriter error, bool interactive)
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private long _lastPlain = Stopwatch.GetTimestamp();
    private int _width;

    /// <summary>Whether stderr is a terminal (the process's own stderr, not redirected).</summary>
    public static bool IsTerminal(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Shows <paramref name="text"/> as the current progress.</summary>
    public void Report(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (interactive)
        {
            error.Write("\r" + text.PadRight(_width));
            _width = text.Length;
        }
        else if (Stopwatch.GetElapsedTime(_lastPlain) >= PlainInterval)
        {
            _lastPlain = Stopwatch.GetTimestamp();
            error.WriteLine(text);
        }
    }

    /// <summary>Ends the progress line (on a terminal, moves to a fresh line).</summary>
    public void Done()
    {
        if (interactive && _width > 0)
        {
            error.WriteLine();
            _width = 0;
        }
    }
}
