using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Health;

/// <summary>An encoder's target bitrate, read from its options for the health monitor's "bitrate far off target" check (weighting policies never read configuration).</summary>
internal static class BitrateTarget
{
    /// <summary>The <c>bitrate</c> option in bit/s, or a wrapped encoder's, in bitrate mode (no <c>crf</c>); <c>null</c> when there is none.</summary>
    public static double? Of(ComponentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Options.TryGetValue("crf", out var crf) && crf is not null)
        {
            return null;
        }

        if (spec.Options.TryGetValue("bitrate", out var bitrate) && bitrate is long bits)
        {
            return bits;
        }

        return spec.Options.Select(o => o.Value).OfType<ComponentSpec>().Select(Of).FirstOrDefault(t => t is not null);
    }
}
