using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// The classifier behind a backbone (<c>model</c> when <c>backbone</c> is set): one float input
/// taking the backbone's features as one row (<c>[1, features]</c>, or any shape of that many
/// values with a batch of 1), one float output with one score per label. Checked when it is loaded;
/// every mismatch is reported at once.
/// </summary>
/// <remarks>One thread at a time: <see cref="Run"/> reuses its buffers.</remarks>
public sealed class FeatureClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OrtValue _inputValue;
    private readonly float[] _input;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private FeatureClassifier(InferenceSession session, string input, string output, long[] shape, int features, int classes)
    {
        _session = session;
        _inputNames = [input];
        _outputNames = [output];
        _input = new float[features];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, shape);
        Output = new float[classes];
    }

    /// <summary>The class scores of the last <see cref="Run"/>, in label order.</summary>
    public float[] Output { get; }

    /// <summary>Loads and checks the classifier for <paramref name="features"/> features.</summary>
    /// <param name="settings">The analyzer's settings.</param>
    /// <param name="features">The features it takes, or <c>null</c> when the stages before it did not load: then only its file and output are checked, and nothing is returned.</param>
    /// <exception cref="InvalidOperationException">The file is missing or unusable, or it does not take that many features or give one score per label.</exception>
    public static FeatureClassifier? Load(ContentTypeSettings settings, int? features)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings.ModelPath;
        var session = OnnxSessions.Open(path, "model", settings.Threads);
        try
        {
            var problems = new List<string>();
            var input = OnnxSessions.Pick(session.InputMetadata, "", "input", problems); // its only input: 'input' names the backbone's
            var output = OnnxSessions.Pick(session.OutputMetadata, settings.OutputName, "output", problems);
            long[] shape = [1, features ?? 0];
            if (input is { } i && features is { } count)
            {
                var meta = session.InputMetadata[i];
                var dims = meta.Dimensions;
                var fixedCount = dims.Skip(1).All(d => d > 0) ? dims.Skip(1).Aggregate(1L, (a, d) => a * d) : -1;
                if (meta.ElementDataType != TensorElementType.Float || dims.Length < 2 || dims[0] > 1 || (fixedCount > 0 && fixedCount != count))
                {
                    problems.Add($"input '{i}' is {OnnxSessions.Describe(i, meta)}; behind the backbone (and the face detector) the model takes their {count} features as floats, batch 1 ([1, {count}])");
                }
                else if (fixedCount > 0)
                {
                    shape = [1, .. dims.Skip(1).Select(d => (long)d)];
                }
            }

            if (output is { } o)
            {
                var meta = session.OutputMetadata[o];
                var given = meta.Dimensions.Length == 0 ? 1 : meta.Dimensions[^1];
                if (meta.ElementDataType != TensorElementType.Float || meta.Dimensions.Length > 2 || (given > 0 && given != settings.Labels.Count))
                {
                    problems.Add($"output '{o}' is {OnnxSessions.Describe(o, meta)}; 'labels' names {settings.Labels.Count} classes ({string.Join(", ", settings.Labels)}): give one label per class, in the model's order");
                }
            }

            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"onnx-content-type: the model '{path}' does not fit the backbone and the options:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}");
            }

            if (features is null)
            {
                session.Dispose();
                return null;
            }

            var model = new FeatureClassifier(session, input!, output!, shape, features.Value, settings.Labels.Count);
            model.Run(new float[features.Value]); // a model that fails on a real-sized input fails now, not at frame 1000
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the classifier on one feature vector and fills <see cref="Output"/>.</summary>
    /// <exception cref="InvalidOperationException">ONNX Runtime failed, or the output has another size or a non-finite value.</exception>
    public void Run(ReadOnlySpan<float> features)
    {
        features.CopyTo(_input);
        try
        {
            using var results = _session.Run(_run, _inputNames, [_inputValue], _outputNames);
            var values = results[0].GetTensorDataAsSpan<float>();
            if (values.Length != Output.Length)
            {
                throw new InvalidOperationException($"onnx-content-type: the model's output '{_outputNames[0]}' gave {values.Length} values; 'labels' names {Output.Length}.");
            }

            values.CopyTo(Output);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"onnx-content-type: the model failed to run ({e.Message.Trim()}).", e);
        }

        OnnxSessions.CheckFinite(Output, "model", _outputNames[0]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inputValue.Dispose();
        _run.Dispose();
        _session.Dispose();
    }
}
