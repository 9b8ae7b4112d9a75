using SwarmHost.Abstractions;

namespace SwarmHost.Combiners.Switch;

/// <summary>The <c>switch</c> combiner component: GOP-aligned switching between encoders, the production default.</summary>
public sealed class SwitchCombinerFactory : ICombinerFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "switch",
        ComponentKind.Combiner,
        "Switching combiner",
        "Holds each encoder's current GOP until it is complete, then writes the whole GOP of the highest-weight encoder whose GOP is complete (with hysteresis). An encoder that fails mid-GOP leaves an incomplete GOP, so the same GOP from another encoder is written: no frame lost, none inserted, at one GOP of latency. With \"hold\": \"none\" the leader's units go out as soon as their decode order allows, switching at GOP boundaries and planned handovers; a failure then loses the frames up to another encoder's next keyframe. Timestamps are rewritten onto one continuous output timeline.")
    {
        Author = "SwarmHost",
        Version = typeof(SwitchCombinerFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT",
        Rank = ComponentRank.Primary,
        Capabilities = new(KeyframeControl.PerFrame, 0, ["zero-loss-handover"]) { GopSwitching = true },
        Options =
        [
            new OptionDescriptor("hysteresis", OptionType.Number, "How much more (normalised) weight another encoder needs than the current leader to take over at a GOP boundary.") { Default = 0.05, Minimum = 0, Maximum = 1 },
            new OptionDescriptor("hold", OptionType.Enum, "gop: hold each GOP until it is complete (no frame lost when an encoder fails mid-GOP; one GOP of latency). none: write the leader's units as they come (latency of the encoders' own delay; a failure loses the frames up to another encoder's next keyframe).") { Default = "gop", AllowedValues = ["gop", "none"] },
        ],
    };

    /// <inheritdoc />
    public IOutputCombiner Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.GetString("hold") == "none" ? new LowLatencySwitch(options.GetDouble("hysteresis")) : new SwitchCombiner(options.GetDouble("hysteresis"));
    }
}
