namespace SwarmHost.Clocks.Ptp;

/// <summary>The PTPv2 message types (IEEE 1588-2008 table 19); the low nibble of the header's first octet.</summary>
internal enum PtpMessageType : byte
{
    /// <summary>Event message carrying (one-step) or announcing (two-step) the master's send time t1.</summary>
    Sync = 0x0,

    /// <summary>Event message a slave sends to measure the slave-to-master path (t3).</summary>
    DelayReq = 0x1,

    /// <summary>Peer-delay request (P2P only; ignored by this E2E slave).</summary>
    PdelayReq = 0x2,

    /// <summary>Peer-delay response (P2P only; ignored).</summary>
    PdelayResp = 0x3,

    /// <summary>General message carrying the precise t1 of a two-step Sync.</summary>
    FollowUp = 0x8,

    /// <summary>General message carrying t4, the master's receive time of a Delay_Req.</summary>
    DelayResp = 0x9,

    /// <summary>Peer-delay response follow-up (P2P only; ignored).</summary>
    PdelayRespFollowUp = 0xA,

    /// <summary>General message advertising a master's dataset for the best-master comparison.</summary>
    Announce = 0xB,

    /// <summary>Signaling (ignored).</summary>
    Signaling = 0xC,

    /// <summary>Management (ignored).</summary>
    Management = 0xD,
}
