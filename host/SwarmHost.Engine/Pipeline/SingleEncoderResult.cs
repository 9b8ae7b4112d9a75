namespace SwarmHost.Pipeline;

/// <summary>What a <see cref="SingleEncoderRun"/> did (also reported as progress while it runs).</summary>
/// <param name="Frames">Source frames encoded.</param>
/// <param name="Units">Units the encoder produced.</param>
/// <param name="Bytes">Bytes the encoder produced.</param>
/// <param name="Elapsed">Wall time since the run started (source opened, encoder opening included).</param>
/// <param name="EncodeTime">Time spent inside the encoder's calls.</param>
/// <param name="DamagedPackets">Input packets skipped as damaged.</param>
/// <param name="Stalls">Times the input went quiet for longer than the stall timeout.</param>
/// <param name="Stopped">Whether the run was stopped (Ctrl+C) before the input ended.</param>
public sealed record SingleEncoderResult(long Frames, long Units, long Bytes, TimeSpan Elapsed, TimeSpan EncodeTime, long DamagedPackets, long Stalls, bool Stopped)
{
    /// <summary>Frames per second of wall time.</summary>
    public double FramesPerSecond => Elapsed > TimeSpan.Zero ? Frames / Elapsed.TotalSeconds : 0;
}
