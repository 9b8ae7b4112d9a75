using System.Globalization;

namespace SwarmHost.Preflight;

/// <summary>Formats byte counts for people, in decimal units (1 MB = 1,000,000 bytes), as the memory messages print them.</summary>
public static class ByteSize
{
    /// <summary>Formats <paramref name="bytes"/> as "310 MB" or "22.1 GB".</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:F1} GB"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F0} MB"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:F0} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
