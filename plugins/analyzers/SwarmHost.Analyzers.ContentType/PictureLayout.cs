namespace SwarmHost.Analyzers.ContentType;

/// <summary>How a model's image input orders its axes.</summary>
public enum PictureLayout
{
    /// <summary>Batch, channels, height, width (the ONNX and PyTorch convention).</summary>
    Nchw,

    /// <summary>Batch, height, width, channels (the TensorFlow convention).</summary>
    Nhwc,
}
