using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Tests;

/// <summary>Small media pipelines for tests: read pictures, encode them, write them out.</summary>
internal static class MediaRuns
{
    public static FFmpegEncoderSettings Settings(string codec, long bitrate = 2_000_000, double? crf = null, string? preset = null, bool globalHeader = false, int? width = null, int? height = null, params (string Name, string Value)[] privateOptions) =>
        new(codec, bitrate, crf, preset, null, 1, width, height, globalHeader, privateOptions.ToDictionary(o => o.Name, o => o.Value));

    /// <summary>Reads <paramref name="count"/> pictures (the caller releases them).</summary>
    public static List<VideoFrame> ReadFrames(string uri, int count, int? width = null, int? height = null)
    {
        using var source = MediaSource.Open(new MediaSourceOptions(uri) { MaxFrames = count, Width = width, Height = height });
        var frames = new List<VideoFrame>();
        while (true)
        {
            var read = source.ReadAsync().AsTask().GetAwaiter().GetResult();
            if (read.Kind == SourceReadKind.Ended)
            {
                return frames;
            }

            if (read.Frame is { } frame)
            {
                frames.Add(frame);
            }
        }
    }

    public static void Release(IEnumerable<VideoFrame> frames)
    {
        foreach (var frame in frames)
        {
            frame.Release();
        }
    }

    /// <summary>Encodes every frame (asking for keyframes where <paramref name="forceKeyframe"/> says) and flushes.</summary>
    public static (EncoderSession Session, List<EncodedUnit> Units) Encode(FFmpegEncoderSettings settings, OutputProfile profile, IReadOnlyList<VideoFrame> frames, Func<long, bool>? forceKeyframe = null)
    {
        using var encoder = new FFmpegVideoEncoder("test-" + settings.Codec, settings);
        var session = encoder.Open(profile);
        var units = new List<EncodedUnit>();
        foreach (var frame in frames)
        {
            units.AddRange(encoder.Encode(frame, forceKeyframe?.Invoke(frame.Sequence) ?? false));
        }

        units.AddRange(encoder.Flush());
        return (session, units);
    }

    /// <summary>Decodes units back to pictures (the caller releases them), in presentation order.</summary>
    public static List<VideoFrame> Decode(EncoderSession session, IEnumerable<EncodedUnit> units, int? width = null, int? height = null)
    {
        using var decoder = new FFmpegVideoDecoder(session, width, height);
        var pictures = new List<VideoFrame>();
        foreach (var unit in units)
        {
            pictures.AddRange(decoder.Decode(unit));
        }

        pictures.AddRange(decoder.Flush());
        Assert.Equal(0, decoder.Rejected);
        return pictures;
    }

    /// <summary>Writes units to <paramref name="path"/> through the sink.</summary>
    public static void Write(string path, EncoderSession session, Rational rate, IEnumerable<EncodedUnit> units)
    {
        using var sink = MediaSink.Open(path, session, rate);
        foreach (var unit in units)
        {
            sink.Write(unit);
        }

        sink.Close();
    }

    /// <summary>Writes raw pictures as a .y4m file.</summary>
    public static void WriteY4m(string path, IReadOnlyList<VideoFrame> frames, Rational rate)
    {
        using var writer = new Y4mPictureWriter(path, frames[0].Width, frames[0].Height, rate);
        foreach (var frame in frames)
        {
            writer.Write(frame);
        }
    }
}
