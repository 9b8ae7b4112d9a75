using System.Globalization;
using System.Text.Json;
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

    [LabFact]
    public void Two_instances_on_one_live_multicast_source_write_the_same_segments_under_the_same_numbers()
    {
        using var lab = new NetworkLab("hlsepoch");
        const string group = "udp://239.255.31.1:5012";
        var senderStart = DateTimeOffset.UtcNow;
        var startSeconds = (senderStart.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        lab.Start(lab.ServerNs, null, "ffmpeg", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", $"testsrc2=size=320x180:rate=20:duration=40,{NumberBars}",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "20", "-b:v", "1M", "-output_ts_offset", startSeconds, // a sender stamping its pictures from the shared (system) clock
            "-f", "mpegts", $"{group}?localaddr={NetworkLab.ServerAddress}&ttl=1&pkt_size=1316");
        var first = Instance(lab, "a", group, 200);
        var second = Instance(lab, "b", group, 120);
        var runA = lab.Start(lab.ClientNs, null, "dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", first, "--quiet");
        Thread.Sleep(3500); // the second instance starts well after the first

        var runB = lab.Swarmhost(lab.ClientNs, null, "run", second, "--quiet");

        Assert.True(runB.ExitCode == 0, $"second instance: exit {runB.ExitCode}: {runB.Error}");
        Assert.True(runA.WaitForExit(TimeSpan.FromSeconds(60)) is 0, $"first instance: {runA.Log()}");
        var numbers = new Dictionary<string, List<long>>();
        foreach (var name in new[] { "a", "b" })
        {
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(lab.Folder, name, "summary.json")));
            var hls = summary.RootElement.GetProperty("hls");
            Assert.True(hls.GetProperty("epochLocked").GetBoolean(), $"{name}: {hls}");
            Assert.Equal(0, hls.GetProperty("slips").GetInt32());
            Assert.Equal(0, summary.RootElement.GetProperty("lostFrames").GetInt64());
            numbers[name] = [.. Segments(File.ReadAllText(Path.Combine(lab.Folder, name, "index.m3u8"))).Select(s => long.Parse(s["index-".Length..^".ts".Length], CultureInfo.InvariantCulture))];
        }

        var common = numbers["a"].Intersect(numbers["b"]).ToList();
        Assert.True(common.Count >= 3, $"segments both wrote: {string.Join(", ", common)} (first: {string.Join(", ", numbers["a"])}; second: {string.Join(", ", numbers["b"])})");
        foreach (var number in common)
        {
            var inA = SourcePictures(Path.Combine(lab.Folder, "a", $"index-{number}.ts"));
            var inB = SourcePictures(Path.Combine(lab.Folder, "b", $"index-{number}.ts"));
            Assert.Equal(inA, inB); // the same source pictures, in the same order
            Assert.Equal(Enumerable.Range(inA[0], 20), inA); // a whole segment of consecutive pictures
            var pictureTime = senderStart.ToUnixTimeMilliseconds() / 1000.0 + (inA[0] * 0.05);
            Assert.InRange((double)number, pictureTime - 1, pictureTime + 3); // numbered by the clock's time of its first picture (1 s segments; the sender's muxer adds 1.4 s)
            Assert.Equal(FirstPts(Path.Combine(lab.Folder, "a", $"index-{number}.ts")), FirstPts(Path.Combine(lab.Folder, "b", $"index-{number}.ts")));
            Assert.Equal("", ExternalTool.DecodeErrors(Path.Combine(lab.Folder, "b", $"index-{number}.ts")));
        }
    }

    /// <summary>Draws each picture's number (16 bits, 20 pixels a bit, least significant left) in a bar across the picture's top.</summary>
    private const string NumberBars = "geq=lum='if(lt(Y,16),if(bitand(floor(N/pow(2,floor(X/20))),1),235,16),lum(X,Y))':cb='cb(X,Y)':cr='cr(X,Y)'";

    /// <summary>The source picture numbers of a 320x180 file drawn by <see cref="NumberBars"/>, in order.</summary>
    private static List<int> SourcePictures(string file)
    {
        var raw = file + ".gray";
        var decoded = ExternalTool.Run("ffmpeg", "-v", "error", "-y", "-i", file, "-vf", "crop=320:16:0:0", "-f", "rawvideo", "-pix_fmt", "gray", raw);
        Assert.True(decoded.ExitCode == 0, decoded.Error);
        var bytes = File.ReadAllBytes(raw);
        var pictures = new List<int>();
        for (var offset = 0; offset + (320 * 16) <= bytes.Length; offset += 320 * 16)
        {
            pictures.Add(Enumerable.Range(0, 16).Sum(bit => bytes[offset + (8 * 320) + (20 * bit) + 10] > 128 ? 1 << bit : 0));
        }

        return pictures;
    }

    private static string FirstPts(string file) =>
        ExternalTool.Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts", "-of", "csv=p=0", file).Output.Split('\n')[0].Trim().TrimEnd(',');

    /// <summary>A live instance's manifest in its own folder: <paramref name="frames"/> frames of the multicast source into an HLS recording of 1 s segments.</summary>
    private static string Instance(NetworkLab lab, string name, string group, int frames)
    {
        var folder = Path.Combine(lab.Folder, name);
        Directory.CreateDirectory(folder);
        JsonObject Encoder(string id, string preset, string bitrate) => new() { ["id"] = id, ["plugin"] = "ffmpeg", ["options"] = new JsonObject { ["codec"] = "libx264", ["preset"] = preset, ["bitrate"] = bitrate } };
        var manifest = new JsonObject
        {
            ["source"] = new JsonObject { ["uri"] = $"{group}?localaddr={NetworkLab.ClientAddress}", ["frames"] = frames },
            ["profile"] = new JsonObject { ["codec"] = "h264", ["width"] = 320, ["height"] = 180, ["frameRate"] = "20/1", ["gop"] = 20 },
            ["encoders"] = new JsonArray(Encoder("fast", "ultrafast", "600k"), Encoder("main", "veryfast", "800k"), Encoder("lean", "superfast", "400k")),
            ["combiner"] = new JsonObject { ["plugin"] = "switch" },
            // two swarms of three encoders on a shared 2-core machine: a generous budget keeps a busy moment from costing frames (this test is about the segments)
            ["health"] = new JsonObject { ["latencyBudgetMs"] = 2000 },
            ["output"] = new JsonObject { ["uri"] = "index.m3u8", ["hls"] = new JsonObject { ["segmentGops"] = 1, ["keepAll"] = true } },
            ["summary"] = "summary.json",
        };
        var path = Path.Combine(folder, "swarm.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
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
