using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace Vendor.Encoder;

/// <summary>
/// The <c>vendor-encoder</c> component: its descriptor (what <c>swarmhost inspect vendor-encoder</c>
/// shows and manifests are validated against) and the factory of its instances.
/// </summary>
/// <remarks>
/// The host finds this class by its interface when it loads the package, creates it once, and calls
/// <see cref="Create"/> for every instance a manifest names, also for a fresh instance that replaces
/// a failed one. Options arrive validated against <see cref="Descriptor"/>, typed and defaulted.
/// </remarks>
public sealed class VendorEncoderFactory : IEncoderFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "vendor-encoder",
        ComponentKind.Encoder,
        "Vendor.Encoder H.264 encoder",
        "VENDOR-DESCRIPTION")
    {
        Author = "VENDOR-AUTHOR",
        Version = typeof(VendorEncoderFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "proprietary",
        Rank = ComponentRank.Secondary,
        Capabilities = new(KeyframeControl.PerFrame, 0, ["h264"]),
        Options =
        [
            new OptionDescriptor("preset", OptionType.Enum, "Speed against compression: the faster, the less CPU per frame and the more bits for the same quality.")
            {
                Default = "veryfast",
                AllowedValues = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium"],
            },
            new OptionDescriptor("crf", OptionType.Number, "Constant rate factor: the quality to hold (lower is better and bigger; 23 is the usual default).")
            {
                Default = 23.0,
                Minimum = 0,
                Maximum = 51,
            },
        ],
    };

    /// <inheritdoc />
    public IVideoEncoder Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var libx264 = new FFmpegEncoderSettings(
            Codec: "libx264",
            Bitrate: 0,
            Crf: options.GetDouble("crf"),
            Preset: options.GetString("preset"),
            Tune: null,
            Threads: 1,
            Width: null,
            Height: null,
            GlobalHeader: false,
            PrivateOptions: new Dictionary<string, string>());
        return new VendorEncoder(context.InstanceId, libx264);
    }
}
