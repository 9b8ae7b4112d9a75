using System.Diagnostics;

namespace SwarmHost.Tests;

/// <summary>A program a <see cref="NetworkLab"/> started: stopped by its PID (SIGTERM, then SIGKILL after 3 s) and waited for, never by name.</summary>
internal sealed class LabProcess(Process process, string logPath, StreamWriter log)
{
    public int Pid => process.Id;

    /// <summary>Everything it printed so far.</summary>
    public string LogPath => logPath;

    public bool HasExited => _stopped || process.HasExited;

    public string Log()
    {
        lock (log)
        {
            log.Flush();
        }

        using var reader = new StreamReader(new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    private bool _stopped;

    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!process.HasExited)
        {
            ExternalTool.Run("kill", "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!process.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.WaitForExit();
        lock (log)
        {
            log.Dispose();
        }

        process.Dispose();
    }
}
