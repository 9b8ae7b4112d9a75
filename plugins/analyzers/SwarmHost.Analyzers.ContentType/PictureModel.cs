using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// An ONNX model that takes pictures, checked against the analyzer's options when it is loaded: one
/// float image input of rank 4 whose channels hold <c>3 × frames</c> pictures and a batch of 1, one
/// float output of a fixed size. As the classifier its output holds one score per label; as the
/// backbone (the feature stage) any fixed number of features. Every mismatch is reported at once,
/// at start-up.
/// </summary>
/// <remarks>One thread at a time: <see cref="Run"/> reuses its input and output buffers.</remarks>
public sealed class PictureModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OrtValue _inputValue;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly string _role;

    private PictureModel(InferenceSession session, string input, string output, int width, int height, int outputs, ContentTypeSettings settings, string role)
    {
        _session = session;
        _inputNames = [input];
        _outputNames = [output];
        _role = role;
        Width = width;
        Height = height;
        Input = new float[3 * settings.Frames * width * height];
        long[] shape = settings.Layout == PictureLayout.Nchw ? [1, 3 * settings.Frames, height, width] : [1, height, width, 3 * settings.Frames];
        _inputValue = OrtValue.CreateTensorValueFromMemory(Input, shape);
        Output = new float[outputs];
    }

    /// <summary>Picture width the model takes.</summary>
    public int Width { get; }

    /// <summary>Picture height the model takes.</summary>
    public int Height { get; }

    /// <summary>The input buffer: fill it (see <see cref="ModelPictureWriter"/>), then call <see cref="Run"/>.</summary>
    public float[] Input { get; }

    /// <summary>What the last <see cref="Run"/> gave: the class scores (the classifier) or the features (the backbone).</summary>
    public float[] Output { get; }

    /// <summary>Loads and checks the picture classifier (<c>model</c>, no backbone): one output value per label.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or not a usable ONNX model, or it does not fit the options; the message lists every problem and what to change.</exception>
    public static PictureModel LoadClassifier(ContentTypeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Load(settings, settings.ModelPath, "model", settings.Labels.Count);
    }

    /// <summary>Loads and checks the backbone: a fixed number of features.</summary>
    /// <exception cref="InvalidOperationException">As <see cref="LoadClassifier"/>, naming the 'backbone' option.</exception>
    public static PictureModel LoadBackbone(ContentTypeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Load(settings, settings.BackbonePath ?? throw new InvalidOperationException("onnx-content-type: no backbone is configured."), "backbone", null);
    }

    private static PictureModel Load(ContentTypeSettings settings, string path, string role, int? classes)
    {
        var session = OnnxSessions.Open(path, role, settings.Threads);
        try
        {
            var model = Check(session, settings, path, role, classes);
            model.Run(); // a model that fails on a real-sized input fails now, not at frame 1000
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the model on <see cref="Input"/> and fills <see cref="Output"/>.</summary>
    /// <exception cref="InvalidOperationException">ONNX Runtime failed, the output has another size, or it holds a non-finite value.</exception>
    public void Run()
    {
        try
        {
            using var results = _session.Run(_run, _inputNames, [_inputValue], _outputNames);
            var values = results[0].GetTensorDataAsSpan<float>();
            if (values.Length != Output.Length)
            {
                throw new InvalidOperationException($"onnx-content-type: the {_role}'s output '{_outputNames[0]}' gave {values.Length} values; {Output.Length} were expected.");
            }

            values.CopyTo(Output);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"onnx-content-type: the {_role} failed to run ({e.Message.Trim()}).", e);
        }

        OnnxSessions.CheckFinite(Output, _role, _outputNames[0]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inputValue.Dispose();
        _run.Dispose();
        _session.Dispose();
    }

    private static PictureModel Check(InferenceSession session, ContentTypeSettings settings, string path, string role, int? classes)
    {
        var problems = new List<string>();
        var describe = OnnxSessions.Describe;
        var input = OnnxSessions.Pick(session.InputMetadata, settings.InputName, "input", problems);
        var output = OnnxSessions.Pick(session.OutputMetadata, role == "model" ? settings.OutputName : settings.BackboneOutputName, role == "model" ? "output" : "backboneOutput", problems);
        var outputs = 0;
        int width = settings.Width, height = settings.Height;
        if (input is { } i)
        {
            var meta = session.InputMetadata[i];
            var channels = 3 * settings.Frames;
            if (meta.ElementDataType != TensorElementType.Float)
            {
                problems.Add($"input '{i}' takes {meta.ElementDataType}; the analyzer feeds float pictures");
            }

            if (meta.Dimensions.Length != 4)
            {
                problems.Add($"input '{i}' has rank {meta.Dimensions.Length} ({describe(i, meta)}); the analyzer feeds a rank-4 picture tensor (layout '{Layout(settings)}')");
            }
            else
            {
                var dims = meta.Dimensions;
                var (c, h, w) = settings.Layout == PictureLayout.Nchw ? (dims[1], dims[2], dims[3]) : (dims[3], dims[1], dims[2]);
                if (dims[0] > 1)
                {
                    problems.Add($"input '{i}' has a fixed batch of {dims[0]}; the analyzer feeds one picture stack at a time (batch 1 or dynamic)");
                }

                if (c > 0 && c != channels)
                {
                    problems.Add($"input '{i}' ({describe(i, meta)}, layout '{Layout(settings)}') has {c} channels; 'frames' = {settings.Frames} stacked RGB pictures make {channels}. Set 'frames' to {(c % 3 == 0 ? (c / 3).ToString(System.Globalization.CultureInfo.InvariantCulture) : "fit")} or check 'layout'");
                }

                height = Size(h, settings.Height, "height", i, problems);
                width = Size(w, settings.Width, "width", i, problems);
            }
        }

        if (output is { } o)
        {
            var meta = session.OutputMetadata[o];
            if (meta.ElementDataType != TensorElementType.Float)
            {
                problems.Add($"output '{o}' gives {meta.ElementDataType}; the analyzer reads float {(classes is null ? "features" : "class scores")}");
            }

            if (classes is { } count)
            {
                outputs = count;
                var given = meta.Dimensions.Length == 0 ? 1 : meta.Dimensions[^1];
                if (meta.Dimensions.Length > 2 || (meta.Dimensions.Length == 2 && meta.Dimensions[0] > 1))
                {
                    problems.Add($"output '{o}' ({describe(o, meta)}) is not one row of class scores ([classes] or [1, classes])");
                }
                else if (given > 0 && given != count)
                {
                    problems.Add($"output '{o}' gives {given} classes but 'labels' names {count} ({string.Join(", ", settings.Labels)}); give one label per class, in the model's order");
                }
            }
            else if (meta.Dimensions.Skip(1).Any(d => d <= 0) || meta.Dimensions.Length == 0)
            {
                problems.Add($"output '{o}' ({describe(o, meta)}) has no fixed size; a backbone must give a fixed number of features");
            }
            else
            {
                outputs = meta.Dimensions.Skip(1).Aggregate(1, (a, d) => a * d);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"onnx-content-type: the {role} '{path}' does not fit the options:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}");
        }

        return new PictureModel(session, input!, output!, width, height, outputs, settings, role);
    }

    private static int Size(int fromModel, int fromOptions, string name, string input, List<string> problems)
    {
        if (fromModel > 0)
        {
            if (fromOptions > 0 && fromOptions != fromModel)
            {
                problems.Add($"input '{input}' has a fixed {name} of {fromModel}; the '{name}' option says {fromOptions}. Leave '{name}' at 0 to take the model's");
            }

            return fromModel;
        }

        if (fromOptions <= 0)
        {
            problems.Add($"input '{input}' has a dynamic {name}; set the '{name}' option to the size the model was trained on");
        }

        return fromOptions;
    }

    private static string Layout(ContentTypeSettings settings) => settings.Layout == PictureLayout.Nchw ? "nchw" : "nhwc";
}
