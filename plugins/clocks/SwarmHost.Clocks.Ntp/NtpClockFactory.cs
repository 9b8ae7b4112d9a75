using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.Ntp;

/// <summary>
/// The <c>ntp</c> clock component: an NTPv4 client that follows one or more NTP servers and stamps
/// frames on its own slewed time scale, without touching the system clock.
/// </summary>
/// <remarks>Constructing the factory touches nothing; each <see cref="Create"/> returns an independent, not yet started clock.</remarks>
public sealed class NtpClockFactory : IClockFactory
{
    /// <summary>Comma-separated NTP servers, <c>host[:port]</c>.</summary>
    public const string ServersOption = "servers";

    /// <summary>Interval between polls, ms.</summary>
    public const string PollOption = "pollMs";

    /// <summary>Good samples kept per server for the clock filter.</summary>
    public const string SamplesOption = "samples";

    /// <summary>Reply timeout, ms.</summary>
    public const string TimeoutOption = "timeoutMs";

    /// <summary>Requests sent back to back on each poll.</summary>
    public const string BurstOption = "burst";

    /// <summary>Largest correction rate, ppm.</summary>
    public const string MaxSlewOption = "maxSlewPpm";

    /// <summary>Good samples before Synchronised.</summary>
    public const string LockSamplesOption = "lockSamples";

    /// <summary>Silence after which a synchronised clock reports Holdover, ms (0 = automatic).</summary>
    public const string HoldoverOption = "holdoverAfterMs";

    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "ntp",
        ComponentKind.Clock,
        "NTP clock",
        "An NTPv4 client (RFC 5905): polls one or more NTP servers, keeps the lowest-delay recent reply as its offset estimate and slews its own monotonic time scale onto the servers' time (never backwards, never a jump after the first lock). The system clock is left alone.")
    {
        Author = "SwarmHost",
        Version = typeof(NtpClockFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT",
        Rank = ComponentRank.Secondary,
        Capabilities = new ComponentCapabilities(Features: ["network-sync", "slewed", "holdover"]),
        Options =
        [
            new OptionDescriptor(ServersOption, OptionType.String, "NTP servers to follow, comma-separated host[:port] (port 123 when omitted; IPv6 as [address]:port), e.g. \"192.0.2.1\" or \"ntp1.example.com, 192.0.2.7:11123\". All are polled; the lowest-delay good reply wins, and a server that only sends bad replies is ignored.")
            {
                Required = true,
            },
            new OptionDescriptor(PollOption, OptionType.Integer, "Milliseconds between polls of every server. Shorter locks faster and follows drift more closely at the cost of more traffic; ask the server's operator before polling a public server faster than every 64 s.")
            {
                Default = 1000L,
                Minimum = 100,
                Maximum = 3_600_000,
            },
            new OptionDescriptor(SamplesOption, OptionType.Integer, "How many recent good samples each server keeps; the one with the lowest round-trip delay among them is the offset estimate (NTP's clock filter). More samples reject delay spikes better but react more slowly.")
            {
                Default = 8L,
                Minimum = 1,
                Maximum = 64,
            },
            new OptionDescriptor(TimeoutOption, OptionType.Integer, "Milliseconds to wait for a server's reply before counting the poll as unanswered.")
            {
                Default = 500L,
                Minimum = 10,
                Maximum = 60_000,
            },
            new OptionDescriptor(BurstOption, OptionType.Integer, "Requests sent back to back to each server on every poll; the lowest-delay good reply is the poll's sample. The first exchange after the poll interval's sleep pays for a cold CPU (on loopback ~70 µs delay and ~10 µs offset bias, against ~13 µs and ~3 µs for the next), so 2 measures better; 1 halves the traffic.")
            {
                Default = 2L,
                Minimum = 1,
                Maximum = 8,
            },
            new OptionDescriptor(MaxSlewOption, OptionType.Number, "Fastest rate, in parts per million, at which the time scale is corrected (500 ppm = 0.5 ms per second, as NTP daemons slew). Larger converges faster; frames stamped meanwhile see their interval stretched or shrunk by at most this fraction.")
            {
                Default = 500.0,
                Minimum = 1,
                Maximum = 100_000,
            },
            new OptionDescriptor(LockSamplesOption, OptionType.Integer, "Good replies needed before the clock reports Synchronised (Uncalibrated until then).")
            {
                Default = 3L,
                Minimum = 1,
                Maximum = 64,
            },
            new OptionDescriptor(HoldoverOption, OptionType.Integer, "Milliseconds without a good reply, once synchronised, before the clock reports Holdover (time keeps running on the local clock). 0 picks 4 × pollMs + burst × timeoutMs; otherwise it must exceed pollMs + burst × timeoutMs.")
            {
                Default = 0L,
                Minimum = 0,
                Maximum = 86_400_000,
            },
        ],
    };

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><c>holdoverAfterMs</c> is shorter than one poll cycle; the message says what to set.</exception>
    public IClock Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var poll = TimeSpan.FromMilliseconds(options.GetInt64(PollOption));
        var timeout = TimeSpan.FromMilliseconds(options.GetInt64(TimeoutOption));
        var holdoverMs = options.GetInt64(HoldoverOption);
        var burst = options.GetInt64(BurstOption);
        var cycle = poll + (timeout * burst);
        var holdover = holdoverMs == 0 ? (poll * 4) + (timeout * burst) : TimeSpan.FromMilliseconds(holdoverMs);
        if (holdover <= cycle)
        {
            throw new ArgumentException($"The ntp clock's {HoldoverOption} ({holdoverMs}) must be longer than {PollOption} + {BurstOption} × {TimeoutOption} ({cycle.TotalMilliseconds:0}), or a single lost poll would count as holdover; raise it, or set 0 for 4 × {PollOption} + {BurstOption} × {TimeoutOption}.", nameof(options));
        }

        var settings = new NtpClockSettings(
            options.GetString(ServersOption),
            poll,
            (int)options.GetInt64(SamplesOption),
            timeout,
            (int)options.GetInt64(BurstOption),
            options.GetDouble(MaxSlewOption),
            (int)options.GetInt64(LockSamplesOption),
            holdover);
        return new NtpClock(settings, context.Logger);
    }
}
