using System.Diagnostics;

namespace SwarmHost.Tests;

/// <summary>Runs a command-line tool (the ffmpeg CLI, ffprobe) and captures what it printed.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>A long log for a failure message, its last <paramref name="lines"/> lines first (where a run says why it failed; a shown message may be cut short), then the whole log.</summary>
    public static string LastLinesFirst(string log, int lines = 15)
    {
        var all = log.Split('\n');
        return $"its last {Math.Min(lines, all.Length)} lines:\n{string.Join('\n', all.TakeLast(lines))}\n--- the whole log:\n{log}";
    }

    public static Result Run(string tool, params string[] arguments) => Run(tool, TimeSpan.FromMinutes(2), arguments);

    public static Result Run(string tool, TimeSpan timeout, params string[] arguments)
    {
        using var process = Start(tool, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static Process Start(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
    }

    /// <summary>Frames ffprobe counts by decoding the first video stream.</summary>
    public static int CountFrames(string path)
    {
        var result = Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path);
        Assert.True(result.ExitCode == 0, $"ffprobe failed on {path}: {result.Error}");
        return int.Parse(result.Output.Trim().Split('\n')[0].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What `ffmpeg -v error -i path -f null -` prints (empty for a clean file).</summary>
    public static string DecodeErrors(string path)
    {
        var result = Run("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-");
        return (result.Error + result.Output).Trim() + (result.ExitCode == 0 ? "" : $" (exit {result.ExitCode})");
    }
}
