using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>av-sync</c> event: A/V sync measured in the written file after the run (<c>output.audio.measureSync</c>).</summary>
/// <param name="Flashes">Flashes found in the video.</param>
/// <param name="Onsets">Tone onsets found in the audio.</param>
/// <param name="OffsetsMs">Audio − video at each flash paired with a tone, ms, in flash order.</param>
/// <param name="Problem">Why the measure failed or found the output out of sync, or <c>null</c>.</param>
internal sealed record AvSyncEvent(int Flashes, int Onsets, IReadOnlyList<double> OffsetsMs, string? Problem) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "av-sync";
}
