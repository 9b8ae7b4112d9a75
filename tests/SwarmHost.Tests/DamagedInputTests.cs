using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>
/// Damaged input is decoded on, as the ffmpeg CLI does, and damaged packets are counted; seeded
/// truncations and bit flips of real clips end with a verdict (exit 0, 1 with loss said, or 2
/// with a located message), never a crash, a hang or a raw exception.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class DamagedInputTests(ITestOutputHelper log)
{
    private static readonly string[] FuzzClips = ["cockatoo.mp4", "motion.mov", "sample.avi"];
    private static readonly double[] Cuts = [0.01, 0.3, 0.7];
    private static readonly int[] Seeds = [1, 2];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_damaged_mp4_is_decoded_on_at_least_as_far_as_the_ffmpeg_cli_and_its_damaged_packets_are_counted(bool keepIndex)
    {
        var folder = Directory.CreateTempSubdirectory("damaged-").FullName;
        var damaged = DamagedMedia.Flip(TestPaths.Clip("cockatoo.mp4"), folder, seed: 16, every: 1000, keepIndex);
        var cli = DamagedMedia.CliFrames(damaged);
        Assert.InRange(cli, 200, 279); // the CLI decodes most of it, not all (the clip has 280)
        Assert.NotEqual("", ExternalTool.DecodeErrors(damaged)); // it really is damaged
        var manifest = SwarmRuns.Manifest(folder, damaged);

        var (result, summary) = SwarmRuns.Run(manifest);

        log.WriteLine($"keepIndex {keepIndex}: ffmpeg CLI {cli} frames; swarm {summary.GetProperty("framesIn").GetInt64()} in, {summary.GetProperty("damagedPackets").GetInt64()} damaged packets");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.True(summary.GetProperty("framesIn").GetInt64() >= cli, $"the swarm read {summary.GetProperty("framesIn").GetInt64()} frames, the ffmpeg CLI decodes {cli}");
        Assert.True(summary.GetProperty("damagedPackets").GetInt64() > 0, "no damaged packet counted");
        Assert.Equal(0, summary.GetProperty("lostFrames").GetInt64());
        Assert.Equal(summary.GetProperty("framesOut").GetInt64(), ExternalTool.CountFrames(Path.Combine(folder, "program.ts")));
    }

    [Fact]
    public void Seeded_truncations_and_bit_flips_of_real_clips_end_with_a_verdict_never_a_crash_or_a_hang()
    {
        var folder = Directory.CreateTempSubdirectory("media-fuzz-").FullName;
        var mutants = new List<string>();
        foreach (var clip in FuzzClips.Select(TestPaths.Clip))
        {
            mutants.AddRange(Cuts.Select(share => DamagedMedia.Truncate(clip, folder, share)));
            mutants.AddRange(Seeds.Select(seed => DamagedMedia.Flip(clip, folder, seed, every: 1000, keepIndex: false)));
            mutants.Add(DamagedMedia.Flip(clip, folder, seed: 3, every: 100, keepIndex: false));
        }

        var tally = new Dictionary<int, int>();
        foreach (var mutant in mutants)
        {
            var run = Directory.CreateDirectory(Path.Combine(folder, Path.GetFileNameWithoutExtension(mutant))).FullName;
            var manifest = SwarmRuns.Manifest(run, mutant);
            var summaryPath = Path.Combine(run, "summary.json");
            var watch = Stopwatch.StartNew();
            var result = ExternalTool.Run("dotnet", TimeSpan.FromSeconds(20), [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "20", "--summary", summaryPath]);
            var text = result.Output + result.Error;
            tally[result.ExitCode] = tally.GetValueOrDefault(result.ExitCode) + 1;
            log.WriteLine($"{Path.GetFileName(mutant)}: exit {result.ExitCode} in {watch.Elapsed.TotalSeconds:F1} s: {result.Error.Split('\n').FirstOrDefault(l => l.StartsWith("error", StringComparison.Ordinal))}");

            Assert.True(result.ExitCode is 0 or 1 or 2, $"{mutant}: exit {result.ExitCode}\n{text}");
            Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // no stack trace
            if (result.ExitCode == 2)
            {
                Assert.Contains(mutant, result.Error, StringComparison.Ordinal); // located: the message names the input
                continue;
            }

            using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
            var root = summary.RootElement;
            var framesOut = root.GetProperty("framesOut").GetInt64();
            Assert.Equal(root.GetProperty("framesIn").GetInt64() - root.GetProperty("lostFrames").GetInt64(), framesOut);
            if (framesOut > 0)
            {
                Assert.Equal(framesOut, ExternalTool.CountFrames(Path.Combine(run, "program.ts")));
            }

            if (result.ExitCode == 1)
            {
                Assert.True(root.GetProperty("lostFrames").GetInt64() > 0 || root.GetProperty("error").GetString() is not null, $"{mutant}: exit 1 without loss or a reason\n{text}");
                Assert.Contains("error: ", result.Error, StringComparison.Ordinal);
            }
        }

        log.WriteLine($"{mutants.Count} mutants: " + string.Join(", ", tally.OrderBy(p => p.Key).Select(p => $"exit {p.Key}: {p.Value}")));
    }
}
