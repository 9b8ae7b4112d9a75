namespace SwarmHost.Media.Srt;

/// <summary>What an SRT output did: its receivers, what it sent and dropped, and SRT's own statistics of the last connection.</summary>
/// <param name="Mode"><c>caller</c> or <c>listener</c>.</param>
/// <param name="Connections">Receivers connected (a listener) or connections made (a caller).</param>
/// <param name="Disconnects">Connections lost while sending (a receiver that left).</param>
/// <param name="BytesSent">Bytes handed to SRT.</param>
/// <param name="BytesDropped">Bytes of the output that no receiver got: written while none was connected, or while the connection fell behind.</param>
/// <param name="RttMs">Round-trip time SRT measured last, ms, or <c>null</c> before any connection.</param>
/// <param name="Retransmitted">Packets SRT sent again, over the connections.</param>
/// <param name="SenderDropped">Packets SRT dropped as too late to send, over the connections.</param>
/// <param name="LastProblem">Why the last connection ended or could not be made, or <c>null</c>.</param>
/// <param name="Connected">Whether a receiver is connected now.</param>
public sealed record SrtFigures(string Mode, long Connections, long Disconnects, long BytesSent, long BytesDropped, double? RttMs, long Retransmitted, long SenderDropped, string? LastProblem, bool Connected);
