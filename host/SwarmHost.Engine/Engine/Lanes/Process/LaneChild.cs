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
    private double _cpuMs;
    private double _residentMb = double.NaN;
    private double _peakResidentMb = double.NaN;

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

    /// <summary>Its CPU time, all its threads, ms, as of the last <see cref="Sample"/> (0 before any).</summary>
    public double CpuMs => Volatile.Read(ref _cpuMs);

    /// <summary>Its resident size, MB, as of the last <see cref="Sample"/> (NaN before any).</summary>
    public double ResidentMb => Volatile.Read(ref _residentMb);

    /// <summary>The largest <see cref="ResidentMb"/> sampled, MB (NaN before any).</summary>
    public double PeakResidentMb => Volatile.Read(ref _peakResidentMb);

    /// <summary>Reads its CPU time and resident size from the kernel now; keeps the last figures once it has ended. One thread at a time.</summary>
    public void Sample()
    {
        if (_reaped)
        {
            return;
        }

        try
        {
            _process.Refresh();
            Volatile.Write(ref _cpuMs, _process.TotalProcessorTime.TotalMilliseconds);
            var line = File.ReadLines($"/proc/{Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture, out var kb))
            {
                Volatile.Write(ref _residentMb, kb / 1024.0);
                Volatile.Write(ref _peakResidentMb, double.IsNaN(_peakResidentMb) ? _residentMb : Math.Max(_peakResidentMb, _residentMb));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // it has just ended: the last figures stand
        }
    }

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
        Sample();
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
