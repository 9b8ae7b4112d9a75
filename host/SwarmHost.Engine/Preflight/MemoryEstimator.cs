using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Lanes;

namespace SwarmHost.Preflight;

/// <summary>
/// Works out what a swarm configuration holds in memory at most, from the engine's own bounds:
/// the source's read queue and decoder, the frames in flight through the encoder queues (8 each,
/// 256 with live timing; frames are shared, so the deepest queue counts once), every encoder's
/// own pictures (<see cref="EncoderFootprint"/>), the output checks' decoders, the combiner's hold
/// and the analyzers' working pictures, plus the runtime and libraries. docs/resources.md states
/// the formula; it is meant as an upper bound of the process's peak resident memory.
/// </summary>
public static class MemoryEstimator
{
    /// <summary>Resident memory of the process before any frame: .NET, FFmpeg, OpenCV and ONNX Runtime loaded, plugins and models open.</summary>
    public const long RuntimeBytes = 450_000_000;

    /// <summary>Frames an encoder queue holds when the input is read as fast as it goes (<c>EncoderWorker</c>'s capacity).</summary>
    public const int QueueFrames = 8;

    /// <summary>Frames an encoder queue holds with live timing (realtime or network input).</summary>
    public const int LiveQueueFrames = 256;

    /// <summary>Frames the source's read-ahead queue holds (<c>MediaSourceOptions.QueueCapacity</c>).</summary>
    public const int SourceQueueFrames = 8;

    /// <summary>Pictures a decoder holds at most: 16 references, the current one and working copies.</summary>
    public const int DecoderFrames = 20;

    /// <summary>Working pictures one analyzer keeps (grey and float copies, the previous frame, model inputs).</summary>
    public const int AnalyzerFrames = 6;

    /// <summary>Estimates the memory <paramref name="targets"/> need.</summary>
    public static MemoryEstimate Estimate(PreflightTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var profile = targets.Profile;
        long frame = VideoFrame.BufferSize(profile.Width, profile.Height);
        var pooled = PooledBytes(frame);
        var size = Size(frame);
        var footprints = targets.Encoders.Select(e => (e.InstanceId, Footprint: EncoderFootprint.Of(e.Spec, profile))).ToList();
        var count = footprints.Count;
        var maxDelay = footprints.Select(f => f.Footprint.DelayFrames).DefaultIfEmpty(0).Max();
        var queue = targets.LiveTiming ? LiveQueueFrames : QueueFrames;
        var items = new List<MemoryItem>
        {
            new("runtime and libraries", RuntimeBytes, "measured before the first frame, rounded up"),
            new("source", (DecoderFrames * frame) + ((SourceQueueFrames + 1) * pooled),
                $"{DecoderFrames} decoder pictures × {size} + {SourceQueueFrames + 1} read ahead × {ByteSize.Format(pooled)} pooled"),
        };
        var inFlight = queue + maxDelay + count + 3;
        items.Add(new("frames in flight", inFlight * pooled,
            $"({queue} queued{(targets.LiveTiming ? " (live timing)" : "")} + {maxDelay} encoder delay + {count} being encoded + 3 held by the reader and analyzers) × {ByteSize.Format(pooled)} pooled"));
        foreach (var (id, f) in footprints)
        {
            items.Add(new($"encoder '{id}' ({f.Description})", f.Bytes,
                string.Create(CultureInfo.InvariantCulture, $"{f.HeldFrames} pictures × {f.Width}x{f.Height} × {f.BytesPerPixel:0.#} bytes")));
        }

        if (targets.VerifyOutput && count > 0)
        {
            var decoders = footprints.Sum(f => (long)DecoderFrames * VideoFrame.BufferSize(f.Footprint.Width, f.Footprint.Height)) + (DecoderFrames + 2L) * frame;
            items.Add(new("output checks", decoders, $"a decoder of {DecoderFrames} pictures per encoder and one for the output"));
        }

        items.Add(Combiner(targets, footprints.Select(f => f.Footprint).ToList(), frame, size));
        if (targets.Analyzers.Count > 0)
        {
            items.Add(new("analyzers", targets.Analyzers.Count * AnalyzerFrames * frame, $"{targets.Analyzers.Count} × {AnalyzerFrames} working pictures × {size}"));
        }

        return new(items);
    }

    private static MemoryItem Combiner(PreflightTargets targets, List<EncoderFootprint> encoders, long frame, string size)
    {
        var id = targets.Combiner?.Spec.Plugin ?? "(none)";
        if (targets.CombinerSwitches)
        {
            // compressed units of one GOP per encoder; a unit is counted at a quarter of a raw picture
            return new($"combiner '{id}'", (long)encoders.Count * targets.Profile.Gop * (frame / 4),
                $"one GOP ({targets.Profile.Gop}) of units per encoder, each counted at a quarter of {size}");
        }

        // a combiner that decodes and re-encodes: a decoder per encoder and an output encoder of the largest kind
        var output = EncoderFootprint.Largest(targets.Profile.Width, targets.Profile.Height);
        return new($"combiner '{id}'", encoders.Count * (long)DecoderFrames * frame + output.Bytes + targets.Profile.Gop * frame,
            $"a decoder of {DecoderFrames} pictures per encoder, an output encoder of {output.HeldFrames} pictures and one GOP of pictures, × {size}");
    }

    /// <summary>What one pooled frame buffer occupies: the shared array pool hands out arrays rounded up to a power of two (up to 1 GiB).</summary>
    public static long PooledBytes(long frameBytes) =>
        frameBytes <= 1L << 30 ? (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)frameBytes) : frameBytes;

    private static string Size(long bytes) => ByteSize.Format(bytes) + " a frame";
}
