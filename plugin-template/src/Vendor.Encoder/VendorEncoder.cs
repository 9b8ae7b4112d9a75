using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace Vendor.Encoder;

/// <summary>
/// One instance of the <c>vendor-encoder</c> component: H.264 from libx264, run in-process through
/// the host's media library. Replace the libx264 calls with your own encoder's; the host's
/// promises and the rules stay as written here.
/// </summary>
/// <remarks>
/// <para>Lifecycle (the host's promise): <see cref="Open"/> once, <see cref="Encode"/> per frame
/// in sequence order, <see cref="Flush"/> once, <see cref="Dispose"/> always (also after a failed
/// <see cref="Open"/>). One instance is called from one worker thread; instances run in parallel.</para>
/// <para>Failure: an exception fails this instance only; the swarm hands the output to the other
/// encoders and may start a fresh instance later.</para>
/// </remarks>
public sealed class VendorEncoder : IVideoEncoder
{
    private readonly string _instanceId;
    private readonly FFmpegVideoEncoder _libx264;

    /// <summary>Creates an unopened encoder.</summary>
    /// <param name="instanceId">The instance id from the manifest, for messages.</param>
    /// <param name="settings">How libx264 is configured.</param>
    public VendorEncoder(string instanceId, FFmpegEncoderSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        _instanceId = instanceId;
        _libx264 = new FFmpegVideoEncoder(instanceId, settings);
    }

    /// <inheritdoc />
    public EncoderStats Stats => _libx264.Stats;

    /// <summary>Opens libx264 for the swarm's profile; it must be an H.264 profile.</summary>
    /// <returns>The codec (<c>libx264</c>, which the host maps to the H.264 family), size, delay in frames (measured) and per-frame keyframe control.</returns>
    /// <exception cref="InvalidOperationException">The profile is not H.264, or FFmpeg cannot open libx264; the message says what to fix.</exception>
    public EncoderSession Open(OutputProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Codec != "h264")
        {
            throw new InvalidOperationException($"Encoder '{_instanceId}' (vendor-encoder) encodes H.264 only, but the swarm's profile codec is '{profile.Codec}'; use it in a swarm whose profile codec is h264.");
        }

        return _libx264.Open(profile);
    }

    /// <summary>Encodes one frame; a keyframe (IDR) exactly where the host asks for one, so GOPs line up across the swarm.</summary>
    /// <returns>The units that became ready, possibly none while libx264 fills its delay.</returns>
    public IReadOnlyList<EncodedUnit> Encode(VideoFrame frame, bool forceKeyframe) => _libx264.Encode(frame, forceKeyframe);

    /// <inheritdoc />
    public IReadOnlyList<EncodedUnit> Flush() => _libx264.Flush();

    /// <inheritdoc />
    public void Dispose() => _libx264.Dispose();
}
