using SwarmHost.Abstractions;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>The <c>onnx-content-type</c> analyzer component.</summary>
public sealed class ContentTypeAnalyzerFactory : IAnalyzerFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "onnx-content-type",
        ComponentKind.Analyzer,
        "ONNX content-type classifier",
        "Runs an ONNX image classifier with ONNX Runtime (CPU) on every Nth frame and reports the mean of its last few outputs as contentType.<label> probabilities on every frame. " +
        "Input contract: one float tensor of rank 4, batch 1 (or dynamic), holding 'frames' pictures stacked along the channel axis, oldest first, 'frameGap' frames apart; each picture is the frame converted to RGB (or BGR) with BT.601, scaled to the model's size by area averaging, divided by 255, then (x - mean) / std per channel. " +
        "Output: one row of class scores, one per label in 'labels' order (probabilities, or logits with outputKind=logits). " +
        "The default model (models/content-type.onnx, built by tools/SwarmHost.Tools.ContentTypeTrainer) takes 2 RGB pictures of 160x90 and tells sports, animation, talking_head and other apart.")
    {
        Author = "SwarmHost",
        Version = typeof(ContentTypeAnalyzerFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT (ONNX Runtime: MIT; OpenCV: Apache-2.0)",
        Rank = ComponentRank.Primary,
        Capabilities = new(KeyframeControl.PerFrame, 0, ["content-type", "onnx"]),
        Options =
        [
            new OptionDescriptor("model", OptionType.Path, "The ONNX classifier; when omitted, the model shipped with the plugin (models/content-type.onnx)."),
            new OptionDescriptor("labels", OptionType.String, "Class names, comma-separated, in the order of the model's output; each becomes the metric contentType.<label>.") { Default = ContentTypeSettings.DefaultLabels },
            new OptionDescriptor("input", OptionType.String, "The model input to feed; empty takes the model's only input.") { Default = "" },
            new OptionDescriptor("output", OptionType.String, "The model output to read; empty takes its first output.") { Default = "" },
            new OptionDescriptor("width", OptionType.Integer, "Picture width the model takes; 0 takes it from the model (required when the model's width is dynamic).") { Default = 0L, Minimum = 0, Maximum = 4096 },
            new OptionDescriptor("height", OptionType.Integer, "Picture height the model takes; 0 takes it from the model.") { Default = 0L, Minimum = 0, Maximum = 4096 },
            new OptionDescriptor("layout", OptionType.Enum, "Axis order of the input tensor.") { Default = "nchw", AllowedValues = ["nchw", "nhwc"] },
            new OptionDescriptor("channelOrder", OptionType.Enum, "Colour order of each picture's three channels.") { Default = "rgb", AllowedValues = ["rgb", "bgr"] },
            new OptionDescriptor("mean", OptionType.String, "Per-channel mean subtracted after scaling samples to [0,1]: one number or three, comma-separated (ImageNet models: \"0.485,0.456,0.406\").") { Default = "0" },
            new OptionDescriptor("std", OptionType.String, "Per-channel divisor applied after the mean: one number or three (ImageNet: \"0.229,0.224,0.225\").") { Default = "1" },
            new OptionDescriptor("frames", OptionType.Integer, "Pictures stacked along the channel axis (channels = 3 x frames), oldest first; 1 for a single-image classifier.") { Default = 2L, Minimum = 1, Maximum = 8 },
            new OptionDescriptor("frameGap", OptionType.Integer, "Frames between consecutive stacked pictures.") { Default = 2L, Minimum = 1, Maximum = 300 },
            new OptionDescriptor("every", OptionType.Integer, "The model runs on every Nth frame (the cadence); between runs every frame carries the last smoothed probabilities.") { Default = 15L, Minimum = 1, Maximum = 3600 },
            new OptionDescriptor("smoothing", OptionType.Integer, "Reported probabilities are the mean of this many most recent runs (1 = no smoothing).") { Default = 4L, Minimum = 1, Maximum = 1000 },
            new OptionDescriptor("outputKind", OptionType.Enum, "Whether the output holds probabilities or logits (softmax applied).") { Default = "probabilities", AllowedValues = ["probabilities", "logits"] },
            new OptionDescriptor("threads", OptionType.Integer, "ONNX Runtime intra-op threads; 1 leaves the other cores to the encoders.") { Default = 1L, Minimum = 1, Maximum = 64 },
        ],
    };

    /// <inheritdoc />
    public IContentAnalyzer Create(ComponentOptions options, ComponentContext context) =>
        new ContentTypeAnalyzer(ContentTypeSettings.FromOptions(options));
}
