using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SwarmHost.Tests;

/// <summary>
/// A <c>swarmhost node</c> (or any swarmhost command) started as a real process, its stderr and
/// stdout kept in memory; stopped by PID (SIGTERM, then SIGKILL after 10 s) and waited for on
/// <see cref="Dispose"/>, never by name.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private NodeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>swarmhost <paramref name="arguments"/></c>.</summary>
    public static NodeProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("SWARMHOST_CREDENTIALS");
        return new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start swarmhost"));
    }

    /// <summary>A TCP port free on loopback now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Endpoint(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Everything it printed so far.</summary>
    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    /// <summary>Waits until its output contains <paramref name="text"/> <paramref name="count"/> times; fails with the output after <paramref name="timeout"/>.</summary>
    public void WaitFor(string text, TimeSpan timeout, int count = 1)
    {
        var watch = Stopwatch.StartNew();
        while (Occurrences(Log(), text) < count)
        {
            Assert.True(watch.Elapsed < timeout, $"'{text}' (×{count}) did not appear within {timeout.TotalSeconds} s; the process printed:\n{Tail()}");
            Thread.Sleep(100);
        }
    }

    /// <summary>Waits for the exit; the exit code, or <c>null</c> when it still runs after <paramref name="timeout"/>.</summary>
    public int? Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        Signal("TERM");
        Assert.True(_process.WaitForExit(timeout), $"the process did not end within {timeout.TotalSeconds} s of SIGTERM:\n{Tail()}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by PID (<c>KILL</c>, <c>STOP</c>, <c>CONT</c>, …).</summary>
    public void Signal(string name) => ExternalTool.Run("kill", "-" + name, Pid.ToString(CultureInfo.InvariantCulture));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signal("CONT"); // a frozen one must run to hear SIGTERM
            Signal("TERM");
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private string Tail()
    {
        var log = Log();
        return log.Length > 6000 ? log[^6000..] : log;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
