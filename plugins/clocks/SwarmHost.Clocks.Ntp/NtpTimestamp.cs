namespace SwarmHost.Clocks.Ntp;

/// <summary>Converts between NTP 64-bit timestamps (seconds since 1900 . 2^-32 fractions) and Unix nanoseconds.</summary>
internal static class NtpTimestamp
{
    /// <summary>Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch).</summary>
    public const long UnixEpochNtpSeconds = 2_208_988_800;

    private const long NsPerSecond = 1_000_000_000;
    private const long EraSeconds = 1L << 32;

    /// <summary>Encodes <paramref name="unixNs"/>; the fraction is truncated, so <see cref="ToUnixNs"/> gives the same ns back.</summary>
    public static ulong FromUnixNs(long unixNs)
    {
        var seconds = Math.DivRem(unixNs, NsPerSecond, out var ns);
        if (ns < 0)
        {
            seconds--;
            ns += NsPerSecond;
        }

        var fraction = (ulong)((ns << 32) / NsPerSecond);
        return ((ulong)(uint)(seconds + UnixEpochNtpSeconds) << 32) | fraction;
    }

    /// <summary>
    /// Decodes <paramref name="ntp"/> to Unix ns, choosing the NTP era (136-year wrap; the first ends
    /// in 2036) that puts it nearest <paramref name="pivotUnixNs"/>, normally our own clock.
    /// </summary>
    public static long ToUnixNs(ulong ntp, long pivotUnixNs)
    {
        var pivot = Math.DivRem(pivotUnixNs, NsPerSecond, out _) + UnixEpochNtpSeconds;
        var seconds = (pivot & ~(EraSeconds - 1)) | (long)(ntp >> 32);
        if (seconds - pivot > EraSeconds / 2)
        {
            seconds -= EraSeconds;
        }
        else if (pivot - seconds > EraSeconds / 2)
        {
            seconds += EraSeconds;
        }

        var ns = (((long)(ntp & 0xFFFF_FFFF) * NsPerSecond) + (1L << 31)) >> 32;
        return ((seconds - UnixEpochNtpSeconds) * NsPerSecond) + ns;
    }
}
