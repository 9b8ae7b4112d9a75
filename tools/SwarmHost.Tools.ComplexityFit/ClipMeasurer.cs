using System.Text.Json;
using SwarmHost.Abstractions;
using SwarmHost.Analyzers.Complexity;
using SwarmHost.Media;

namespace SwarmHost.Tools.ComplexityFit;

/// <summary>
/// Measures clips: decodes each once, scaled to 640×360, hands every picture to the
/// <c>complexity</c> analyzer and to one encoder per codec, and keeps the analyzer's metrics and the
/// packet sizes. The packet sizes are kept in a cache folder, keyed by clip, frame count, GOP and
/// codecs; the analysis is always run anew.
/// </summary>
/// <param name="frames">Frames read per clip at most.</param>
/// <param name="gop">Frames per GOP given to the encoders.</param>
/// <param name="codecs">The codecs to measure (keys of <see cref="EncoderPipe.Codecs"/>).</param>
/// <param name="cache">The cache folder, or null for none.</param>
public sealed class ClipMeasurer(int frames, int gop, IReadOnlyList<string> codecs, string? cache)
{
    /// <summary>The picture size every clip is scaled to.</summary>
    public const int Width = 640;

    /// <inheritdoc cref="Width"/>
    public const int Height = 360;

    /// <summary>Measures one clip (or reads it from the cache).</summary>
    public ClipMeasurement Measure(FitClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var key = string.Concat(clip.Name.Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_')) + $"-{frames}-{gop}-{string.Join('+', codecs)}.json";
        var cached = cache is null ? null : Path.Combine(cache, key);
        var bytes = cached is not null && File.Exists(cached) ? JsonSerializer.Deserialize<Dictionary<string, int[]>>(File.ReadAllText(cached)) : null;
        var measured = Run(clip, bytes is null);
        if (bytes is null)
        {
            bytes = measured.Bytes;
            if (cached is not null)
            {
                Directory.CreateDirectory(cache!);
                File.WriteAllText(cached, JsonSerializer.Serialize(bytes));
            }
        }

        return Build(clip, measured with { Bytes = bytes });
    }

    /// <summary>The analyzer's options table with every default applied, as the host would give it.</summary>
    public static ComponentOptions DefaultOptions() =>
        new(new ComplexityAnalyzerFactory().Descriptor.Options.Where(o => o.Default is not null).ToDictionary(o => o.Name, o => o.Default));

    private ClipMeasurement Build(FitClip clip, Stored stored)
    {
        var features = stored.Raw.Select(r => EncodingCostModel.Features(r[0], r[1], r[2], r[3], r[4], r[5], r[6])).ToList();
        return new ClipMeasurement(clip, features, stored.Raw, stored.Bytes.ToDictionary(p => p.Key, p => (IReadOnlyList<int>)p.Value, StringComparer.Ordinal), gop);
    }

    private Stored Run(FitClip clip, bool encode)
    {
        var factory = new ComplexityAnalyzerFactory();
        using var analyzer = factory.Create(DefaultOptions(), new ComponentContext("complexity", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, new NoComponents()));
        analyzer.Open(new OutputProfile("fit", Width, Height, new Rational(30, 1), gop));
        var encoders = (encode ? codecs : []).Select(c => (Codec: c, Pipe: EncoderPipe.Start(c, Width, Height, gop))).ToList();
        var raw = new List<double[]>();
        try
        {
            using var source = MediaSource.Open(new MediaSourceOptions(clip.Uri) { Width = Width, Height = Height, MaxFrames = frames });
            VideoFrame? previous = null;
            while (source.ReadAsync().AsTask().GetAwaiter().GetResult() is { Kind: not SourceReadKind.Ended } read)
            {
                if (read.Frame is not { } frame)
                {
                    continue;
                }

                var report = new ContentReportBuilder(frame.Sequence);
                analyzer.Analyze(frame, previous, report);
                var built = report.Build();
                raw.Add([built.Get(ContentMetrics.SpatialInformation), built.Get(ContentMetrics.TemporalInformation), built.Get(ContentMetrics.EdgeDensity), built.Get(ContentMetrics.MotionVariance), built.Get(ComplexityMetrics.Noise), built.Get(ComplexityMetrics.TextureEnergy), built.Get(ComplexityMetrics.TextureChange)]);
                foreach (var (_, pipe) in encoders)
                {
                    pipe.Write(frame.Planes.Span);
                }

                previous?.Release();
                previous = frame;
            }

            previous?.Release();
            return new Stored(raw, encoders.ToDictionary(e => e.Codec, e => e.Pipe.Finish().ToArray(), StringComparer.Ordinal));
        }
        finally
        {
            encoders.ForEach(e => e.Pipe.Dispose());
        }
    }

    /// <summary>What the cache keeps of one clip.</summary>
    /// <param name="Raw">Per frame: SI, TI, edge density, motion variance, noise, texture energy, texture change.</param>
    /// <param name="Bytes">Per codec, the packet sizes.</param>
    private sealed record Stored(List<double[]> Raw, Dictionary<string, int[]> Bytes);
}
