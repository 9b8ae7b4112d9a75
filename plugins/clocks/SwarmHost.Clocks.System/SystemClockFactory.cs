using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.System;

/// <summary>The <c>system</c> clock component: this machine's wall clock, anchored once to the monotonic clock.</summary>
public sealed class SystemClockFactory : IClockFactory
{
    /// <summary>Name of the option that shifts the time scale by a fixed amount.</summary>
    public const string OffsetOption = "offsetMs";

    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "system",
        ComponentKind.Clock,
        "System clock",
        "This machine's wall-clock time, read once at start and then advanced by the monotonic clock, so it never steps back within a run. Synchronised to itself only: use ntp or ptp to line up several machines.")
    {
        Author = "SwarmHost",
        Version = typeof(SystemClockFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT",
        Rank = ComponentRank.Primary,
        Options =
        [
            new OptionDescriptor(OffsetOption, OptionType.Number, "Fixed offset in milliseconds added to the system time, e.g. to compensate a known offset of this machine from house time.")
            {
                Default = 0.0,
                Minimum = -86_400_000,
                Maximum = 86_400_000,
            },
        ],
    };

    /// <inheritdoc />
    public IClock Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var offsetNs = (long)Math.Round(options.GetDouble(OffsetOption) * 1_000_000);
        return new SystemClock(TimeProvider.System, offsetNs);
    }
}
