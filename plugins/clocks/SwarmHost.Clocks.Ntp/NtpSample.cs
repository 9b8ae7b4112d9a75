namespace SwarmHost.Clocks.Ntp;

/// <summary>A good reply as the clock filter keeps it.</summary>
/// <param name="Server">The server that answered.</param>
/// <param name="Reply">Offset, delay, stratum and reference id of the reply.</param>
/// <param name="TargetCorrectionNs">
/// The correction that puts the time scale on the server's time at T4: (T4 + θ) − local(T4), with
/// local the uncorrected scale. Unlike θ it stays valid if the system wall clock is stepped later.
/// </param>
/// <param name="ReceivedTimestamp">When the reply arrived, as a <see cref="System.Diagnostics.Stopwatch"/> reading.</param>
/// <param name="ReceivedAt">When the reply arrived, on the wall clock.</param>
internal sealed record NtpSample(
    NtpServer Server,
    NtpReply Reply,
    long TargetCorrectionNs,
    long ReceivedTimestamp,
    DateTimeOffset ReceivedAt);
