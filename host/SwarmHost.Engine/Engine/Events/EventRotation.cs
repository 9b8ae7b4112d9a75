using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SwarmHost.Engine.Events;

/// <summary>
/// How far a run's events file may grow (<c>docs/events.md</c>, "Rotation"): when the newest file
/// would pass <see cref="MaxBytes"/> it is renamed <c>&lt;name&gt;.1.jsonl</c> (older ones move up one
/// number) and a new one is started; only <see cref="Keep"/> older files are kept, the oldest beyond
/// that is deleted. The defaults (64 MiB, 8 older files) never rotate a demo-size run and bound a
/// run of any length to about 576 MiB of events.
/// </summary>
/// <param name="MaxBytes">Largest size of one file, bytes (at least <see cref="MinBytes"/>).</param>
/// <param name="Keep">How many older files are kept beside the newest (1..<see cref="MaxKeep"/>).</param>
public sealed record EventRotation(long MaxBytes, int Keep)
{
    /// <summary>The smallest file size accepted: 16 KiB (a file must hold its header and some events).</summary>
    public const long MinBytes = 16 * 1024;

    /// <summary>The largest file size accepted: 1 TiB.</summary>
    public const long MaxSize = 1L << 40;

    /// <summary>The most older files that may be kept.</summary>
    public const int MaxKeep = 1000;

    /// <summary>64 MiB per file, 8 older files kept.</summary>
    public static EventRotation Default { get; } = new(64L * 1024 * 1024, 8);

    /// <summary>
    /// The name of the <paramref name="number"/>-th older file of the events at <paramref name="path"/>:
    /// <c>out/events.jsonl</c> → <c>out/events.1.jsonl</c> (number 1 is the newest of the older files).
    /// </summary>
    public static string RotatedPath(string path, int number)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        var extension = Path.GetExtension(path);
        return Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}.{number.ToString(CultureInfo.InvariantCulture)}{extension}");
    }

    /// <summary>
    /// Reads a size such as <c>64MB</c>, <c>512KiB</c>, <c>1G</c> or <c>100000</c> (bytes). K, M and G
    /// (with or without <c>B</c> or <c>iB</c>) are powers of 1024. Returns <c>false</c> with a message
    /// saying what to write for anything else, or for a size outside <see cref="MinBytes"/>..<see cref="MaxSize"/>.
    /// </summary>
    public static bool TryParseSize(string text, out long bytes, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        bytes = 0;
        var value = text.Trim();
        var unit = 1L;
        var suffixes = new (string Suffix, long Unit)[] { ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("B", 1) };
        foreach (var (suffix, size) in suffixes)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[..^suffix.Length].TrimEnd();
                unit = size;
                break;
            }
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > MaxSize / unit || number * unit < MinBytes)
        {
            problem = $"'{text}' is not a size from 16KiB to 1TiB: write a whole number of bytes or one with K, M or G (powers of 1024), e.g. 64MB.";
            return false;
        }

        bytes = number * unit;
        problem = null;
        return true;
    }
}
