using System.Net;
using System.Net.Sockets;
using SwarmHost.Media;

namespace SwarmHost.Tests;

/// <summary>
/// The relay passes a source's compressed packets over real SRT (libsrt through FFmpeg, AES with
/// a passphrase) without re-encoding; the receiver decodes the same pictures at the same
/// timestamps on the relayed timeline, so it can number them as the sender does.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class PacketRelayTests
{
    private const string Passphrase = "relay-test-passphrase-0123";

    [Theory]
    [InlineData("cockatoo.mp4")] // H.264 with B-frames, in MP4
    [InlineData("vtest.avi")] // MS-MPEG-4 v3, which MPEG-TS cannot carry
    public async Task A_relayed_clip_arrives_whole_with_its_timestamps_on_the_relayed_timeline(string name)
    {
        var clip = TestPaths.Clip(name);
        var port = FreeUdpPort();
        var sent = new List<long>();
        var received = new List<long>();
        using var sourceDone = new ManualResetEventSlim();
        RelayOutput? output = null;
        var receiver = Task.Run(async () =>
        {
            using var source = MediaSource.Open(new MediaSourceOptions($"srt://127.0.0.1:{port}?mode=listener")
            {
                Width = 320,
                Height = 180,
                NetworkTimeout = TimeSpan.FromSeconds(10),
                StallTimeout = TimeSpan.FromMilliseconds(500),
                InputOptions = Options(),
                StampAtSourceTime = (index, sourceNs) => new FrameStamp(index, sourceNs),
            });
            var ended = false;
            while (await source.ReadAsync() is { Kind: not SourceReadKind.Ended } read)
            {
                if (read.Frame is { } frame)
                {
                    received.Add(frame.TimestampNs);
                    frame.Release();
                }
                else if (ended)
                {
                    break; // stalled after the stream's end: everything came
                }
                else if (sourceDone.IsSet)
                {
                    Volatile.Read(ref output)!.End(); // the sender's source has ended and nothing came for a while: the end releases the pictures the decoder holds back
                    ended = true;
                }
            }
        });

        using var relay = new PacketRelay();
        using (var input = MediaSource.Open(new MediaSourceOptions(clip)
        {
            Width = 320,
            Height = 180,
            Relay = relay,
            StampAtSourceTime = (index, sourceNs) => new FrameStamp(index, sourceNs),
        }))
        {
            using var relayed = relay.Open($"srt://127.0.0.1:{port}?mode=caller", Options(), _ => { });
            Volatile.Write(ref output, relayed);
            while (await input.ReadAsync() is { Kind: SourceReadKind.Frame } read)
            {
                sent.Add(relay.ToRelayTimeNs(read.Frame!.TimestampNs));
                read.Frame.Release();
            }

            sourceDone.Set();
            await receiver.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(relayed.BytesSent > 0);
            Assert.Null(relayed.Failure);
        }

        Assert.True(sent.Count > 100, $"the clip gave {sent.Count} pictures");
        Assert.Equal(sent.Count, received.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.InRange(received[i] - sent[i], -1_000, 1_000); // the relay keeps the source's time base
        }
    }

    [Fact]
    public async Task A_receiver_with_another_passphrase_gets_nothing()
    {
        var port = FreeUdpPort();
        var receiver = Task.Run(() =>
        {
            using var source = MediaSource.Open(new MediaSourceOptions($"srt://127.0.0.1:{port}?mode=listener")
            {
                NetworkTimeout = TimeSpan.FromSeconds(4),
                InputOptions = new Dictionary<string, string>(Options("another-passphrase-9876")) { ["listen_timeout"] = "4000000" },
            });
        });
        using var relay = new PacketRelay();
        using var input = MediaSource.Open(new MediaSourceOptions(TestPaths.Clip("cockatoo.mp4")) { Width = 320, Height = 180, Relay = relay, MaxFrames = 30 });
        string? failure = null;
        using var done = new ManualResetEventSlim();
        using var output = relay.Open($"srt://127.0.0.1:{port}?mode=caller", Options(), why =>
        {
            failure = why;
            done.Set();
        });
        while (await input.ReadAsync() is { Kind: SourceReadKind.Frame } read)
        {
            read.Frame!.Release();
        }

        await Assert.ThrowsAsync<MediaInputException>(() => receiver.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(done.Wait(TimeSpan.FromSeconds(30)), "the relay never gave up on a receiver that refused its passphrase");
        Assert.Contains("cannot connect", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, failure, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Options(string passphrase = Passphrase) => new()
    {
        ["passphrase"] = passphrase,
        ["pbkeylen"] = "16",
        ["latency"] = "50000",
        ["linger"] = "2",
    };

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
