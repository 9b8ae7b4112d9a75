using System.Buffers;
using System.Numerics;
using SwarmHost.Abstractions;

namespace SwarmHost.Combiners.Blend;

/// <summary>
/// Weighted blending of co-timed I420 pictures: the shares of the encoders that delivered a
/// picture, and the per-pixel weighted mean of all three planes.
/// </summary>
/// <remarks>
/// Shares are quantised to 16-bit fixed point summing exactly to 65536 (largest remainder), and
/// every output sample is (Σ shareᵢ·sampleᵢ + 32768) ≫ 16: the weighted mean rounded to the
/// nearest level, halves up, identical on every machine. Runs on <see cref="Vector{T}"/> lanes.
/// Thread-safe (no state).
/// </remarks>
public static class PictureBlender
{
    private const int One = 1 << 16;

    /// <summary>
    /// The shares of the encoders that delivered a picture: their weights renormalised to sum 1, so
    /// the weight of a missing, late or failed encoder is redistributed in proportion to the
    /// others'. When all their weights are 0 (or absent), each gets an equal share.
    /// </summary>
    /// <param name="weights">The slot's weights by encoder id (normally summing to 1 over the live encoders); negative weights count as 0.</param>
    /// <param name="present">The encoders that have a picture for the slot; at least one.</param>
    /// <returns>Share by encoder id, for exactly the ids in <paramref name="present"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="present"/> is empty.</exception>
    public static IReadOnlyDictionary<string, double> Shares(IReadOnlyDictionary<string, double> weights, IReadOnlyCollection<string> present)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(present);
        if (present.Count == 0)
        {
            throw new ArgumentException("No encoder has a picture for this slot; fill it (interpolate or repeat) instead of blending.", nameof(present));
        }

        static double Weight(IReadOnlyDictionary<string, double> w, string id) => w.TryGetValue(id, out var v) && v > 0 && double.IsFinite(v) ? v : 0;
        var total = present.Sum(id => Weight(weights, id));
        return present.Distinct(StringComparer.Ordinal).ToDictionary(
            id => id,
            id => total > 0 ? Weight(weights, id) / total : 1.0 / present.Count,
            StringComparer.Ordinal);
    }

    /// <summary>Blends pictures of one size by the given shares into a new picture with the given stamps.</summary>
    /// <param name="inputs">The pictures and their shares (normally from <see cref="Shares"/>; renormalised here if they do not sum to 1). Read only; not released.</param>
    /// <param name="sequence">The new picture's sequence number.</param>
    /// <param name="timestampNs">The new picture's timestamp.</param>
    /// <param name="durationNs">The new picture's duration.</param>
    /// <returns>A new pooled picture; the caller owns its one reference.</returns>
    /// <exception cref="ArgumentException">No inputs, pictures of different sizes, or no positive share.</exception>
    public static VideoFrame Blend(IReadOnlyList<(VideoFrame Picture, double Share)> inputs, long sequence, long timestampNs, long durationNs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("Nothing to blend; give at least one picture.", nameof(inputs));
        }

        var (width, height) = (inputs[0].Picture.Width, inputs[0].Picture.Height);
        if (inputs.Any(i => i.Picture.Width != width || i.Picture.Height != height))
        {
            throw new ArgumentException($"Pictures to blend must have one size; got {string.Join(", ", inputs.Select(i => $"{i.Picture.Width}x{i.Picture.Height}"))}. Decode them scaled to the profile size.", nameof(inputs));
        }

        var fixedShares = Quantise(inputs.Select(i => i.Share).ToList());
        var size = VideoFrame.BufferSize(width, height);
        var owner = MemoryPool<byte>.Shared.Rent(size);
        var output = owner.Memory.Span[..size];
        var used = Enumerable.Range(0, inputs.Count).Where(k => fixedShares[k] > 0).ToList();
        if (used.Count == 1)
        {
            inputs[used[0]].Picture.Planes.Span.CopyTo(output);
        }
        else
        {
            Accumulate(used.Select(k => inputs[k].Picture.Planes).ToList(), used.Select(k => (uint)fixedShares[k]).ToList(), output);
        }

        return new VideoFrame(owner, width, height, sequence, timestampNs, durationNs);
    }

    /// <summary>Shares as integers summing exactly to 65536 (largest remainder method).</summary>
    private static int[] Quantise(List<double> shares)
    {
        var clean = shares.Select(s => s > 0 && double.IsFinite(s) ? s : 0).ToList();
        var total = clean.Sum();
        if (total <= 0)
        {
            throw new ArgumentException("Every share is 0; give at least one picture a positive share (PictureBlender.Shares does).", nameof(shares));
        }

        var exact = clean.Select(s => s / total * One).ToList();
        var result = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = One - result.Sum();
        foreach (var k in Enumerable.Range(0, exact.Count).OrderByDescending(k => exact[k] - result[k]).ThenByDescending(k => exact[k]).Take(left))
        {
            result[k]++;
        }

        return result;
    }

    private static void Accumulate(List<ReadOnlyMemory<byte>> planes, List<uint> shares, Span<byte> output)
    {
        var length = output.Length;
        var lanes = Vector<byte>.Count;
        var half = new Vector<uint>(One / 2);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var weights = shares.Select(s => new Vector<uint>(s)).ToArray();
            for (; i + lanes <= length; i += lanes)
            {
                Vector<uint> a0 = half, a1 = half, a2 = half, a3 = half;
                for (var k = 0; k < planes.Count; k++)
                {
                    Vector.Widen(new Vector<byte>(planes[k].Span.Slice(i, lanes)), out var low, out var high);
                    Vector.Widen(low, out var w0, out var w1);
                    Vector.Widen(high, out var w2, out var w3);
                    a0 += w0 * weights[k];
                    a1 += w1 * weights[k];
                    a2 += w2 * weights[k];
                    a3 += w3 * weights[k];
                }

                var lowHalf = Vector.Narrow(Vector.ShiftRightLogical(a0, 16), Vector.ShiftRightLogical(a1, 16));
                var highHalf = Vector.Narrow(Vector.ShiftRightLogical(a2, 16), Vector.ShiftRightLogical(a3, 16));
                Vector.Narrow(lowHalf, highHalf).CopyTo(output.Slice(i, lanes));
            }
        }

        for (; i < length; i++)
        {
            var sum = (uint)One / 2;
            for (var k = 0; k < planes.Count; k++)
            {
                sum += planes[k].Span[i] * shares[k];
            }

            output[i] = (byte)(sum >> 16);
        }
    }
}
