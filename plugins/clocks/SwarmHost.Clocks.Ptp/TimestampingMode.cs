namespace SwarmHost.Clocks.Ptp;

/// <summary>Where the slave's receive (t2) and send (t3) timestamps come from.</summary>
internal enum TimestampingMode
{
    /// <summary>Kernel software timestamps where the platform offers SO_TIMESTAMPING, else user-space stamps.</summary>
    Auto,

    /// <summary>Kernel software timestamps (SO_TIMESTAMPING, read with recvmsg and MSG_ERRQUEUE); refuse to start without them.</summary>
    Kernel,

    /// <summary>Stamps read in user space right after receive and around send; noisier (tens to hundreds of µs), so offsets are median-filtered.</summary>
    User,
}
