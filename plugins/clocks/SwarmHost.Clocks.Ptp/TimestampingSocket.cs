using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// A UDP socket read with <c>recvmsg</c> so that the kernel's software receive timestamp
/// (SCM_TIMESTAMPING) and, from the error queue, send timestamps can be picked up (see
/// <see cref="LinuxNative"/> for why this is hand-written).
/// </summary>
/// <remarks>
/// Reads never block (MSG_DONTWAIT); wait for readiness with <c>poll</c> on <see cref="Descriptor"/>.
/// Not thread-safe: one receive thread reads; <see cref="Socket"/> may be used to send from that
/// same thread. The receive buffers are pinned for the socket's lifetime. Dispose closes the
/// socket; stop the reading thread first.
/// </remarks>
internal sealed unsafe class TimestampingSocket : IDisposable
{
    private const int DataSize = 2048;
    private const int ControlSize = 512;

    private readonly byte[] _data = GC.AllocateArray<byte>(DataSize, pinned: true);
    private readonly byte[] _control = GC.AllocateArray<byte>(ControlSize, pinned: true);

    /// <summary>Wraps an open, bound socket (ownership passes to this object).</summary>
    public TimestampingSocket(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Socket = socket;
        Descriptor = (int)socket.Handle;
    }

    /// <summary>The underlying socket (for options and sending).</summary>
    public Socket Socket { get; }

    /// <summary>The file descriptor, for <c>poll</c>.</summary>
    public int Descriptor { get; }

    /// <summary>The payload of the last datagram <see cref="Receive"/> returned.</summary>
    public ReadOnlySpan<byte> Payload(int length) => _data.AsSpan(0, length);

    /// <summary>Reads one waiting datagram into the buffer.</summary>
    /// <param name="kernelRealtimeNs">The kernel's software receive timestamp (CLOCK_REALTIME, ns), or 0 when the kernel gave none.</param>
    /// <returns>The datagram's length, or −1 when nothing is waiting.</returns>
    /// <exception cref="IOException">recvmsg failed for another reason than "nothing waiting".</exception>
    public int Receive(out long kernelRealtimeNs)
    {
        return ReceiveMessage(0, out kernelRealtimeNs, out _);
    }

    /// <summary>Reads one send timestamp from the error queue.</summary>
    /// <param name="sendIndex">The SOF_TIMESTAMPING_OPT_ID counter of the send it belongs to (0 for the first send after the option was set).</param>
    /// <param name="kernelRealtimeNs">The software send timestamp (CLOCK_REALTIME, ns).</param>
    /// <returns><c>false</c> when the error queue is empty.</returns>
    /// <exception cref="IOException">recvmsg failed for another reason than an empty queue.</exception>
    public bool TryReceiveSendTimestamp(out uint sendIndex, out long kernelRealtimeNs)
    {
        while (true)
        {
            if (ReceiveMessage(LinuxNative.MsgErrQueue, out kernelRealtimeNs, out var index) < 0)
            {
                sendIndex = 0;
                return false;
            }

            if (index is { } found && kernelRealtimeNs != 0)
            {
                sendIndex = found;
                return true;
            }

            // Something else on the error queue (e.g. an ICMP error): skip it.
        }
    }

    /// <inheritdoc />
    public void Dispose() => Socket.Dispose();

    private static void ParseControl(byte* control, nuint length, out long softwareNs, out uint? sendIndex)
    {
        softwareNs = 0;
        sendIndex = null;
        var header = (nuint)sizeof(LinuxNative.CmsgHdr);
        var dataOffset = LinuxNative.CmsgAlign(header);
        nuint offset = 0;
        while (offset + header <= length)
        {
            var cmsg = (LinuxNative.CmsgHdr*)(control + offset);
            if (cmsg->Length < header || offset + cmsg->Length > length)
            {
                break;
            }

            var data = control + offset + dataOffset;
            var dataLength = cmsg->Length - dataOffset;
            if (cmsg->Level == LinuxNative.SolSocket && cmsg->Type == LinuxNative.SoTimestamping && dataLength >= (nuint)(3 * sizeof(LinuxNative.Timespec)))
            {
                // struct scm_timestamping { struct timespec ts[3]; }: ts[0] software, ts[2] raw hardware.
                softwareNs = ((LinuxNative.Timespec*)data)[0].ToNanoseconds();
            }
            else if (cmsg->Level == LinuxNative.SolIp && cmsg->Type == LinuxNative.IpRecvErr && dataLength >= (nuint)sizeof(LinuxNative.SockExtendedErr))
            {
                var error = (LinuxNative.SockExtendedErr*)data;
                if (error->Origin == LinuxNative.SoEeOriginTimestamping)
                {
                    sendIndex = error->Data;
                }
            }

            offset += LinuxNative.CmsgAlign(cmsg->Length);
        }
    }

    private int ReceiveMessage(int flags, out long softwareNs, out uint? sendIndex)
    {
        fixed (byte* data = _data)
        fixed (byte* control = _control)
        {
            var iov = new LinuxNative.IoVec { Base = data, Length = DataSize };
            var message = new LinuxNative.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
            nint received;
            int errno;
            do
            {
                received = LinuxNative.RecvMsg(Descriptor, &message, flags | LinuxNative.MsgDontWait);
                errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (received < 0 && errno == LinuxNative.EIntr);

            if (received < 0)
            {
                softwareNs = 0;
                sendIndex = null;
                return errno == LinuxNative.EAgain ? -1 : throw new IOException($"recvmsg on the PTP socket failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }

            ParseControl(control, message.ControlLength, out softwareNs, out sendIndex);
            return (int)received;
        }
    }
}
