using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// Which audio goes into the output and how, with the real CLI on a file with two AAC tracks
/// (English at 48 kHz, French at 44.1 kHz): copied with their language tags where the container
/// takes them, encoded when told, left out (and said so) when the pictures are re-timed.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class AudioTracksTests
{
    [Fact]
    public void Every_track_is_copied_with_its_language_and_lasts_as_long_as_the_video()
    {
        var folder = Directory.CreateTempSubdirectory("audio-copy-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TwoTrackFile(folder));

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        var audio = summary.GetProperty("audio");
        Assert.Equal(["copy (aac)", "copy (aac)"], audio.GetProperty("tracks").EnumerateArray().Select(t => t.GetString()));
        var output = Path.Combine(folder, "program.ts");
        var streams = Streams(output);
        Assert.Equal(["h264", "aac eng 48000", "aac fra 44100"], streams.Select(s => s.Describe));
        var video = streams[0].Duration;
        Assert.All(streams.Skip(1), s => Assert.InRange(s.Duration, video - 0.1, video + 0.1));
        Assert.Equal("", ExternalTool.DecodeErrors(output));
        Assert.Contains("audio: 2 tracks (copy (aac); copy (aac))", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Told_not_to_copy_every_track_is_encoded()
    {
        var folder = Directory.CreateTempSubdirectory("audio-encode-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TwoTrackFile(folder));
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["output"]!["audio"] = new JsonObject { ["copy"] = false, ["codec"] = "mp2", ["bitrate"] = 192000 };
        File.WriteAllText(manifest, json.ToJsonString());

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(["mp2 192 kbit/s, stereo, 48000 Hz", "mp2 192 kbit/s, stereo, 48000 Hz"], summary.GetProperty("audio").GetProperty("tracks").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["h264", "mp2 eng 48000", "mp2 fra 48000"], Streams(Path.Combine(folder, "program.ts")).Select(s => s.Describe));
    }

    [Fact]
    public void Audio_beside_re_timed_pictures_is_left_out_and_the_run_says_why()
    {
        var folder = Directory.CreateTempSubdirectory("audio-retimed-").FullName;
        var manifest = SwarmRuns.Manifest(folder, TwoTrackFile(folder, rate: 25));

        var (result, summary) = SwarmRuns.Run(manifest);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, summary.GetProperty("audio").ValueKind);
        Assert.Contains("runs at 25/1 fps and $.profile.frameRate is 20/1", summary.GetProperty("audioNotCarried").GetString(), StringComparison.Ordinal);
        Assert.Contains("audio-not-carried", SwarmRuns.Events(manifest).Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["h264"], Streams(Path.Combine(folder, "program.ts")).Select(s => s.Describe));
    }

    private static string TwoTrackFile(string folder, int rate = 20)
    {
        var path = Path.Combine(folder, "two-tracks.mkv");
        var made = ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=s=640x360:r={rate}:d=3",
            "-f", "lavfi", "-i", "sine=f=440:sample_rate=48000:d=3", "-f", "lavfi", "-i", "sine=f=880:sample_rate=44100:d=3",
            "-map", "0", "-map", "1", "-map", "2", "-ac", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
            "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fra", path);
        Assert.True(made.ExitCode == 0, made.Error);
        return path;
    }

    /// <summary>Each stream of <paramref name="file"/>: codec (and language and rate for audio), and how long its packets span, s.</summary>
    private static List<(string Describe, double Duration)> Streams(string file)
    {
        var probe = ExternalTool.Run("ffprobe", "-v", "error", "-show_entries", "stream=index,codec_name,sample_rate:stream_tags=language", "-of", "csv=p=0", file);
        Assert.True(probe.ExitCode == 0, probe.Error);
        var packets = ExternalTool.Run("ffprobe", "-v", "error", "-show_entries", "packet=stream_index,pts_time,duration_time", "-of", "csv=p=0", file);
        Assert.True(packets.ExitCode == 0, packets.Error);
        var spans = packets.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(','))
            .Select(p => (Stream: int.Parse(p[0], CultureInfo.InvariantCulture), Start: double.Parse(p[1], CultureInfo.InvariantCulture), Duration: double.Parse(p[2], CultureInfo.InvariantCulture)))
            .GroupBy(p => p.Stream).ToDictionary(g => g.Key, g => g.Max(p => p.Start + p.Duration) - g.Min(p => p.Start));
        // MPEG-TS lists each stream once per program (without its tags) and once on its own: keep the fuller listing
        return [.. probe.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(','))
            .GroupBy(p => int.Parse(p[0], CultureInfo.InvariantCulture)).OrderBy(g => g.Key).Select(g => g.MaxBy(p => p.Length)!)
            .Select(p => (p.Length >= 4 ? $"{p[1]} {p[3]} {p[2]}" : p[1], spans[int.Parse(p[0], CultureInfo.InvariantCulture)]))];
    }
}
