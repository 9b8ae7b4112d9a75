using System.Text.Json.Nodes;
using SwarmHost.Engine;
using SwarmHost.Engine.Events;
using SwarmHost.Reporting;

namespace SwarmHost.Tests;

/// <summary>
/// The events file of a run: opened only once the run starts (a failed start keeps the previous
/// events), rotated by size with a cap, and read back as one run, in bounded memory, by the report.
/// </summary>
public sealed class EventRotationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swarm-events-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_run_that_never_starts_leaves_the_previous_events_as_they_were()
    {
        var path = Path.Combine(_folder, "events.jsonl");
        File.WriteAllText(path, "{\"type\":\"previous\"}\n");
        File.WriteAllText(EventRotation.RotatedPath(path, 1), "{\"type\":\"previous-older\"}\n");
        using (var events = new EventLog(path, new EventRotation(EventRotation.MinBytes, 2)))
        {
            events.Write("encoder-state", 0, new JsonObject { ["encoder"] = "a", ["state"] = "Joining" });
            events.Write("encoder-state", 0, new JsonObject { ["encoder"] = "a", ["state"] = "Failed", ["reason"] = "cannot open" });
        }

        Assert.Equal("{\"type\":\"previous\"}\n", File.ReadAllText(path));
        Assert.Equal("{\"type\":\"previous-older\"}\n", File.ReadAllText(EventRotation.RotatedPath(path, 1)));
    }

    [Fact]
    public void The_file_is_replaced_at_run_start_with_the_events_before_it_first_and_older_files_of_the_previous_run_deleted()
    {
        var path = Path.Combine(_folder, "events.jsonl");
        File.WriteAllText(path, "{\"type\":\"previous\"}\n");
        File.WriteAllText(EventRotation.RotatedPath(path, 1), "{\"type\":\"previous-older\"}\n");
        using (var events = new EventLog(path))
        {
            events.Write("encoder-state", 0, new JsonObject { ["encoder"] = "a", ["state"] = "Joining" });
            Assert.Equal("{\"type\":\"previous\"}\n", File.ReadAllText(path));
            events.Write("run-start", null, new JsonObject { ["encoders"] = new JsonObject { ["a"] = new JsonObject() } });
        }

        Assert.Equal(["events-file", "encoder-state", "run-start"], Types(path));
        Assert.False(File.Exists(EventRotation.RotatedPath(path, 1)));
    }

    [Fact]
    public void Events_rotate_by_size_keep_the_cap_and_the_newest_file_names_the_deleted_span()
    {
        var path = Path.Combine(_folder, "events.jsonl");
        var rotation = new EventRotation(EventRotation.MinBytes, 2);
        const int slots = 1000;
        WriteRun(path, rotation, slots);

        var files = Directory.GetFiles(_folder).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["events.1.jsonl", "events.2.jsonl", "events.jsonl"], files);
        foreach (var file in Directory.GetFiles(_folder))
        {
            Assert.True(new FileInfo(file).Length <= rotation.MaxBytes, $"{file} is {new FileInfo(file).Length} bytes, above {rotation.MaxBytes}");
        }

        var newest = File.ReadLines(path).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var header = newest[0];
        Assert.Equal("events-file", (string?)header["type"]);
        var part = (int)header["part"]!;
        Assert.True(part > 3, $"part {part}: the run should have needed more than three files");
        Assert.Equal("summary", (string?)newest[^1]["type"]);
        Assert.Equal("run-start", (string?)header["runStart"]!["type"]);

        // the older files are the two parts just before, of the same run
        for (var n = 1; n <= 2; n++)
        {
            var older = JsonNode.Parse(File.ReadLines(EventRotation.RotatedPath(path, n)).First())!;
            Assert.Equal(part - n, (int)older["part"]!);
            Assert.Equal((string?)header["run"], (string?)older["run"]);
        }

        // what the cap deleted: parts 1 .. part-3, from the first slot to the one before the oldest kept file's first
        var dropped = header["dropped"]!;
        Assert.Equal(1, (int)dropped["fromPart"]!);
        Assert.Equal(part - 3, (int)dropped["toPart"]!);
        Assert.Equal(part - 3, (int)dropped["files"]!);
        Assert.Equal(0, (long)dropped["fromSeq"]!);
        var oldestKeptFirstSeq = File.ReadLines(EventRotation.RotatedPath(path, 2)).Skip(1).Select(l => JsonNode.Parse(l)!["seq"]).First(s => s is not null)!.GetValue<long>();
        var toSeq = (long)dropped["toSeq"]!;
        Assert.InRange(oldestKeptFirstSeq - toSeq, 0, 1); // 0 when the kept file starts with the GOP stats of the last deleted slot

        // the report reads the set as one run and says what is gone
        var record = RunRecordReader.ReadFile(path);
        Assert.Equal(3, record.Files.Count);
        Assert.Equal(path, record.Files[^1]);
        Assert.NotNull(record.Dropped);
        Assert.Equal(toSeq, record.Dropped!.ToSeq);
        Assert.Contains(record.Warnings, w => w.Contains($"frames 0 to {toSeq}", StringComparison.Ordinal) && w.Contains("rotation cap", StringComparison.Ordinal));
        Assert.Equal(toSeq + 1, record.Slots[0].Sequence);
        Assert.Equal(slots - 1, record.Slots[^1].Sequence);
        Assert.Equal(slots, (long)record.Summary!["framesOut"]!);
        Assert.Equal(["a", "b", "c"], record.Encoders);
        Assert.Equal(1000.0 / 30, record.FrameIntervalMs, 3);
    }

    [Fact]
    public void The_report_reads_a_long_run_with_bounded_series_keeping_every_scene_cut()
    {
        var path = Path.Combine(_folder, "events.jsonl");
        const int slots = 40_000;
        WriteRun(path, new EventRotation(4L * 1024 * 1024, 100), slots);

        var record = RunRecordReader.ReadFile(path);

        Assert.True(record.Files.Count > 1, "the run should have rotated");
        Assert.Null(record.Dropped);
        Assert.Equal(slots, record.SlotCount);
        Assert.InRange(record.Slots.Count, 2048, 8192);
        Assert.True(record.SlotStride > 1);
        Assert.All(record.Slots.Zip(record.Slots.Skip(1)), pair => Assert.Equal(record.SlotStride, pair.Second.Sequence - pair.First.Sequence));
        Assert.Equal(slots / 500, record.SceneCuts.Count);
        Assert.InRange(record.Gops.Count(g => g.Encoder == "a"), 1, 4096);
        Assert.DoesNotContain(record.Warnings, w => w.Contains("rotation cap", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("64MB", 64L << 20)]
    [InlineData("512KiB", 512L << 10)]
    [InlineData("1G", 1L << 30)]
    [InlineData("20000", 20000L)]
    public void Sizes_read_with_binary_units(string text, long bytes)
    {
        Assert.True(EventRotation.TryParseSize(text, out var parsed, out var problem), problem);
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("1K")]
    [InlineData("-5MB")]
    [InlineData("lots")]
    [InlineData("2T")]
    public void Sizes_out_of_range_or_unreadable_are_refused_saying_what_to_write(string text)
    {
        Assert.False(EventRotation.TryParseSize(text, out _, out var problem));
        Assert.Contains("e.g. 64MB", problem, StringComparison.Ordinal);
    }

    /// <summary>A run's events as the engine writes them: joins, run-start, a weights event per slot, encoder stats per GOP, a scene cut every 500 slots, the summary.</summary>
    private static void WriteRun(string path, EventRotation rotation, int slots)
    {
        using var events = new EventLog(path, rotation);
        foreach (var id in new[] { "a", "b", "c" })
        {
            events.Write("encoder-state", 0, new JsonObject { ["encoder"] = id, ["instance"] = 1, ["state"] = "Joining", ["reason"] = "started" });
        }

        events.Write("run-start", null, new JsonObject
        {
            ["input"] = "lavfi:testsrc2",
            ["profile"] = "h264 320x180 @ 30/1 gop 30",
            ["frameIntervalMs"] = 33.333,
            ["gop"] = 30,
            ["encoders"] = new JsonObject { ["a"] = new JsonObject(), ["b"] = new JsonObject(), ["c"] = new JsonObject() },
        });
        for (var seq = 0; seq < slots; seq++)
        {
            events.Write("weights", seq, new JsonObject
            {
                ["complexity"] = 0.4,
                ["content"] = new JsonObject { ["complexity"] = 0.4, ["motionMean"] = 1.5, ["sceneCut"] = seq % 500 == 250 ? 1 : 0 },
                ["weights"] = new JsonObject { ["a"] = 0.5, ["b"] = 0.3, ["c"] = 0.2 },
                ["leader"] = "a",
            });
            if (seq % 30 == 29)
            {
                foreach (var id in new[] { "a", "b", "c" })
                {
                    events.Write("encoder-stats", seq, new JsonObject { ["encoder"] = id, ["meanEncodeMs"] = 3.2, ["maxEncodeMs"] = 7.5, ["missed"] = 0 });
                }
            }
        }

        events.Write("summary", null, new JsonObject { ["framesIn"] = slots, ["framesOut"] = slots, ["lostFrames"] = 0, ["handovers"] = 0 });
    }

    private static List<string?> Types(string path) => [.. File.ReadLines(path).Select(l => (string?)JsonNode.Parse(l)!["type"])];
}
