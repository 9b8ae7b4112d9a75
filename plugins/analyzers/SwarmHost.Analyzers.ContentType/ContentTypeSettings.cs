using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>What the analyzer runs and how it feeds the model, all from the component's options table.</summary>
/// <param name="ModelPath">The ONNX file.</param>
/// <param name="Labels">One label per model output class, in the model's order.</param>
/// <param name="InputName">The model input to feed, or empty for the model's only input.</param>
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
public sealed record ContentTypeSettings(
    string ModelPath,
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
    int Threads)
{
    /// <summary>The model built by the project and shipped with the plugin (<c>models/content-type.onnx</c> beside the plugin assembly).</summary>
    public static string DefaultModelPath { get; } = Path.Combine(Path.GetDirectoryName(typeof(ContentTypeSettings).Assembly.Location) ?? AppContext.BaseDirectory, "models", "content-type.onnx");

    /// <summary>The labels of the default model, in its output order.</summary>
    public const string DefaultLabels = "sports,animation,talking_head,other";

    /// <summary>Reads the settings from validated options (defaults applied).</summary>
    /// <exception cref="InvalidOperationException">A list option (labels, mean, std) is malformed; the message names every one.</exception>
    public static ContentTypeSettings FromOptions(ComponentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var model = options.GetOrDefault<string?>("model", null);
        var labels = options.GetString("labels").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length == 0)
        {
            problems.Add("'labels' is empty; give the model's class names, comma-separated, in its output order");
        }

        foreach (var duplicate in labels.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"'labels' names '{duplicate.Key}' {duplicate.Count()} times; each class needs its own label");
        }

        var mean = Floats(options.GetString("mean"), "mean", problems);
        var std = Floats(options.GetString("std"), "std", problems);
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

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("onnx-content-type: " + string.Join("; ", problems) + ".");
        }

        return new(
            string.IsNullOrEmpty(model) ? DefaultModelPath : model,
            labels,
            options.GetString("input"),
            options.GetString("output"),
            (int)options.GetInt64("width"),
            (int)options.GetInt64("height"),
            options.GetString("layout") == "nhwc" ? PictureLayout.Nhwc : PictureLayout.Nchw,
            options.GetString("channelOrder") == "bgr",
            mean,
            std,
            frames,
            gap,
            every,
            (int)options.GetInt64("smoothing"),
            options.GetString("outputKind") == "logits",
            (int)options.GetInt64("threads"));
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
