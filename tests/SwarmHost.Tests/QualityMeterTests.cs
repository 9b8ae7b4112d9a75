using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Media;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>In-process PSNR and SSIM, cross-checked against FFmpeg's own psnr and ssim filters on the same picture pairs.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class QualityMeterTests(ITestOutputHelper output)
{
    private static readonly Rational Rate = new(25, 1);

    [Theory]
    [InlineData("libx264", 34.0)]
    [InlineData("mpeg2video", 20.0)]
    public void Psnr_and_ssim_agree_with_ffmpegs_filters_frame_by_frame(string codec, double crf)
    {
        var dir = Directory.CreateTempSubdirectory("swarm-quality").FullName;
        var source = MediaRuns.ReadFrames(TestPaths.Clip("realshort.mp4"), 20);
        var profile = new OutputProfile("x", source[0].Width, source[0].Height, Rate, 10);
        var settings = codec == "mpeg2video" ? MediaRuns.Settings(codec, bitrate: 300_000) : MediaRuns.Settings(codec, crf: crf, preset: "veryfast");
        var (session, units) = MediaRuns.Encode(settings, profile, source);
        var decoded = MediaRuns.Decode(session, units);
        try
        {
            Assert.Equal(source.Count, decoded.Count);
            var ours = source.Zip(decoded, QualityMeter.Measure).ToList();
            MediaRuns.WriteY4m(Path.Combine(dir, "ref.y4m"), source, Rate);
            MediaRuns.WriteY4m(Path.Combine(dir, "dist.y4m"), decoded, Rate);

            var run = ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-i", Path.Combine(dir, "dist.y4m"), "-i", Path.Combine(dir, "ref.y4m"),
                "-lavfi", $"[0:v]split[a][b];[1:v]split[c][d];[a][c]psnr=stats_file={Path.Combine(dir, "psnr.log")};[b][d]ssim=stats_file={Path.Combine(dir, "ssim.log")}", "-f", "null", "-");
            Assert.True(run.ExitCode == 0, run.Error);
            var psnr = File.ReadAllLines(Path.Combine(dir, "psnr.log")).Select(Fields).ToList();
            var ssim = File.ReadAllLines(Path.Combine(dir, "ssim.log")).Select(Fields).ToList();
            Assert.Equal(ours.Count, psnr.Count);
            Assert.Equal(ours.Count, ssim.Count);
            for (var i = 0; i < ours.Count; i++)
            {
                Assert.InRange(ours[i].PsnrY, psnr[i]["psnr_y"] - 0.1, psnr[i]["psnr_y"] + 0.1);
                Assert.InRange(ours[i].PsnrYuv, psnr[i]["psnr_avg"] - 0.1, psnr[i]["psnr_avg"] + 0.1);
                Assert.InRange(ours[i].SsimY, ssim[i]["Y"] - 0.002, ssim[i]["Y"] + 0.002);
                Assert.InRange(ours[i].SsimAll, ssim[i]["All"] - 0.002, ssim[i]["All"] + 0.002);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{codec}: mean PSNR-Y {ours.Average(q => q.PsnrY):F2} dB; largest differences to FFmpeg: PSNR-Y {Enumerable.Range(0, ours.Count).Max(i => Math.Abs(ours[i].PsnrY - psnr[i]["psnr_y"])):F4} dB, PSNR-avg {Enumerable.Range(0, ours.Count).Max(i => Math.Abs(ours[i].PsnrYuv - psnr[i]["psnr_avg"])):F4} dB, SSIM-Y {Enumerable.Range(0, ours.Count).Max(i => Math.Abs(ours[i].SsimY - ssim[i]["Y"])):F5}, SSIM-All {Enumerable.Range(0, ours.Count).Max(i => Math.Abs(ours[i].SsimAll - ssim[i]["All"])):F5}"));
            Assert.InRange(ours.Average(q => q.PsnrY), 20, 50); // a real, lossy encode: neither identical nor garbage
        }
        finally
        {
            MediaRuns.Release(source);
            MediaRuns.Release(decoded);
        }
    }

    [Fact]
    public void Identical_pictures_measure_100_db_and_ssim_1()
    {
        var frames = MediaRuns.ReadFrames("lavfi:testsrc2=size=160x96:rate=25", 1);
        var quality = QualityMeter.Measure(frames[0], frames[0]);
        MediaRuns.Release(frames);

        Assert.Equal(new PictureQuality(100, 100, 1, 1), quality);
    }

    [Fact]
    public void Pictures_of_different_sizes_are_refused_with_a_reason()
    {
        var small = MediaRuns.ReadFrames("lavfi:testsrc2=size=160x96:rate=25", 1);
        var large = MediaRuns.ReadFrames("lavfi:testsrc2=size=320x192:rate=25", 1);
        var error = Assert.Throws<ArgumentException>(() => QualityMeter.Measure(small[0], large[0]));
        MediaRuns.Release(small);
        MediaRuns.Release(large);

        Assert.Contains("160x96 and 320x192", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, double> Fields(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(field => field.Split(':'))
            .Where(pair => pair.Length == 2 && double.TryParse(pair[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
}
