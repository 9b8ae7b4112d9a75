namespace SwarmHost.Clocks.Ptp;

/// <summary>A Delay_Req the slave wants sent on the event port; report its send time with <see cref="PtpSlave.OnDelayRequestSent"/>.</summary>
/// <param name="Message">The encoded message (44 octets).</param>
/// <param name="SequenceId">Its sequence id.</param>
internal sealed record DelayRequest(byte[] Message, ushort SequenceId);
