namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// Pictures in, class probabilities out: a classifier that takes pictures, or the feature stages
/// (backbone, face detector) and the classifier behind them. <see cref="Prepare"/> each stacked
/// picture, <see cref="Run"/>, read <see cref="Probabilities"/>.
/// </summary>
/// <remarks>One thread at a time: the buffers are reused.</remarks>
public sealed class ContentTypeClassifier : IDisposable
{
    private readonly PictureModel? _pictures;
    private readonly ModelPictureWriter? _writer;
    private readonly FeatureStages? _stages;
    private readonly FeatureClassifier? _head;
    private readonly bool _logits;

    private ContentTypeClassifier(PictureModel? pictures, FeatureStages? stages, FeatureClassifier? head, ContentTypeSettings settings)
    {
        _pictures = pictures;
        _stages = stages;
        _head = head;
        _logits = settings.Logits;
        if (pictures is not null)
        {
            _writer = new ModelPictureWriter(pictures.Width, pictures.Height, settings.Frames, settings);
        }

        Probabilities = new float[settings.Labels.Count];
    }

    /// <summary>The class probabilities of the last <see cref="Run"/>, in label order; they sum to 1.</summary>
    public float[] Probabilities { get; }

    /// <summary>Loads and checks the models the settings name.</summary>
    /// <exception cref="InvalidOperationException">A model is missing, unusable or does not fit the options; the message lists every problem.</exception>
    public static ContentTypeClassifier Load(ContentTypeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.BackbonePath is null)
        {
            return new ContentTypeClassifier(PictureModel.LoadClassifier(settings), null, null, settings);
        }

        // Both are checked, so a start-up error names every problem at once.
        FeatureStages? stages = null;
        FeatureClassifier? head = null;
        var problems = new List<string>();
        try
        {
            stages = FeatureStages.Load(settings);
        }
        catch (InvalidOperationException e)
        {
            problems.Add(e.Message);
        }

        try
        {
            head = FeatureClassifier.Load(settings, stages?.Features.Length);
        }
        catch (InvalidOperationException e)
        {
            problems.Add(e.Message);
        }

        if (problems.Count > 0)
        {
            head?.Dispose();
            stages?.Dispose();
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        return new ContentTypeClassifier(null, stages, head!, settings);
    }

    /// <summary>Writes one picture (I420, no padding) into its place among the stacked pictures; slot 0 is the oldest.</summary>
    public void Prepare(ReadOnlySpan<byte> i420, int width, int height, int slot)
    {
        if (_stages is not null)
        {
            _stages.Prepare(i420, width, height, slot);
        }
        else
        {
            _writer!.Write(i420, width, height, slot, _pictures!.Input);
        }
    }

    /// <summary>Runs the models on the prepared pictures and fills <see cref="Probabilities"/>.</summary>
    /// <exception cref="InvalidOperationException">A model failed or gave a non-finite value.</exception>
    public void Run()
    {
        if (_stages is not null)
        {
            _stages.Run();
            _head!.Run(_stages.Features);
            _head.Output.CopyTo(Probabilities);
        }
        else
        {
            _pictures!.Run();
            _pictures.Output.CopyTo(Probabilities);
        }

        if (_logits)
        {
            OnnxSessions.Softmax(Probabilities);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _head?.Dispose();
        _stages?.Dispose();
        _writer?.Dispose();
        _pictures?.Dispose();
    }
}
