namespace SwarmHost.Clocks.Ptp;

/// <summary>A ptp clock instance's validated settings (see <see cref="PtpClockFactory"/> for what each means).</summary>
/// <param name="Interface">The network interface the slave listens and sends on.</param>
/// <param name="Domain">The PTP domain (0–127); messages of other domains are ignored.</param>
/// <param name="Timestamping">Where timestamps come from.</param>
/// <param name="MedianWindow">Samples the path delay (always) and the offset (user-space stamps) are median-filtered over.</param>
/// <param name="AnnounceReceiptTimeout">Announce intervals without an Announce before a master counts as gone.</param>
/// <param name="SyncReceiptTimeout">Sync intervals without a Sync before the selected master counts as silent.</param>
/// <param name="LockThresholdNs">|offset| of the time scale below which samples count toward Synchronised.</param>
/// <param name="LockSamples">Consecutive samples below (or above) the threshold that lock (or unlock) the clock.</param>
/// <param name="ServoKp">PI servo proportional gain, 1/s.</param>
/// <param name="ServoKi">PI servo integral gain, 1/s².</param>
internal sealed record PtpSettings(
    string Interface,
    byte Domain,
    TimestampingMode Timestamping,
    int MedianWindow,
    int AnnounceReceiptTimeout,
    int SyncReceiptTimeout,
    long LockThresholdNs,
    int LockSamples,
    double ServoKp,
    double ServoKi)
{
    /// <summary>Settings with the options table's defaults for <paramref name="networkInterface"/>.</summary>
    public static PtpSettings Defaults(string networkInterface) =>
        new(networkInterface, 0, TimestampingMode.Auto, 16, 3, 4, 20_000, 4, 0.7, 0.3);
}
