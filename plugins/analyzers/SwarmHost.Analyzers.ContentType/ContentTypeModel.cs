using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// An ONNX classifier checked against the analyzer's options when it is loaded: one float image
/// input of rank 4 whose channels hold <c>3 × frames</c> pictures and a batch of 1, one float
/// output with one value per label. Every mismatch is reported at once, at start-up.
/// </summary>
/// <remarks>One thread at a time: <see cref="Run"/> reuses its input and output buffers.</remarks>
public sealed class ContentTypeModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OrtValue _inputValue;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _logits;

    private ContentTypeModel(InferenceSession session, string input, string output, int width, int height, ContentTypeSettings settings)
    {
        _session = session;
        _inputNames = [input];
        _outputNames = [output];
        _logits = settings.Logits;
        Width = width;
        Height = height;
        Input = new float[3 * settings.Frames * width * height];
        long[] shape = settings.Layout == PictureLayout.Nchw ? [1, 3 * settings.Frames, height, width] : [1, height, width, 3 * settings.Frames];
        _inputValue = OrtValue.CreateTensorValueFromMemory(Input, shape);
        Probabilities = new float[settings.Labels.Count];
    }

    /// <summary>Picture width the model takes.</summary>
    public int Width { get; }

    /// <summary>Picture height the model takes.</summary>
    public int Height { get; }

    /// <summary>The input buffer: fill it (see <see cref="ModelPictureWriter"/>), then call <see cref="Run"/>.</summary>
    public float[] Input { get; }

    /// <summary>The class probabilities of the last <see cref="Run"/>, in label order; they sum to 1.</summary>
    public float[] Probabilities { get; }

    /// <summary>Loads and checks a model.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or not a usable ONNX model, or it does not fit the options; the message lists every problem and what to change.</exception>
    public static ContentTypeModel Load(ContentTypeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings.ModelPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"onnx-content-type: the model '{path}' does not exist. Set the 'model' option to an ONNX classifier file.");
        }

        var options = new SessionOptions { IntraOpNumThreads = settings.Threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"onnx-content-type: '{path}' is not a usable ONNX model ({e.Message.Trim()}). Set the 'model' option to an ONNX classifier file.", e);
        }
        finally
        {
            options.Dispose();
        }

        try
        {
            var model = Check(session, settings, path);
            model.Run(); // a model that fails on a real-sized input fails now, not at frame 1000
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the model on <see cref="Input"/> and fills <see cref="Probabilities"/>.</summary>
    /// <exception cref="InvalidOperationException">ONNX Runtime failed or the output holds a non-finite value.</exception>
    public void Run()
    {
        try
        {
            using var results = _session.Run(_run, _inputNames, [_inputValue], _outputNames);
            var values = results[0].GetTensorDataAsSpan<float>();
            if (values.Length != Probabilities.Length)
            {
                throw new InvalidOperationException($"onnx-content-type: the model's output '{_outputNames[0]}' gave {values.Length} values; 'labels' names {Probabilities.Length}.");
            }

            values.CopyTo(Probabilities);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"onnx-content-type: the model failed to run ({e.Message.Trim()}).", e);
        }

        if (_logits)
        {
            Softmax(Probabilities);
        }

        foreach (var p in Probabilities)
        {
            if (!float.IsFinite(p))
            {
                throw new InvalidOperationException($"onnx-content-type: the model's output '{_outputNames[0]}' holds {p}; a classifier must give finite values.");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inputValue.Dispose();
        _run.Dispose();
        _session.Dispose();
    }

    private static ContentTypeModel Check(InferenceSession session, ContentTypeSettings settings, string path)
    {
        var problems = new List<string>();
        string Describe(string name, NodeMetadata m) => $"{name} [{string.Join('x', m.Dimensions.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))} {m.ElementDataType}]";
        var input = Pick(session.InputMetadata, settings.InputName, "input", problems, Describe);
        var output = Pick(session.OutputMetadata, settings.OutputName, "output", problems, Describe);
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
                problems.Add($"input '{i}' has rank {meta.Dimensions.Length} ({Describe(i, meta)}); the analyzer feeds a rank-4 picture tensor (layout '{Layout(settings)}')");
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
                    problems.Add($"input '{i}' ({Describe(i, meta)}, layout '{Layout(settings)}') has {c} channels; 'frames' = {settings.Frames} stacked RGB pictures make {channels}. Set 'frames' to {(c % 3 == 0 ? (c / 3).ToString(System.Globalization.CultureInfo.InvariantCulture) : "fit")} or check 'layout'");
                }

                height = Size(h, settings.Height, "height", i, problems);
                width = Size(w, settings.Width, "width", i, problems);
            }
        }

        if (output is { } o)
        {
            var meta = session.OutputMetadata[o];
            var classes = meta.Dimensions.Length == 0 ? 1 : meta.Dimensions[^1];
            if (meta.ElementDataType != TensorElementType.Float)
            {
                problems.Add($"output '{o}' gives {meta.ElementDataType}; the analyzer reads float class scores");
            }

            if (meta.Dimensions.Length > 2 || (meta.Dimensions.Length == 2 && meta.Dimensions[0] > 1))
            {
                problems.Add($"output '{o}' ({Describe(o, meta)}) is not one row of class scores ([classes] or [1, classes])");
            }
            else if (classes > 0 && classes != settings.Labels.Count)
            {
                problems.Add($"output '{o}' gives {classes} classes but 'labels' names {settings.Labels.Count} ({string.Join(", ", settings.Labels)}); give one label per class, in the model's order");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"onnx-content-type: the model '{path}' does not fit the options:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}");
        }

        return new ContentTypeModel(session, input!, output!, width, height, settings);
    }

    private static string? Pick(IReadOnlyDictionary<string, NodeMetadata> nodes, string wanted, string what, List<string> problems, Func<string, NodeMetadata, string> describe)
    {
        var all = string.Join(", ", nodes.Select(n => describe(n.Key, n.Value)));
        if (!string.IsNullOrEmpty(wanted))
        {
            if (nodes.ContainsKey(wanted))
            {
                return wanted;
            }

            problems.Add($"the model has no {what} '{wanted}'; its {what}s are {all}. Set the '{what}' option to one of them");
            return null;
        }

        if (what == "input" && nodes.Count != 1)
        {
            problems.Add($"the model has {nodes.Count} inputs ({all}); set the 'input' option to the picture input");
            return null;
        }

        return nodes.Keys.FirstOrDefault();
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

    private static void Softmax(float[] values)
    {
        var max = values.Max();
        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }
}
