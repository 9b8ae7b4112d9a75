using SwarmHost.Media;

namespace SwarmHost.Tests;

/// <summary>A source that is not live is read, never waited for: it never reports a stall.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class MediaSourceReadTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lavfi_input_never_reports_a_stall_even_paced_and_with_a_stall_timeout_far_below_its_frame_interval(bool realtime)
    {
        // paced at 20 fps, a frame comes every 50 ms: far beyond a 1 ms stall timeout, which only a live input may report
        using var source = MediaSource.Open(new MediaSourceOptions("lavfi:testsrc2=size=320x180:rate=20") { MaxFrames = 20, Realtime = realtime, StallTimeout = TimeSpan.FromMilliseconds(1) });
        var kinds = new List<SourceReadKind>();
        while (kinds.LastOrDefault(SourceReadKind.Frame) != SourceReadKind.Ended)
        {
            var read = await source.ReadAsync();
            read.Frame?.Release();
            kinds.Add(read.Kind);
        }

        Assert.DoesNotContain(SourceReadKind.Stalled, kinds);
        Assert.Equal(20, kinds.Count(k => k == SourceReadKind.Frame));
        Assert.Equal(0, source.Counters.Stalls);
    }

    [Fact]
    public async Task Source_time_limits_what_is_read()
    {
        using var source = MediaSource.Open(new MediaSourceOptions("lavfi:testsrc2=size=320x180:rate=20") { MaxDuration = TimeSpan.FromSeconds(1) });
        var frames = 0;
        while ((await source.ReadAsync()) is { Kind: SourceReadKind.Frame } read)
        {
            read.Frame!.Release();
            frames++;
        }

        Assert.Equal(20, frames); // media times 0 … 0.95 s
    }
}
