namespace SwarmHost.Clocks.Ntp;

/// <summary>What one good server reply measured.</summary>
/// <param name="OffsetNs">θ = ((T2−T1)+(T3−T4))/2: server time minus our wall clock, in ns.</param>
/// <param name="DelayNs">δ = (T4−T1)−(T3−T2): the round-trip network delay, in ns (never negative).</param>
/// <param name="Stratum">The server's stratum (1–15).</param>
/// <param name="ReferenceId">The server's reference id: a code for stratum 1, an IPv4 address (or hash) above.</param>
internal readonly record struct NtpReply(long OffsetNs, long DelayNs, int Stratum, string ReferenceId);
