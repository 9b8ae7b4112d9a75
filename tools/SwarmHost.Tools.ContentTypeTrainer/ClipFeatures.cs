using SwarmHost.Analyzers.ContentType;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// The features the head takes (the backbone's, then the face detector's) of a clip's frames 0,
/// every, 2·every, … (the analyzer's run frames at that cadence), computed by the analyzer's own
/// feature stages and cached on disk by the clip's key: the backbone is the slow part, the head is
/// cheap to train again.
/// </summary>
/// <param name="settings">The analyzer's settings (the default backbone and its picture options).</param>
/// <param name="every">Frames between samples.</param>
/// <param name="cache">The cache folder, or <c>null</c> for none.</param>
public sealed class ClipFeatures(ContentTypeSettings settings, int every, string? cache) : IDisposable
{
    private readonly Lazy<FeatureStages> _stages = new(() => FeatureStages.Load(settings));

    /// <summary>Part of every cache key: raise it when the picture preparation or a stage changes, so no stale features are read.</summary>
    private const int Version = 3;

    /// <summary>Runs of the stages this instance made (cache misses).</summary>
    public int Runs { get; private set; }

    /// <summary>The features of every <c>every</c>-th frame of a clip, in frame order, and the clip's frame count.</summary>
    public (float[][] Features, int Frames) Of(LabelledClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var file = cache is null ? null : Path.Combine(cache, $"{clip.Key}-every{every}-{(settings.FacesPath is null ? "backbone" : "backbone-faces")}-v{Version}.f32");
        if (file is not null && File.Exists(file))
        {
            return Read(file);
        }

        var stages = _stages.Value;
        var features = new List<float[]>();
        var frames = 0;
        foreach (var picture in clip.Pictures())
        {
            if (frames++ % every != 0)
            {
                continue;
            }

            stages.Prepare(picture.Planes, picture.Width, picture.Height, 0);
            stages.Run();
            Runs++;
            features.Add([.. stages.Features]);
        }

        if (file is not null)
        {
            Write(file, features, frames);
        }

        return ([.. features], frames);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stages.IsValueCreated)
        {
            _stages.Value.Dispose();
        }
    }

    private static (float[][] Features, int Frames) Read(string file)
    {
        using var reader = new BinaryReader(File.OpenRead(file));
        var (frames, count, length) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        var features = new float[count][];
        for (var i = 0; i < count; i++)
        {
            features[i] = new float[length];
            for (var j = 0; j < length; j++)
            {
                features[i][j] = reader.ReadSingle();
            }
        }

        return (features, frames);
    }

    private static void Write(string file, List<float[]> features, int frames)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + ".part";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(frames);
            writer.Write(features.Count);
            writer.Write(features.Count == 0 ? 0 : features[0].Length);
            foreach (var row in features)
            {
                foreach (var value in row)
                {
                    writer.Write(value);
                }
            }
        }

        File.Move(temporary, file, overwrite: true);
    }
}
