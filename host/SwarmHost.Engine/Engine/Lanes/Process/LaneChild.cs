using System.Diagnostics;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// A lane's child process: started with its encoder id and socket on the command line, its stdout
/// and stderr logged line by line under the encoder id (the last lines kept for a failure message),
/// its whole-process CPU time read from the kernel, killed by PID and reaped.
/// </summary>
internal sealed class LaneChild
{
    private readonly Queue<string> _lastWords = new();
    private readonly string _label;
    private readonly System.Diagnostics.Process _process;
    private bool _reaped;

    /// <summary>Starts <paramref name="command"/> for encoder <paramref name="id"/>, to connect to <paramref name="socketPath"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started.</exception>
    public LaneChild(LaneCommand command, string id, int generation, string socketPath)
    {
        var info = new ProcessStartInfo(command.FileName) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var argument in command.Arguments.Concat(["--encoder", id, "--connect", socketPath]))
        {
            info.ArgumentList.Add(argument);
        }

        _process = System.Diagnostics.Process.Start(info) ?? throw new IOException($"could not start {command.FileName}");
        Id = _process.Id;
        _label = $"lane {id}#{generation} (pid {Id})";
        _process.ErrorDataReceived += (_, line) => Log(line.Data);
        _process.OutputDataReceived += (_, line) => Log(line.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Exited = _process.WaitForExitAsync();
    }

    /// <summary>The child's process id.</summary>
    public int Id { get; }

    /// <summary>Completes when it has ended.</summary>
    public Task Exited { get; }

    /// <summary>The child's CPU time so far, all its threads, ms; the last figure read once it has ended.</summary>
    public double CpuMs
    {
        get
        {
            if (_reaped)
            {
                return LastCpuMs;
            }

            try
            {
                _process.Refresh();
                return LastCpuMs = _process.TotalProcessorTime.TotalMilliseconds;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return LastCpuMs;
            }
        }
    }

    private double LastCpuMs { get; set; }

    /// <summary>Its resident size now, MB (the last figure read once it has ended; NaN before any).</summary>
    public double ResidentMb
    {
        get
        {
            if (!_reaped)
            {
                try
                {
                    var line = File.ReadLines($"/proc/{Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    if (line is not null && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture, out var kb))
                    {
                        LastResidentMb = kb / 1024.0;
                        PeakResidentMb = Math.Max(PeakResidentMb, LastResidentMb);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // it has just ended
                }
            }

            return LastResidentMb;
        }
    }

    /// <summary>The largest <see cref="ResidentMb"/> read so far, MB (0 before any).</summary>
    public double PeakResidentMb { get; private set; }

    private double LastResidentMb { get; set; } = double.NaN;

    /// <summary>The last lines it wrote, for a failure message ("" when none).</summary>
    public string LastWords
    {
        get
        {
            lock (_lastWords)
            {
                return _lastWords.Count == 0 ? "" : "; it last wrote: " + string.Join(" | ", _lastWords);
            }
        }
    }

    /// <summary>Kills it (SIGKILL), if it still runs.</summary>
    public void Kill()
    {
        if (_reaped)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
        }
    }

    /// <summary>Waits for it to end (killing it after <paramref name="grace"/>) and reaps it.</summary>
    /// <returns>How it ended when that was not exit code 0 ("was killed by signal 11 (SIGSEGV)"), else <c>null</c>.</returns>
    public string? Reap(TimeSpan grace)
    {
        if (!_process.WaitForExit(grace))
        {
            Kill();
        }

        _process.WaitForExit(); // also drains the redirected output
        var code = _process.ExitCode;
        _ = CpuMs;
        _reaped = true;
        _process.Dispose();
        return code switch
        {
            0 => null,
            > 128 and < 160 => $"was killed by signal {code - 128} ({SignalName(code - 128)})",
            _ => $"exited with code {code}",
        };
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "signal " + signal,
    };

    private void Log(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_lastWords)
        {
            _lastWords.Enqueue(line.Length > 300 ? line[..300] : line);
            while (_lastWords.Count > 3)
            {
                _lastWords.Dequeue();
            }
        }

        Console.Error.WriteLine($"{_label}: {line}");
    }
}
