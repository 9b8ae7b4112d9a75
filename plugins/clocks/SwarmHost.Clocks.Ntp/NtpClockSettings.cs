namespace SwarmHost.Clocks.Ntp;

/// <summary>The ntp clock's options after validation (see <see cref="NtpClockFactory"/> for what each means).</summary>
/// <param name="Servers">Comma-separated <c>host[:port]</c> list, parsed when the clock starts.</param>
/// <param name="Poll">Interval between polls of every server.</param>
/// <param name="Samples">Good samples kept per server; the lowest-delay one among them is the estimate.</param>
/// <param name="Timeout">How long to wait for a reply.</param>
/// <param name="Burst">Requests sent back to back per poll; the lowest-delay good reply is the poll's sample.</param>
/// <param name="MaxSlewPpm">Largest rate at which the time scale's correction changes.</param>
/// <param name="LockSamples">Good samples needed before the clock reports Synchronised.</param>
/// <param name="HoldoverAfter">No good sample for this long after being synchronised means Holdover.</param>
internal sealed record NtpClockSettings(
    string Servers,
    TimeSpan Poll,
    int Samples,
    TimeSpan Timeout,
    int Burst,
    double MaxSlewPpm,
    int LockSamples,
    TimeSpan HoldoverAfter)
{
    /// <summary>How old a sample may be and still count for the estimate: the span <see cref="Samples"/> polls cover.</summary>
    public TimeSpan SampleLifetime => (Poll * Samples) + (Timeout * Burst);

    /// <summary>The poll interval as NTP's log2-seconds exponent (informational in requests).</summary>
    public sbyte PollExponent => (sbyte)Math.Clamp(Math.Round(Math.Log2(Poll.TotalSeconds)), -6, 17);
}
