using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// Subtitles through the swarm, with the real CLI on a Matroska file with two SubRip tracks
/// (English and French): copied with their language tags and every cue at the same distance from
/// the video as in the source where the container takes them; left out, and said so, where it
/// does not (MP4 takes no SubRip; subtitles are never converted).
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class SubtitleTracksTests
{
    [Fact]
    public void Every_track_is_copied_into_matroska_with_its_language_and_every_cue_in_place()
    {
        var folder = Directory.CreateTempSubdirectory("subs-mkv-").FullName;
        var source = TwoTrackFile(folder);
        var output = Path.Combine(folder, "out.mkv");

        var (result, summary) = SwarmRuns.Run(GlobalHeaders(SwarmRuns.Manifest(folder, source)), "--output", output);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        var subtitles = summary.GetProperty("subtitles");
        Assert.Equal(["copy (subrip, eng)", "copy (subrip, fra)"], subtitles.GetProperty("tracks").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(4, subtitles.GetProperty("packetsWritten").GetInt64());
        Assert.Equal(["h264", "subrip eng", "subrip fra"], Streams(output));
        var expected = Cues(source);
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.Select(c => (c.Track, c.Duration)), Cues(output).Select(c => (c.Track, c.Duration)));
        Assert.All(expected.Zip(Cues(output)), pair => Assert.True(Math.Abs(pair.First.FromVideo - pair.Second.FromVideo) <= 0.001, $"track {pair.First.Track}: a cue {pair.First.FromVideo:F3} s after the first picture in the source is {pair.Second.FromVideo:F3} s after it in the output"));
        Assert.Contains("subtitles: copy (subrip, eng); copy (subrip, fra); 4 packets written", result.Output, StringComparison.Ordinal);
        Assert.Equal("", ExternalTool.DecodeErrors(output));
    }

    [Fact]
    public void Tracks_the_container_does_not_take_are_left_out_and_the_run_says_why()
    {
        var folder = Directory.CreateTempSubdirectory("subs-mp4-").FullName;
        var output = Path.Combine(folder, "out.mp4");

        var (result, summary) = SwarmRuns.Run(GlobalHeaders(SwarmRuns.Manifest(folder, TwoTrackFile(folder))), "--output", output);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        var tracks = summary.GetProperty("subtitles").GetProperty("tracks").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(2, tracks.Count);
        Assert.All(tracks, t => Assert.Contains("the mp4 container does not take subrip subtitles", t, StringComparison.Ordinal));
        Assert.Equal(4, summary.GetProperty("subtitles").GetProperty("packetsLeftOut").GetInt64());
        Assert.Equal(["h264"], Streams(output).Select(s => s.Split(' ')[0])); // MP4 tags its video "und"
        Assert.Equal(120, ExternalTool.CountFrames(output));
    }

    /// <summary>A 6 s, 20 fps H.264 Matroska file with an English and a French SubRip track of two cues each.</summary>
    private static string TwoTrackFile(string folder)
    {
        var english = Path.Combine(folder, "eng.srt");
        var french = Path.Combine(folder, "fra.srt");
        File.WriteAllText(english, "1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:03,500 --> 00:00:04,250\nTwo\n");
        File.WriteAllText(french, "1\n00:00:02,200 --> 00:00:03,000\nUn\n\n2\n00:00:05,050 --> 00:00:05,500\nDeux\n");
        var file = Path.Combine(folder, "source.mkv");
        var made = ExternalTool.Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=20:d=6", "-i", english, "-i", french, "-map", "0", "-map", "1", "-map", "2",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "20", "-c:s", "srt", "-metadata:s:s:0", "language=eng", "-metadata:s:s:1", "language=fra", file);
        Assert.True(made.ExitCode == 0, made.Error);
        return file;
    }

    /// <summary>Matroska keeps codec headers out of band: every encoder of the manifest is opened with a global header.</summary>
    private static string GlobalHeaders(string manifest)
    {
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        foreach (var encoder in json["encoders"]!.AsArray())
        {
            encoder!["options"]!["globalHeader"] = true;
        }

        File.WriteAllText(manifest, json.ToJsonString());
        return manifest;
    }

    private static List<string> Streams(string file) =>
        [.. ExternalTool.Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name:stream_tags=language", "-of", "csv=p=0", file).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Replace(',', ' ').Trim())];

    /// <summary>Each subtitle packet of <paramref name="file"/> in order: its stream, its start after the first picture's (s), and its duration (s).</summary>
    private static List<(int Track, double FromVideo, double Duration)> Cues(string file)
    {
        var packets = ExternalTool.Run("ffprobe", "-v", "error", "-show_entries", "packet=stream_index,pts_time,duration_time", "-of", "csv=p=0", file).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(',')).ToList();
        var firstPicture = packets.Where(p => p[0] == "0").Min(p => double.Parse(p[1], CultureInfo.InvariantCulture));
        return [.. packets.Where(p => p[0] != "0").Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture) - firstPicture, double.Parse(p[2], CultureInfo.InvariantCulture)))];
    }
}
