using SwarmHost.Abstractions;

namespace SwarmHost.Combiners.Blend;

/// <summary>One slot the blend combiner has seen but not yet emitted: its weights, the decoded pictures that arrived for it, and their blend once made.</summary>
/// <remarks>Owns one reference to every picture it holds; <see cref="Release"/> drops them all. One thread at a time.</remarks>
internal sealed class BlendSlot(long sequence, IReadOnlyDictionary<string, double> weights)
{
    /// <summary>The slot's sequence number.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The normalised weights of the live encoders when the slot closed.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; } = weights;

    /// <summary>Decoded pictures by encoder id, at the profile size.</summary>
    public Dictionary<string, VideoFrame> Pictures { get; } = new(StringComparer.Ordinal);

    /// <summary>The blend of <see cref="Pictures"/> once made, or <c>null</c>.</summary>
    public VideoFrame? Blend { get; private set; }

    /// <summary>How many pictures <see cref="Blend"/> was made from (it is remade when more arrived).</summary>
    public int BlendedFrom { get; private set; }

    /// <summary>The contributor with the largest share in <see cref="Blend"/>.</summary>
    public string? Leader { get; private set; }

    /// <summary>Replaces the blend (releasing the previous one).</summary>
    public void SetBlend(VideoFrame blend, int from, string leader)
    {
        Blend?.Release();
        Blend = blend;
        BlendedFrom = from;
        Leader = leader;
    }

    /// <summary>Hands the blend's reference to the caller; the slot no longer holds it.</summary>
    public VideoFrame TakeBlend()
    {
        var blend = Blend ?? throw new InvalidOperationException($"Slot {Sequence} has no blend to take.");
        Blend = null;
        return blend;
    }

    /// <summary>Releases every picture held.</summary>
    public void Release()
    {
        foreach (var picture in Pictures.Values)
        {
            picture.Release();
        }

        Pictures.Clear();
        Blend?.Release();
        Blend = null;
    }
}
