namespace SwarmHost.Tests;

/// <summary>Seeded damage to real clips: bytes flipped or the file cut short, written beside the test's other files.</summary>
internal static class DamagedMedia
{
    /// <summary>Flips one bit in about every <paramref name="every"/> bytes (seeded); with <paramref name="keepIndex"/> only inside the mp4/mov <c>mdat</c> box, so the header and index stay intact.</summary>
    public static string Flip(string clip, string folder, int seed, int every, bool keepIndex)
    {
        var data = File.ReadAllBytes(clip);
        var (from, to) = keepIndex && MediaData(data) is { } box ? box : (0, data.Length);
        var random = new Random(seed);
        for (var i = 0; i < data.Length / every; i++)
        {
            data[random.Next(from, to)] ^= (byte)(1 << random.Next(8));
        }

        var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(clip)}-flip{seed}-{every}{(keepIndex ? "-data" : "")}{Path.GetExtension(clip)}");
        File.WriteAllBytes(path, data);
        return path;
    }

    /// <summary>The first <paramref name="share"/> of the file.</summary>
    public static string Truncate(string clip, string folder, double share)
    {
        var data = File.ReadAllBytes(clip);
        var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(clip)}-cut{share * 100:F0}{Path.GetExtension(clip)}");
        File.WriteAllBytes(path, data[..(int)(data.Length * share)]);
        return path;
    }

    /// <summary>Frames the ffmpeg CLI decodes from <paramref name="path"/> (it decodes on past damage).</summary>
    public static int CliFrames(string path)
    {
        var result = ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-progress", "pipe:1", "-f", "null", "-");
        Assert.True(result.ExitCode == 0, $"ffmpeg could not decode {path}: {result.Error}");
        var last = result.Output.Split('\n').LastOrDefault(l => l.StartsWith("frame=", StringComparison.Ordinal));
        return last is null ? 0 : int.Parse(last["frame=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The payload of the top-level <c>mdat</c> box of an mp4/mov, or <c>null</c>.</summary>
    private static (int From, int To)? MediaData(byte[] data)
    {
        var at = 0L;
        while (at + 8 <= data.Length)
        {
            long size = (uint)(data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3]);
            var header = 8;
            if (size == 1 && at + 16 <= data.Length)
            {
                size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan((int)at + 8, 8));
                header = 16;
            }

            if (size < 8)
            {
                return null;
            }

            if (data[at + 4] == 'm' && data[at + 5] == 'd' && data[at + 6] == 'a' && data[at + 7] == 't')
            {
                return ((int)at + header, (int)Math.Min(data.Length, at + size));
            }

            at += size;
        }

        return null;
    }
}
