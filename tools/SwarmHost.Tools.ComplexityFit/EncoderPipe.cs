using System.Diagnostics;
using System.Globalization;

namespace SwarmHost.Tools.ComplexityFit;

/// <summary>
/// One <c>ffmpeg</c> process that encodes raw I420 pictures written to it and reports the size of
/// every packet (its <c>framecrc</c> output): what the pictures cost at constant quality.
/// </summary>
/// <remarks>Deterministic: one encoder thread, a fixed GOP, no scene-cut keyframes.</remarks>
public sealed class EncoderPipe : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;

    private EncoderPipe(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The codecs the tool measures, with what they are asked for.</summary>
    public static IReadOnlyDictionary<string, string[]> Codecs { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["x264"] = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-threads", "1", "-x264-params", "keyint={gop}:min-keyint={gop}:scenecut=0"],
        ["x265"] = ["-c:v", "libx265", "-preset", "veryfast", "-crf", "28", "-x265-params", "keyint={gop}:min-keyint={gop}:scenecut=0:pools=1:frame-threads=1:log-level=error"],
    };

    /// <summary>Starts an encoder for pictures of the given size.</summary>
    public static EncoderPipe Start(string codec, int width, int height, int gop)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{width}x{height}", "-r", "30", "-i", "pipe:0" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in Codecs[codec])
        {
            start.ArgumentList.Add(argument.Replace("{gop}", gop.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        foreach (var argument in new[] { "-f", "framecrc", "pipe:1" })
        {
            start.ArgumentList.Add(argument);
        }

        return new EncoderPipe(Process.Start(start) ?? throw new InvalidOperationException("could not start ffmpeg"));
    }

    /// <summary>Writes one picture (I420 planes).</summary>
    public void Write(ReadOnlySpan<byte> planes) => _process.StandardInput.BaseStream.Write(planes);

    /// <summary>Ends the input and returns every packet's size in bytes, in decode order.</summary>
    /// <exception cref="InvalidOperationException">ffmpeg failed.</exception>
    public IReadOnlyList<int> Finish()
    {
        _process.StandardInput.Close();
        _process.WaitForExit();
        var output = _output.GetAwaiter().GetResult();
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg exited with {_process.ExitCode}: {_errors.GetAwaiter().GetResult()}");
        }

        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => int.Parse(l.Split(',')[4].Trim(), CultureInfo.InvariantCulture))];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
