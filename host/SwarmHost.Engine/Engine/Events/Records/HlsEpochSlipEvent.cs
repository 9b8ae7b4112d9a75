using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>hls-epoch-slip</c> event: an epoch-locked HLS output's pictures no longer fall on the epoch's grid (lost pictures, a stall, a restarted sender), so its later segments do not match another instance's.</summary>
/// <param name="Reason">Where the grid slipped and by how much.</param>
internal sealed record HlsEpochSlipEvent(string Reason) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "hls-epoch-slip";
}
