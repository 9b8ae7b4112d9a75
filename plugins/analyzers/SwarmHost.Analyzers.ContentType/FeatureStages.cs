namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// The stages before the classifier: the backbone on the stacked pictures and, when configured,
/// the face detector on the newest one. <see cref="Features"/> is the backbone's features followed
/// by the face detector's (<see cref="FaceDetector.FeatureCount"/>).
/// </summary>
/// <remarks>One thread at a time: the buffers are reused.</remarks>
public sealed class FeatureStages : IDisposable
{
    private readonly PictureModel _backbone;
    private readonly ModelPictureWriter _backboneWriter;
    private readonly FaceDetector? _faces;
    private readonly ModelPictureWriter? _facesWriter;
    private readonly int _frames;

    private FeatureStages(PictureModel backbone, FaceDetector? faces, ContentTypeSettings settings)
    {
        _backbone = backbone;
        _faces = faces;
        _frames = settings.Frames;
        _backboneWriter = new ModelPictureWriter(backbone.Width, backbone.Height, settings.Frames, settings);
        if (faces is not null)
        {
            _facesWriter = new ModelPictureWriter(faces.Size, faces.Size, 1, FaceDetector.PictureSettings(settings));
        }

        Features = new float[backbone.Output.Length + (faces is null ? 0 : FaceDetector.FeatureCount)];
    }

    /// <summary>The features of the last <see cref="Run"/>.</summary>
    public float[] Features { get; }

    /// <summary>Loads the backbone (and the face detector when the settings name one).</summary>
    /// <exception cref="InvalidOperationException">A model is missing, unusable or does not fit the options.</exception>
    public static FeatureStages Load(ContentTypeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var backbone = PictureModel.LoadBackbone(settings);
        try
        {
            return new FeatureStages(backbone, settings.FacesPath is { } faces ? FaceDetector.Load(faces, settings.Threads) : null, settings);
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    /// <summary>Writes one picture into its place: slot 0 is the oldest stacked picture; the newest also goes to the face detector.</summary>
    public void Prepare(ReadOnlySpan<byte> i420, int width, int height, int slot)
    {
        _backboneWriter.Write(i420, width, height, slot, _backbone.Input);
        if (slot == _frames - 1 && _faces is not null)
        {
            _facesWriter!.Write(i420, width, height, 0, _faces.Input);
        }
    }

    /// <summary>Runs the stages on the prepared pictures and fills <see cref="Features"/>.</summary>
    /// <exception cref="InvalidOperationException">A model failed or gave a non-finite value.</exception>
    public void Run()
    {
        _backbone.Run();
        _backbone.Output.CopyTo(Features, 0);
        if (_faces is not null)
        {
            _faces.Run();
            _faces.Features.CopyTo(Features, _backbone.Output.Length);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _backboneWriter.Dispose();
        _facesWriter?.Dispose();
        _faces?.Dispose();
        _backbone.Dispose();
    }
}
