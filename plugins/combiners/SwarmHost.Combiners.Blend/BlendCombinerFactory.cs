using SwarmHost.Abstractions;

namespace SwarmHost.Combiners.Blend;

/// <summary>The <c>blend</c> combiner component: decode every encoder, blend by weight, interpolate what is missing, re-encode.</summary>
public sealed class BlendCombinerFactory : ICombinerFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "blend",
        ComponentKind.Combiner,
        "Blending combiner",
        "Decodes every encoder's units (mixed codecs and sizes welcome), blends co-timed pictures by the current weights (the weight of a missing, late or failed encoder goes to the others), fills a slot no encoder delivered by motion-compensated interpolation (repeat as the fallback), and re-encodes the result with its own output encoder. Weight changes become gradual cross-fades; a failing encoder costs no frame. Latency: lookahead + the largest encoder delay + 4 slots, plus the output encoder's delay.")
    {
        Author = "SwarmHost",
        Version = typeof(BlendCombinerFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT (FFmpeg and OpenCV: their own licences)",
        Rank = ComponentRank.Secondary,
        Capabilities = new(KeyframeControl.NotApplicable, BlendSettings.DefaultLookahead + BlendCombiner.ReorderSlack, ["blending", "re-encoding", "zero-loss-handover", "mixed-codecs", "motion-interpolation"]),
        Options =
        [
            new OptionDescriptor("encoder", OptionType.Component, "The output encoder, as { \"plugin\": \"ffmpeg\", \"options\": { ... } }; it must write the profile's codec at the profile's size. Default: the ffmpeg component with the profile codec's live-friendly encoder (h264: libx264 veryfast, hevc: libx265 ultrafast, vp9: libvpx-vp9 realtime, av1: libsvtav1 preset 10) at 0.1 bit per pixel. For .mkv/.mp4 output give it globalHeader: true.") { ComponentKind = ComponentKind.Encoder },
            new OptionDescriptor("lookahead", OptionType.Integer, "Slots each picture is held beyond the encoders' own delay, so that a slot nobody delivered can be interpolated towards a later picture. More finds a later picture after longer outages, at one frame of latency each; 0 leaves only the decoder slack.") { Default = (long)BlendSettings.DefaultLookahead, Minimum = 0, Maximum = 120 },
            new OptionDescriptor("interpolation", OptionType.Enum, "How a slot no encoder delivered is filled: motion (motion-compensated interpolation between the neighbouring pictures, from dense optical flow) or repeat (the previous picture again; cheapest, visible as a stutter on motion).") { Default = "motion", AllowedValues = ["motion", "repeat"] },
            new OptionDescriptor("flowScale", OptionType.Number, "The fraction of the profile size the optical flow for interpolation is computed at: 1 is most precise, 0.5 about four times cheaper and usually as good, 0.25 for large pictures on a busy machine. Only used when a slot must be filled.") { Default = BlendSettings.DefaultFlowScale, Minimum = 0.1, Maximum = 1 },
        ],
    };

    /// <inheritdoc />
    public IOutputCombiner Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        return new BlendCombiner(BlendSettings.FromOptions(options), context);
    }
}
