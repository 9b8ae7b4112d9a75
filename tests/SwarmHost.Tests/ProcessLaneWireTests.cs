using SwarmHost.Abstractions;
using SwarmHost.Engine.Lanes.Process;

namespace SwarmHost.Tests;

/// <summary>The parts a process lane is made of, each on its own: the frame ring, the wire format, the start message.</summary>
public sealed class ProcessLaneWireTests
{
    [Fact]
    public void A_frame_is_copied_into_the_ring_once_and_its_slot_is_freed_by_the_last_reader()
    {
        using var ring = new FrameRing(64, 32, slots: 2);
        using var frames = new TestFrames(64, 32);
        var first = frames.Next(7);
        var second = frames.Next(8);
        var third = frames.Next(9);

        var slot = ring.Acquire(first, () => false);
        Assert.Equal(slot, ring.Acquire(first, () => false)); // a second lane shares the copy
        var other = ring.Acquire(second, () => false);
        Assert.NotEqual(slot, other);
        Assert.Equal(-1, ring.Acquire(third, () => true)); // full: the caller gives up instead of waiting

        ring.Release(slot);
        Assert.Equal(2, ring.InUse);
        ring.Release(slot);
        Assert.Equal(1, ring.InUse);
        Assert.Equal(slot, ring.Acquire(third, () => false));

        using var view = new RingFrames(ring.Path, ring.SlotBytes, ring.Slots);
        var released = -1;
        var seen = view.Frame(slot, 64, 32, 9, third.TimestampNs, third.DurationNs, s => released = s);
        Assert.True(seen.Planes.Span.SequenceEqual(third.Planes.Span));
        seen.Release();
        Assert.Equal(slot, released);
    }

    [Fact]
    public void A_lane_start_keeps_every_option_type_through_the_wire()
    {
        var inner = new ComponentSpec("ffmpeg", new ComponentOptions([new("codec", "libx264"), new("crf", 23L), new("private", (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["x264-params"] = "aq-mode=2", ["threads"] = 2L })]));
        var spec = new ComponentSpec("chaos", new ComponentOptions([new("inner", inner), new("mode", "throw"), new("slowStepMs", 2.0), new("verbose", true), new("note", null)]));
        var start = new LaneStart("fast", 3, spec, new OutputProfile("h264", 640, 360, new Rational(30000, 1001), 60), true, 4, ["/opt/plugins"], ["/opt/plugins/SwarmHost.Encoders.Chaos"], "/proc/1/fd/9", 345600, 16);

        var back = LaneStart.Parse(start.ToJson());

        Assert.Equal(start.Profile, back.Profile);
        Assert.Equal(2.0, Assert.IsType<double>(back.Encoder.Options["slowStepMs"]));
        Assert.True(Assert.IsType<bool>(back.Encoder.Options["verbose"]));
        Assert.Null(back.Encoder.Options["note"]);
        var nested = Assert.IsType<ComponentSpec>(back.Encoder.Options["inner"]);
        Assert.Equal(23L, Assert.IsType<long>(nested.Options["crf"]));
        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(nested.Options["private"]);
        Assert.Equal(2L, map["threads"]);
        Assert.Equal(["/opt/plugins/SwarmHost.Encoders.Chaos"], back.Packages);
        Assert.Throws<InvalidDataException>(() => LaneStart.Parse("{\"encoderId\": 5}"));
    }

    [Fact]
    public void Units_and_sessions_cross_the_wire_unchanged_and_a_cut_stream_is_an_error()
    {
        using var pipe = new MemoryStream();
        var sender = new LaneConnection(pipe);
        var session = new EncoderSession("h264", 640, 360, 3, KeyframeControl.PerFrame, new byte[] { 1, 2, 3 }) { TargetBitrate = 2_000_000 };
        var unit = new EncodedUnit("fast", 42, 1_400_000_000, 1_366_666_667, true, new byte[] { 0, 0, 1, 0x65, 9 }, TimeSpan.FromMilliseconds(3.5));
        sender.Send(LaneWireKind.Opened, w => LaneConnection.WriteSession(w, session));
        sender.Send(LaneWireKind.Unit, w => LaneConnection.WriteUnit(w, unit, "garbage: flat picture", 12.5, double.NaN));

        pipe.Position = 0;
        var receiver = new LaneConnection(pipe);
        var opened = receiver.Receive()!.Value;
        Assert.Equal(LaneWireKind.Opened, opened.Kind);
        var gotSession = LaneConnection.ReadSession(opened.Payload);
        Assert.Equal(2_000_000, gotSession.TargetBitrate);
        Assert.Equal([1, 2, 3], gotSession.Extradata.ToArray());
        var (gotUnit, problem, psnr, ssim) = LaneConnection.ReadUnit(receiver.Receive()!.Value.Payload);
        Assert.Equal(unit with { Data = gotUnit.Data }, gotUnit);
        Assert.Equal(unit.Data.ToArray(), gotUnit.Data.ToArray());
        Assert.Equal(("garbage: flat picture", 12.5), (problem, psnr));
        Assert.True(double.IsNaN(ssim));
        Assert.Null(receiver.Receive()); // a clean end

        using var cut = new MemoryStream(pipe.ToArray()[..7]);
        Assert.Throws<EndOfStreamException>(() => new LaneConnection(cut).Receive());
    }
}
