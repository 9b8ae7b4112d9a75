using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.Ptp;

/// <summary>The <c>ptp</c> clock component: a PTPv2 (IEEE 1588-2008) slave over UDPv4 that disciplines its own time scale to the best master on an interface.</summary>
/// <remarks>Cheap to construct and touches no network; every <see cref="Create"/> returns an independent, not yet started instance. Safe from any thread.</remarks>
public sealed class PtpClockFactory : IClockFactory
{
    /// <summary>The network interface option (required).</summary>
    public const string InterfaceOption = "interface";

    /// <summary>The PTP domain option.</summary>
    public const string DomainOption = "domain";

    /// <summary>The timestamping option (auto, kernel, user).</summary>
    public const string TimestampingOption = "timestamping";

    /// <summary>The median window option.</summary>
    public const string MedianWindowOption = "medianWindow";

    /// <summary>The announce receipt timeout option.</summary>
    public const string AnnounceReceiptTimeoutOption = "announceReceiptTimeout";

    /// <summary>The sync receipt timeout option.</summary>
    public const string SyncReceiptTimeoutOption = "syncReceiptTimeout";

    /// <summary>The lock threshold option.</summary>
    public const string LockThresholdOption = "lockThresholdNs";

    /// <summary>The lock sample count option.</summary>
    public const string LockSamplesOption = "lockSamples";

    /// <summary>The servo's proportional gain option.</summary>
    public const string ServoKpOption = "servoKp";

    /// <summary>The servo's integral gain option.</summary>
    public const string ServoKiOption = "servoKi";

    private static readonly PtpSettings Defaults = PtpSettings.Defaults("unused");

    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "ptp",
        ComponentKind.Clock,
        "PTP clock",
        "An IEEE 1588-2008 (PTPv2) ordinary-clock slave over UDPv4 (E2E): picks the best master on one interface by the standard dataset comparison, measures offset and path delay with kernel software timestamps, and disciplines its own time scale with a PI servo (the system clock is never touched). Holds over on its last frequency estimate when the master goes silent.")
    {
        Author = "SwarmHost",
        Version = typeof(PtpClockFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT",
        Rank = ComponentRank.Secondary,
        Options =
        [
            new OptionDescriptor(InterfaceOption, OptionType.String, "The network interface on the PTP network, e.g. eth0 or veth1. It needs an IPv4 address; the clock binds UDP 319/320 to it (root or CAP_NET_BIND_SERVICE + CAP_NET_RAW).")
            {
                Required = true,
            },
            new OptionDescriptor(DomainOption, OptionType.Integer, "The PTP domain to follow (ptp4l's domainNumber); messages of other domains are ignored.")
            {
                Default = (long)Defaults.Domain,
                Minimum = 0,
                Maximum = 127,
            },
            new OptionDescriptor(TimestampingOption, OptionType.Enum, "Where packet timestamps come from: 'kernel' software timestamps (SO_TIMESTAMPING, ~1 µs), 'user' stamps taken by the process (tens to hundreds of µs, median-filtered), or 'auto' = kernel where the platform has them, else user.")
            {
                Default = "auto",
                AllowedValues = ["auto", "kernel", "user"],
            },
            new OptionDescriptor(MedianWindowOption, OptionType.Integer, "Samples the path delay is median-filtered over (always, as ptp4l does) and, with user-space stamps, the offset too. Larger rejects more jitter but reacts more slowly.")
            {
                Default = (long)Defaults.MedianWindow,
                Minimum = 1,
                Maximum = 128,
            },
            new OptionDescriptor(AnnounceReceiptTimeoutOption, OptionType.Integer, "Announce intervals without an Announce before a master counts as gone (the clock then changes master or goes into holdover).")
            {
                Default = (long)Defaults.AnnounceReceiptTimeout,
                Minimum = 2,
                Maximum = 255,
            },
            new OptionDescriptor(SyncReceiptTimeoutOption, OptionType.Integer, "Sync intervals without a Sync from the selected master before the clock goes into holdover even though Announces still arrive.")
            {
                Default = (long)Defaults.SyncReceiptTimeout,
                Minimum = 2,
                Maximum = 255,
            },
            new OptionDescriptor(LockThresholdOption, OptionType.Integer, "Offset of the disciplined time scale from the master (ns) below which samples count toward Synchronised; 20000 suits software timestamps.")
            {
                Default = Defaults.LockThresholdNs,
                Minimum = 100,
                Maximum = 1_000_000_000,
            },
            new OptionDescriptor(LockSamplesOption, OptionType.Integer, "Consecutive samples inside the threshold that make the clock Synchronised (and outside it that make it Uncalibrated again).")
            {
                Default = (long)Defaults.LockSamples,
                Minimum = 1,
                Maximum = 100,
            },
            new OptionDescriptor(ServoKpOption, OptionType.Number, "PI servo proportional gain in 1/s (ptp4l's default 0.7). Capped per sample at 0.7/syncInterval for stability.")
            {
                Default = Defaults.ServoKp,
                Minimum = 0.001,
                Maximum = 10,
            },
            new OptionDescriptor(ServoKiOption, OptionType.Number, "PI servo integral gain in 1/s² (ptp4l's default 0.3); it learns the frequency error that holdover runs on. Capped per sample at 0.3/syncInterval².")
            {
                Default = Defaults.ServoKi,
                Minimum = 0.0001,
                Maximum = 10,
            },
        ],
    };

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An option is missing or out of range (the host validates first, so this means a caller skipped validation).</exception>
    public IClock Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        return new PtpClock(ReadSettings(options), TimeProvider.System, context.Logger);
    }

    /// <summary>Reads the settings from validated options, applying the table's defaults for absent ones.</summary>
    internal static PtpSettings ReadSettings(ComponentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var networkInterface = options.GetOrDefault<string?>(InterfaceOption, null);
        if (string.IsNullOrWhiteSpace(networkInterface))
        {
            throw new ArgumentException("The ptp clock needs the 'interface' option: the network interface on the PTP network (e.g. eth0).", nameof(options));
        }

        var timestamping = options.GetOrDefault(TimestampingOption, "auto") switch
        {
            "auto" => TimestampingMode.Auto,
            "kernel" => TimestampingMode.Kernel,
            "user" => TimestampingMode.User,
            var other => throw new ArgumentException($"The ptp clock's 'timestamping' option is '{other}'; use auto, kernel or user.", nameof(options)),
        };

        return new PtpSettings(
            networkInterface,
            (byte)Integer(options, DomainOption, Defaults.Domain, 0, 127),
            timestamping,
            (int)Integer(options, MedianWindowOption, Defaults.MedianWindow, 1, 128),
            (int)Integer(options, AnnounceReceiptTimeoutOption, Defaults.AnnounceReceiptTimeout, 2, 255),
            (int)Integer(options, SyncReceiptTimeoutOption, Defaults.SyncReceiptTimeout, 2, 255),
            Integer(options, LockThresholdOption, Defaults.LockThresholdNs, 100, 1_000_000_000),
            (int)Integer(options, LockSamplesOption, Defaults.LockSamples, 1, 100),
            Number(options, ServoKpOption, Defaults.ServoKp, 0.001, 10),
            Number(options, ServoKiOption, Defaults.ServoKi, 0.0001, 10));
    }

    private static long Integer(ComponentOptions options, string name, long fallback, long min, long max)
    {
        var value = options.GetOrDefault(name, fallback);
        return value >= min && value <= max
            ? value
            : throw new ArgumentException($"The ptp clock's '{name}' option is {value}; give a value from {min} to {max}.", nameof(options));
    }

    private static double Number(ComponentOptions options, string name, double fallback, double min, double max)
    {
        var value = options.TryGetValue(name, out var raw) && raw is long whole ? whole : options.GetOrDefault(name, fallback);
        return value >= min && value <= max
            ? value
            : throw new ArgumentException($"The ptp clock's '{name}' option is {value}; give a value from {min} to {max}.", nameof(options));
    }
}
