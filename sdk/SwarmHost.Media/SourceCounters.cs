namespace SwarmHost.Media;

/// <summary>What a <see cref="MediaSource"/> has done so far.</summary>
/// <param name="FramesDelivered">Pictures handed out.</param>
/// <param name="DamagedPackets">Packets the demuxer or decoder rejected as damaged and skipped.</param>
/// <param name="Stalls">Times the source went quiet for longer than the stall timeout.</param>
/// <param name="Reconnects">Times a network input was reopened.</param>
public readonly record struct SourceCounters(long FramesDelivered, long DamagedPackets, long Stalls, long Reconnects);
