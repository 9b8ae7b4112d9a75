using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>
/// HLS output (a <c>.m3u8</c> output), end to end with the real CLI and checked with the ffmpeg
/// CLI: segments of whole GOPs, each starting on a keyframe, numbered from the shared clock; a
/// recording keeps them all and plays through a handover and a failure with its audio; a live
/// playlist stays bounded and deletes old segments.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class HlsOutputTests
{
    [Fact]
    public void A_recording_plays_through_a_handover_and_a_failure_with_its_audio()
    {
        var folder = Directory.CreateTempSubdirectory("hls-event-").FullName;
        var manifest = WithHls(SwarmRuns.Manifest(folder, SyncPattern.Lavfi(20, 9), chaos: ("hang", 50)), new JsonObject { ["segmentGops"] = 1, ["keepAll"] = true });
        var playlist = Path.Combine(folder, "live", "index.m3u8");
        Directory.CreateDirectory(Path.GetDirectoryName(playlist)!);

        var (result, summary) = SwarmRuns.Run(manifest, "--output", playlist);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.True(summary.GetProperty("handovers").GetInt64() >= 1);
        var text = File.ReadAllText(playlist);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT", text, StringComparison.Ordinal);
        var segments = Segments(text);
        Assert.Equal(6, segments.Count); // 180 frames in GOPs of 30: one segment each
        var first = long.Parse(Path.GetFileNameWithoutExtension(segments[0]).Split('-')[^1], CultureInfo.InvariantCulture);
        var segmentNs = 30 * 50_000_000L;
        Assert.InRange(first, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 / segmentNs - 60, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 / segmentNs); // numbered from the clock's time (the system clock here)
        Assert.Equal(Enumerable.Range(0, segments.Count).Select(i => $"index-{first + i}.ts"), segments);
        foreach (var segment in segments)
        {
            var packets = ExternalTool.Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags", "-of", "csv=p=0", Path.Combine(folder, "live", segment));
            Assert.StartsWith("K", packets.Output.TrimStart(), StringComparison.Ordinal); // a segment starts on a GOP's keyframe
        }

        Assert.Equal("", ExternalTool.DecodeErrors(playlist));
        Assert.Equal(180, ExternalTool.CountFrames(playlist));
        var audio = ExternalTool.Run("ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=codec_name", "-of", "csv=p=0", playlist);
        Assert.Equal("aac", audio.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim());
    }

    [Fact]
    public void A_live_playlist_stays_bounded_and_old_segments_are_deleted()
    {
        var folder = Directory.CreateTempSubdirectory("hls-live-").FullName;
        var manifest = WithHls(SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20:duration=12"), new JsonObject { ["segmentGops"] = 1, ["listSize"] = 2 });
        var playlist = Path.Combine(folder, "index.m3u8");

        var (result, _) = SwarmRuns.Run(manifest, "--output", playlist);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        var listed = Segments(File.ReadAllText(playlist));
        Assert.Equal(2, listed.Count);
        var kept = Directory.GetFiles(folder, "index-*.ts").Select(Path.GetFileName).ToList();
        Assert.True(kept.Count <= 3, $"{kept.Count} segments kept for a playlist of 2: {string.Join(", ", kept)}"); // the muxer keeps one more than it lists, for players still reading it
        Assert.All(listed, s => Assert.Contains(s, kept));
        Assert.Equal("", ExternalTool.DecodeErrors(playlist));
    }

    private static List<string> Segments(string playlist) => [.. playlist.Split('\n').Select(l => l.Trim()).Where(l => l.EndsWith(".ts", StringComparison.Ordinal))];

    private static string WithHls(string manifest, JsonObject hls)
    {
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        json["output"]!["hls"] = hls;
        json["output"]!["uri"] = "index.m3u8";
        File.WriteAllText(manifest, json.ToJsonString());
        return manifest;
    }
}
