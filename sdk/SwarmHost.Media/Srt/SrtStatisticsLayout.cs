namespace SwarmHost.Media.Srt;

/// <summary>
/// Offsets in libsrt 1.5's <c>SRT_TRACEBSTATS</c> (x86-64; <c>offsetof</c> against Debian 12's
/// libsrt 1.5.1 srt.h) of the fields an SRT output reports.
/// </summary>
internal static class SrtStatisticsLayout
{
    /// <summary>sizeof(SRT_TRACEBSTATS) is 496; a little more is allocated for a later minor release's additions at its end.</summary>
    public const int Size = 1024;

    /// <summary>msRTT (double).</summary>
    public const int RttMs = 328;

    /// <summary>pktRetransTotal (int).</summary>
    public const int RetransmittedTotal = 32;

    /// <summary>pktSndDropTotal (int).</summary>
    public const int SenderDroppedTotal = 64;
}
