namespace SwarmHost.Clocks.Ntp;

/// <summary>What the poll thread last published about the clock; immutable, read by <see cref="NtpClock.Status"/> from any thread.</summary>
/// <param name="Best">The current estimate: the lowest-delay recent good sample across servers, or the last one when all aged out; <c>null</c> before any.</param>
/// <param name="LastGood">The newest good sample from any server, or <c>null</c>.</param>
/// <param name="GoodSamples">Good replies since start.</param>
/// <param name="Locked">Whether the clock has been Synchronised at least once.</param>
/// <param name="Rejected">Rejected replies since start, all servers.</param>
/// <param name="Unanswered">Polls without a reply, all servers.</param>
/// <param name="LastRejection">"server: reason" of the newest rejection, or <c>null</c>.</param>
/// <param name="LastError">"server: error" of the newest unanswered poll, or <c>null</c>.</param>
internal sealed record NtpClockSnapshot(
    NtpSample? Best,
    NtpSample? LastGood,
    long GoodSamples,
    bool Locked,
    long Rejected,
    long Unanswered,
    string? LastRejection,
    string? LastError)
{
    /// <summary>Before the first poll.</summary>
    public static NtpClockSnapshot Initial { get; } = new(null, null, 0, false, 0, 0, null, null);
}
