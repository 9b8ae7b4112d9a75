using System.Runtime.InteropServices;

namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// Hand-written libc interop for kernel packet timestamps on 64-bit Linux: <c>recvmsg</c> (with
/// <c>MSG_ERRQUEUE</c> for send timestamps), <c>poll</c> and <c>clock_gettime</c>, with the
/// x86-64/arm64 (LP64 glibc) layouts of <c>msghdr</c>, <c>iovec</c>, <c>cmsghdr</c>,
/// <c>pollfd</c>, <c>timespec</c> and <c>sock_extended_err</c>.
/// </summary>
/// <remarks>
/// Hand-written because .NET sockets do not expose SO_TIMESTAMPING: <c>Socket.ReceiveMessageFrom</c>
/// returns only IP_PKTINFO, never other control messages, and there is no way to read the error
/// queue where the kernel puts send timestamps. Socket options themselves are set with
/// <see cref="System.Net.Sockets.Socket.SetRawSocketOption"/>. Only used where
/// <see cref="IsSupported"/> is true; the constants are Linux's (asm-generic), the same on x86-64
/// and arm64.
/// </remarks>
internal static unsafe partial class LinuxNative
{
    /// <summary>SOL_SOCKET.</summary>
    public const int SolSocket = 1;

    /// <summary>SOL_IP.</summary>
    public const int SolIp = 0;

    /// <summary>SO_BINDTODEVICE (value: the interface name, NUL-terminated).</summary>
    public const int SoBindToDevice = 25;

    /// <summary>SO_TIMESTAMPING (SO_TIMESTAMPING_OLD on 64-bit: timespecs of 64-bit fields); also the control message type SCM_TIMESTAMPING.</summary>
    public const int SoTimestamping = 37;

    /// <summary>IP_RECVERR: the control message type of a <c>sock_extended_err</c> on the error queue.</summary>
    public const int IpRecvErr = 11;

    /// <summary>SOF_TIMESTAMPING_TX_SOFTWARE: stamp outgoing packets when the driver hands them over.</summary>
    public const uint SofTxSoftware = 1 << 1;

    /// <summary>SOF_TIMESTAMPING_RX_SOFTWARE: stamp incoming packets when they enter the stack.</summary>
    public const uint SofRxSoftware = 1 << 3;

    /// <summary>SOF_TIMESTAMPING_SOFTWARE: report software timestamps (ts[0] of scm_timestamping).</summary>
    public const uint SofSoftware = 1 << 4;

    /// <summary>SOF_TIMESTAMPING_OPT_ID: tag each send timestamp with a per-socket counter of sends (ee_data), starting at 0.</summary>
    public const uint SofOptId = 1 << 7;

    /// <summary>SOF_TIMESTAMPING_OPT_TSONLY: return send timestamps without a copy of the packet.</summary>
    public const uint SofOptTsOnly = 1 << 11;

    /// <summary>MSG_DONTWAIT.</summary>
    public const int MsgDontWait = 0x40;

    /// <summary>MSG_ERRQUEUE: read the socket's error queue (send timestamps).</summary>
    public const int MsgErrQueue = 0x2000;

    /// <summary>MSG_CTRUNC: the control buffer was too small.</summary>
    public const int MsgCTrunc = 0x8;

    /// <summary>POLLIN.</summary>
    public const short PollIn = 0x1;

    /// <summary>POLLERR (always reported; set when the error queue holds something).</summary>
    public const short PollErr = 0x8;

    /// <summary>POLLNVAL: the descriptor is not open.</summary>
    public const short PollNval = 0x20;

    /// <summary>SO_EE_ORIGIN_TIMESTAMPING: a sock_extended_err that carries a send timestamp.</summary>
    public const byte SoEeOriginTimestamping = 4;

    /// <summary>CLOCK_REALTIME, the clock software packet timestamps are taken on.</summary>
    public const int ClockRealtime = 0;

    /// <summary>EINTR.</summary>
    public const int EIntr = 4;

    /// <summary>EAGAIN (= EWOULDBLOCK).</summary>
    public const int EAgain = 11;

    /// <summary>Whether these layouts match the running process: 64-bit Linux.</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && Environment.Is64BitProcess && sizeof(MsgHdr) == 56 && sizeof(CmsgHdr) == 16;

    /// <summary>recvmsg(2). Returns the byte count, or −1 with the errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int socket, MsgHdr* message, int flags);

    /// <summary>poll(2). Returns the number of ready descriptors, 0 on timeout, −1 on error.</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    /// <summary>clock_gettime(2).</summary>
    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int ClockGetTime(int clockId, Timespec* time);

    /// <summary>CLOCK_REALTIME now in ns since the Unix epoch.</summary>
    public static long RealtimeNowNs()
    {
        Timespec now;
        return ClockGetTime(ClockRealtime, &now) == 0 ? now.ToNanoseconds() : (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
    }

    /// <summary>CMSG_ALIGN: control messages are aligned to the size of <c>size_t</c>.</summary>
    public static nuint CmsgAlign(nuint length) => (length + (nuint)sizeof(nuint) - 1) & ~((nuint)sizeof(nuint) - 1);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        /// <summary>iov_base.</summary>
        public void* Base;

        /// <summary>iov_len.</summary>
        public nuint Length;
    }

    /// <summary>struct msghdr (56 bytes on LP64: the int fields are followed by 4 bytes of padding).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        /// <summary>msg_name: where the sender's address is written (may be null).</summary>
        public void* Name;

        /// <summary>msg_namelen (socklen_t).</summary>
        public uint NameLength;

        /// <summary>msg_iov.</summary>
        public IoVec* Iov;

        /// <summary>msg_iovlen.</summary>
        public nuint IovLength;

        /// <summary>msg_control: the buffer for control messages.</summary>
        public void* Control;

        /// <summary>msg_controllen: in, the buffer's size; out, the bytes used.</summary>
        public nuint ControlLength;

        /// <summary>msg_flags (out).</summary>
        public int Flags;
    }

    /// <summary>struct cmsghdr (16 bytes on LP64; the data follows at CMSG_ALIGN(16)).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHdr
    {
        /// <summary>cmsg_len: header plus data, unaligned.</summary>
        public nuint Length;

        /// <summary>cmsg_level.</summary>
        public int Level;

        /// <summary>cmsg_type.</summary>
        public int Type;
    }

    /// <summary>struct timespec (64-bit time_t and long).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        /// <summary>tv_sec.</summary>
        public long Seconds;

        /// <summary>tv_nsec.</summary>
        public long Nanoseconds;

        /// <summary>The time in ns since the epoch of its clock.</summary>
        public readonly long ToNanoseconds() => (Seconds * 1_000_000_000) + Nanoseconds;
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        /// <summary>fd.</summary>
        public int Fd;

        /// <summary>events requested.</summary>
        public short Events;

        /// <summary>events returned.</summary>
        public short ReturnedEvents;
    }

    /// <summary>struct sock_extended_err (16 bytes), the IP_RECVERR control message on the error queue.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockExtendedErr
    {
        /// <summary>ee_errno (ENOMSG for timestamps).</summary>
        public uint Errno;

        /// <summary>ee_origin (<see cref="SoEeOriginTimestamping"/> for timestamps).</summary>
        public byte Origin;

        /// <summary>ee_type.</summary>
        public byte Type;

        /// <summary>ee_code.</summary>
        public byte Code;

        /// <summary>ee_pad.</summary>
        public byte Pad;

        /// <summary>ee_info (SCM_TSTAMP_SND = 0 for a software send stamp).</summary>
        public uint Info;

        /// <summary>ee_data: the SOF_TIMESTAMPING_OPT_ID counter of the send it belongs to.</summary>
        public uint Data;
    }
}
