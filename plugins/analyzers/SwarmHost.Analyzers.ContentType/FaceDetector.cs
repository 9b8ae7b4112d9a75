using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>
/// The face-presence signal: a BlazeFace detector (MediaPipe's short-range front-camera model as
/// ONNX: one RGB picture, NHWC, samples in [−1, 1]; two score and two box outputs over 16×16×2 and
/// 8×8×6 anchors) reduced to three features — how sure it is that there is a face, how wide the
/// surest face is (a fraction of the picture) and how central it is (1 at the centre, 0 at an edge).
/// The size and centrality are 0 when no face scores over <see cref="Threshold"/>.
/// </summary>
/// <remarks>One thread at a time: the buffers are reused.</remarks>
public sealed class FaceDetector : IDisposable
{
    /// <summary>The features it adds after the backbone's.</summary>
    public const int FeatureCount = 3;

    /// <summary>The score over which a detection is a face.</summary>
    public const float Threshold = 0.5f;

    private const int BoxValues = 16; // centre, extent, six key points
    private static readonly (int Cells, int Anchors)[] Layers = [(16, 2), (8, 6)];

    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly OrtValue _inputValue;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private FaceDetector(InferenceSession session, string input, string[] outputs, int size)
    {
        _session = session;
        _inputNames = [input];
        _outputNames = outputs;
        Size = size;
        Input = new float[size * size * 3];
        _inputValue = OrtValue.CreateTensorValueFromMemory(Input, [1, size, size, 3]);
    }

    /// <summary>The picture side the detector takes.</summary>
    public int Size { get; }

    /// <summary>The picture input (fill it with <see cref="PictureSettings"/>'s writer).</summary>
    public float[] Input { get; }

    /// <summary>The features of the last <see cref="Run"/>: score, width, centrality.</summary>
    public float[] Features { get; } = new float[FeatureCount];

    /// <summary>How the detector's picture is prepared: RGB, NHWC, (x − 0.5) / 0.5.</summary>
    public static ContentTypeSettings PictureSettings(ContentTypeSettings settings) =>
        settings with { Layout = PictureLayout.Nhwc, Bgr = false, Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f], Frames = 1 };

    /// <summary>Loads and checks a detector.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or unusable, or it is not shaped as BlazeFace is; the message names the 'faces' option.</exception>
    public static FaceDetector Load(string path, int threads)
    {
        var session = OnnxSessions.Open(path, "faces", threads);
        try
        {
            var inputs = session.InputMetadata;
            var outputs = session.OutputMetadata;
            var (name, meta) = inputs.Count == 1 ? inputs.First() : default;
            var dims = meta?.Dimensions ?? [];
            var anchorCounts = Layers.Select(l => l.Cells * l.Cells * l.Anchors).ToArray();
            var sizes = outputs.Select(o => o.Value.Dimensions.Length == 3 ? (long)o.Value.Dimensions[1] * o.Value.Dimensions[2] : -1).ToArray();
            long[] expected = [anchorCounts[0], anchorCounts[1], anchorCounts[0] * BoxValues, anchorCounts[1] * BoxValues];
            if (meta is null || meta.ElementDataType != TensorElementType.Float || dims.Length != 4 || dims[3] != 3 || dims[1] <= 0 || dims[1] != dims[2] || !sizes.SequenceEqual(expected))
            {
                var shapes = string.Join(", ", inputs.Select(i => OnnxSessions.Describe(i.Key, i.Value))) + " -> " + string.Join(", ", outputs.Select(o => OnnxSessions.Describe(o.Key, o.Value)));
                throw new InvalidOperationException($"onnx-content-type: the face detector '{path}' is not shaped as BlazeFace is (one NHWC RGB picture [1, S, S, 3] in; scores for 512 and 384 anchors, then their 16-value boxes, out); it has {shapes}. Set the 'faces' option to a BlazeFace model such as MediaPipe's front-camera detector.");
            }

            var detector = new FaceDetector(session, name!, [.. outputs.Keys], dims[1]);
            detector.Run();
            return detector;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Runs the detector on <see cref="Input"/> and fills <see cref="Features"/>.</summary>
    /// <exception cref="InvalidOperationException">ONNX Runtime failed.</exception>
    public void Run()
    {
        try
        {
            using var results = _session.Run(_run, _inputNames, [_inputValue], _outputNames);
            var (best, width, centre) = (0f, 0f, 0f);
            for (var layer = 0; layer < Layers.Length; layer++)
            {
                var (cells, anchors) = Layers[layer];
                var scores = results[layer].GetTensorDataAsSpan<float>();
                var boxes = results[layer + 2].GetTensorDataAsSpan<float>();
                for (var i = 0; i < scores.Length; i++)
                {
                    var score = 1 / (1 + MathF.Exp(-scores[i]));
                    if (score <= best)
                    {
                        continue;
                    }

                    var cell = i / anchors;
                    var x = ((cell % cells) + 0.5f) / cells + (boxes[i * BoxValues] / Size);
                    var y = ((cell / cells) + 0.5f) / cells + (boxes[(i * BoxValues) + 1] / Size);
                    (best, width, centre) = (score, boxes[(i * BoxValues) + 2] / Size, 1 - (2 * MathF.Max(MathF.Abs(x - 0.5f), MathF.Abs(y - 0.5f))));
                }
            }

            Features[0] = best;
            Features[1] = best > Threshold ? Math.Clamp(width, 0, 1) : 0;
            Features[2] = best > Threshold ? Math.Clamp(centre, 0, 1) : 0;
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"onnx-content-type: the face detector failed to run ({e.Message.Trim()}).", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inputValue.Dispose();
        _run.Dispose();
        _session.Dispose();
    }
}
