using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SwarmHost.Bench;

/// <summary>Runs the <c>ffmpeg</c> CLI as a benchmark reference and reads the real time it reports with <c>-benchmark</c> (process start not counted).</summary>
/// <param name="executable">The CLI to run.</param>
public sealed partial class FFmpegCliTimer(string executable = "ffmpeg")
{
    /// <summary>The arguments every reference run starts with: quiet except for the benchmark line.</summary>
    public static IReadOnlyList<string> CommonArguments { get; } = ["-nostdin", "-hide_banner", "-nostats", "-v", "info", "-benchmark"]; // -benchmark reports at info level

    /// <summary>The CLI input arguments for <paramref name="input"/> (a <c>lavfi:</c> source becomes <c>-f lavfi -i graph</c>).</summary>
    public static IReadOnlyList<string> InputArguments(string input) =>
        input.StartsWith("lavfi:", StringComparison.Ordinal) ? ["-f", "lavfi", "-i", input["lavfi:".Length..]] : ["-i", input];

    /// <summary>Runs the CLI with <paramref name="arguments"/> and returns the real time it reports.</summary>
    /// <exception cref="InvalidOperationException">The CLI is missing or failed; the message has its output.</exception>
    public TimeSpan RealTime(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{executable}'; install FFmpeg's CLI (apt-get install ffmpeg).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var text = output.Result + error;
        var rtime = BenchmarkLine().Match(text);
        if (process.ExitCode != 0 || !rtime.Success)
        {
            throw new InvalidOperationException($"The ffmpeg CLI reference run failed (exit {process.ExitCode}): {text.Trim()}");
        }

        return TimeSpan.FromSeconds(double.Parse(rtime.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"bench: utime=[\d.]+s stime=[\d.]+s rtime=([\d.]+)s")]
    private static partial Regex BenchmarkLine();
}
