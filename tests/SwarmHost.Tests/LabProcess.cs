using System.Diagnostics;

namespace SwarmHost.Tests;

/// <summary>A program a <see cref="NetworkLab"/> started: stopped by its PID (SIGTERM, then SIGKILL after 3 s) and waited for, never by name.</summary>
internal sealed class LabProcess(Process process, string logPath, StreamWriter log)
{
    public int Pid => process.Id;

    /// <summary>Starts a long-running program inside network namespace <paramref name="ns"/>, its output going to a log file in <paramref name="folder"/> named after it and <paramref name="index"/>.</summary>
    public static LabProcess StartIn(string ns, string folder, int index, IDictionary<string, string>? environment, string file, string[] arguments)
    {
        var log = Path.Combine(folder, $"{Path.GetFileName(file)}-{index}.log");
        var info = Info(ns, environment, file, arguments);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LabProcess(process, log, writer);
    }

    /// <summary>How to run <paramref name="file"/> inside <paramref name="ns"/> (<c>ip netns exec</c>), output redirected.</summary>
    public static ProcessStartInfo Info(string ns, IDictionary<string, string>? environment, string file, string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["netns", "exec", ns, file, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

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

    /// <summary>Sends a signal by PID (<c>KILL</c>, <c>STOP</c>, <c>CONT</c>).</summary>
    public void Signal(string name) => ExternalTool.Run("kill", "-" + name, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Waits for the exit; its exit code, or <c>null</c> when it runs on after <paramref name="timeout"/>.
    /// After an exit the log holds everything the program printed (the timed wait alone does not wait for
    /// the redirected output to be drained; the untimed one does).
    /// </summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            return null;
        }

        process.WaitForExit();
        return process.ExitCode;
    }

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
