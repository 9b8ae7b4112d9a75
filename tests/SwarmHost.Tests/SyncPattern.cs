using System.Globalization;
using System.Text.RegularExpressions;

namespace SwarmHost.Tests;

/// <summary>
/// The A/V sync pattern for tests: a white flash over the picture's top-left corner (a quarter of
/// its width and height) at every whole second and a
/// 1 kHz tone starting at the same moment (100 ms long), and an independent measure of it in a
/// written file with the ffmpeg CLI (signalstats for the flashes, silencedetect for the tones).
/// </summary>
internal static partial class SyncPattern
{
    /// <summary>One audio frame of 1024 samples at 48 kHz, ms: the most audio and video may be apart.</summary>
    public const double OneAudioFrameMs = 1024 * 1000.0 / 48_000;

    /// <summary>The video part: testsrc2 with a white flash over its top-left corner on the first picture of every second.</summary>
    public static string Video(int rate, double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"testsrc2=s=640x360:r={rate}:d={seconds},format=yuv420p,drawbox=x=0:y=0:w=iw/4:h=ih/4:c=white:t=fill:enable='eq(mod(n\\,{rate})\\,0)'");

    /// <summary>The audio part: a tone for 100 ms from <paramref name="delayMs"/> after every whole second, silence otherwise.</summary>
    public static string Audio(double seconds, int delayMs = 0) =>
        string.Create(CultureInfo.InvariantCulture, $"aevalsrc=exprs='0.5*sin(2*PI*1000*t)*gte(mod(t\\,1)\\,{delayMs / 1000.0})*lt(mod(t\\,1)\\,{delayMs / 1000.0 + 0.1})':s=48000:d={seconds}");

    /// <summary>A <c>lavfi:</c> input with both parts.</summary>
    public static string Lavfi(int rate, double seconds, int delayMs = 0) => $"lavfi:{Video(rate, seconds)}[out0];{Audio(seconds, delayMs)}[out1]";

    /// <summary>The flashes (s; those half a second or more after the audio starts) and tone onsets (s) of <paramref name="file"/>, on its own timeline, measured by the ffmpeg CLI.</summary>
    public static (List<double> Flashes, List<double> Onsets) Measure(string file)
    {
        var frames = ExternalTool.Run("ffprobe", "-v", "error", "-f", "lavfi", "-i", $"movie={file},crop=iw/4:ih/4:0:0,signalstats", "-show_entries", "frame=pts_time:frame_tags=lavfi.signalstats.YAVG", "-of", "csv=p=0");
        Assert.True(frames.ExitCode == 0, frames.Error);
        var flashes = new List<double>();
        var previous = double.NaN;
        foreach (var line in frames.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(',');
            var luma = double.Parse(parts[1], CultureInfo.InvariantCulture);
            if (luma > 180 && (double.IsNaN(previous) || luma - previous > 50))
            {
                flashes.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
            }

            previous = luma;
        }

        // -copyts keeps the file's own timeline, so tones and flashes are comparable; the first tone may start the file (no silence before it)
        var tones = ExternalTool.Run("ffmpeg", "-nostdin", "-copyts", "-i", file, "-vn", "-af", "silencedetect=n=-30dB:d=0.2", "-f", "null", "-");
        Assert.True(tones.ExitCode == 0, tones.Error);
        var onsets = SilenceEnd().Matches(tones.Error).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var start = ExternalTool.Run("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=start_time", "-of", "csv=p=0", file);
        var audioStart = double.Parse(start.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim(), CultureInfo.InvariantCulture); // MPEG-TS lists the stream once per program too
        // a tone that starts the audio has no silence before it for silencedetect to end: measure from the second flash on
        flashes.RemoveAll(f => f < audioStart + 0.5);
        return (flashes, onsets);
    }

    /// <summary>Audio − video (ms) at each flash, paired with the nearest tone onset; asserts every flash has one within half a second.</summary>
    public static List<double> Offsets(string file)
    {
        var (flashes, onsets) = Measure(file);
        Assert.NotEmpty(flashes);
        return [.. flashes.Select(flash =>
        {
            Assert.True(onsets.Count > 0, $"no tone found in {file}");
            var nearest = onsets.MinBy(o => Math.Abs(o - flash));
            Assert.True(Math.Abs(nearest - flash) < 0.5, $"the flash at {flash:F3} s has no tone within half a second (tones at {string.Join(", ", onsets.Select(o => o.ToString("F3", CultureInfo.InvariantCulture)))})");
            return (nearest - flash) * 1000;
        })];
    }

    [GeneratedRegex(@"silence_end: ([0-9.]+)")]
    private static partial Regex SilenceEnd();
}
