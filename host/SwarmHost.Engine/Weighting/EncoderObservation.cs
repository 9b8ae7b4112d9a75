
namespace SwarmHost.Weighting;

/// <summary>
/// What the swarm measured about one live encoder when a slot closed — and nothing it was
/// configured with (no preset, bitrate or fault-injection setting ever reaches a policy).
/// </summary>
/// <param name="Id">The manifest's instance id.</param>
/// <param name="State">Health state.</param>
/// <param name="DelayFrames">Frames the encoder holds before emitting (reported by the encoder when it opened).</param>
/// <param name="Delivered">It delivered a good unit for this slot within the deadline.</param>
/// <param name="Missed">It was expected to deliver this slot and did not (late, bad or nothing).</param>
/// <param name="EncodeMs">Wall time of the encode call that was given this slot's frame, as the host measured it, ms; NaN when it was not given the frame.</param>
/// <param name="Psnr">Luma PSNR (dB) of this slot's decoded unit against the source picture; NaN when not measured.</param>
/// <param name="QueueDepth">Frames handed to it and not yet encoded when the slot closed.</param>
/// <param name="RecentMeanMs">Mean of its recent encode calls, ms.</param>
/// <param name="DeliveredShare">Share of its recent slots delivered good and on time, in [0, 1].</param>
/// <param name="RecentPsnr">Mean luma PSNR of its recent units (last 30 measured), dB; NaN when not measured.</param>
public sealed record EncoderObservation(
    string Id,
    EncoderState State,
    int DelayFrames,
    bool Delivered,
    bool Missed,
    double EncodeMs,
    double Psnr,
    int QueueDepth,
    double RecentMeanMs,
    double DeliveredShare,
    double RecentPsnr);
