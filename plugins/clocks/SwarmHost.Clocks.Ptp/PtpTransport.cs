using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// The two UDPv4 sockets of a PTP port on one interface: event (319: Sync, Delay_Req) and general
/// (320: Announce, Follow_Up, Delay_Resp), both bound to <see cref="IPAddress.Any"/> with
/// SO_REUSEADDR (so ptp4l or another slave can share the ports) and SO_BINDTODEVICE, joined to
/// 224.0.1.129 on the interface, sending with IP_MULTICAST_IF set to the interface's address (without
/// it Delay_Req fails with ENETUNREACH where there is no multicast route) and TTL 1.
/// </summary>
/// <remarks>
/// Kernel software timestamps (SO_TIMESTAMPING: RX/TX software, OPT_ID, OPT_TSONLY) are enabled on
/// the event socket when asked for or when <see cref="TimestampingMode.Auto"/> finds them. Sending
/// and reading happen on the receive thread only. Dispose closes both sockets.
/// </remarks>
internal sealed class PtpTransport : IDisposable
{
    /// <summary>The PTP primary multicast group for UDPv4 (IEEE 1588-2008 annex D).</summary>
    public static readonly IPAddress PrimaryGroup = IPAddress.Parse("224.0.1.129");

    /// <summary>The event port.</summary>
    public const int EventPort = 319;

    /// <summary>The general port.</summary>
    public const int GeneralPort = 320;

    private readonly IPEndPoint _eventDestination = new(PrimaryGroup, EventPort);
    private uint _sends;

    private PtpTransport(TimestampingSocket eventSocket, TimestampingSocket generalSocket, TimestampingMode inUse, IPAddress address)
    {
        Event = eventSocket;
        General = generalSocket;
        InUse = inUse;
        InterfaceAddress = address;
    }

    /// <summary>The event socket (319).</summary>
    public TimestampingSocket Event { get; }

    /// <summary>The general socket (320).</summary>
    public TimestampingSocket General { get; }

    /// <summary>The timestamping in force: <see cref="TimestampingMode.Kernel"/> or <see cref="TimestampingMode.User"/>.</summary>
    public TimestampingMode InUse { get; }

    /// <summary>The interface's IPv4 address (the multicast interface).</summary>
    public IPAddress InterfaceAddress { get; }

    /// <summary>Opens both sockets on <see cref="PtpSettings.Interface"/>.</summary>
    /// <exception cref="InvalidOperationException">The interface is missing or has no IPv4 address, a port cannot be bound, or kernel timestamps were required but are unavailable; the message says what to fix.</exception>
    public static PtpTransport Open(PtpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("The ptp clock needs Linux (it binds its sockets to an interface with SO_BINDTODEVICE); use the ntp or system clock on this platform.");
        }

        var (address, index, down) = ResolveInterface(settings.Interface);
        TimestampingSocket? eventSocket = null;
        TimestampingSocket? generalSocket = null;
        try
        {
            eventSocket = OpenSocket(settings.Interface, address, index, EventPort);
            generalSocket = OpenSocket(settings.Interface, address, index, GeneralPort);
            var inUse = EnableTimestamping(eventSocket, settings);
            return new PtpTransport(eventSocket, generalSocket, inUse, address) { InterfaceWasDown = down };
        }
        catch
        {
            eventSocket?.Dispose();
            generalSocket?.Dispose();
            throw;
        }
    }

    /// <summary>Sends a message to the primary group on the event port.</summary>
    /// <returns>The send's index for matching its kernel send timestamp (SOF_TIMESTAMPING_OPT_ID counter).</returns>
    /// <exception cref="SocketException">The send failed.</exception>
    public uint SendEvent(byte[] message)
    {
        Event.Socket.SendTo(message, SocketFlags.None, _eventDestination);
        return _sends++;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Event.Dispose();
        General.Dispose();
    }

    /// <summary>Lists the interfaces present with their IPv4 addresses, for error messages.</summary>
    public static string DescribeInterfaces()
    {
        var all = NetworkInterface.GetAllNetworkInterfaces()
            .Select(n => n.Name + DescribeAddresses(n))
            .ToList();
        return all.Count == 0 ? "none" : string.Join(", ", all);
    }

    private static string DescribeAddresses(NetworkInterface networkInterface)
    {
        var addresses = networkInterface.GetIPProperties().UnicastAddresses
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
            .Select(a => a.Address.ToString())
            .ToList();
        return addresses.Count == 0 ? " (no IPv4)" : $" ({string.Join(' ', addresses)})";
    }

    /// <summary>Whether the interface reported itself down when the sockets were opened (not an error: a link that comes up later just starts carrying PTP, and a fresh veth reads "down" for up to a second).</summary>
    public bool InterfaceWasDown { get; private init; }

    private static (IPAddress Address, int Index, bool Down) ResolveInterface(string name)
    {
        var found = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name)
            ?? throw new InvalidOperationException($"Network interface '{name}' does not exist here. Interfaces present: {DescribeInterfaces()}. Set the ptp clock's 'interface' option to the one on the PTP network.");
        var address = found.GetIPProperties().UnicastAddresses
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"Network interface '{name}' has no IPv4 address; PTP over UDPv4 needs one. Add one (ip addr add <address>/<prefix> dev {name}) or choose another interface; interfaces present: {DescribeInterfaces()}.");
        var index = found.GetIPProperties().GetIPv4Properties()?.Index
            ?? throw new InvalidOperationException($"Network interface '{name}' has no IPv4 properties; choose another interface: {DescribeInterfaces()}.");
        return (address, index, found.OperationalStatus == OperationalStatus.Down);
    }

    private static TimestampingSocket OpenSocket(string interfaceName, IPAddress address, int index, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetRawSocketOption(LinuxNative.SolSocket, LinuxNative.SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(PrimaryGroup, index));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, address.GetAddressBytes());
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false);
            return new TimestampingSocket(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var hint = e.SocketErrorCode switch
            {
                SocketError.AccessDenied => "Binding UDP ports 319/320 and SO_BINDTODEVICE need root (or CAP_NET_BIND_SERVICE and CAP_NET_RAW, or sysctl net.ipv4.ip_unprivileged_port_start=0); run swarmhost with those rights.",
                SocketError.AddressAlreadyInUse => $"Another process holds UDP port {port} without SO_REUSEADDR; stop it or run this clock where the port is free.",
                _ => $"Check that '{interfaceName}' can carry IPv4 multicast (interfaces present: {DescribeInterfaces()}).",
            };
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The ptp clock cannot open UDP port {port} on '{interfaceName}': {e.Message}. {hint}"), e);
        }
    }

    private static TimestampingMode EnableTimestamping(TimestampingSocket eventSocket, PtpSettings settings)
    {
        if (settings.Timestamping == TimestampingMode.User)
        {
            return TimestampingMode.User;
        }

        string? problem = null;
        if (!LinuxNative.IsSupported)
        {
            problem = "kernel timestamps are read with a 64-bit Linux recvmsg layout and this process is not 64-bit Linux";
        }
        else
        {
            const uint flags = LinuxNative.SofRxSoftware | LinuxNative.SofTxSoftware | LinuxNative.SofSoftware | LinuxNative.SofOptId | LinuxNative.SofOptTsOnly;
            try
            {
                eventSocket.Socket.SetRawSocketOption(LinuxNative.SolSocket, LinuxNative.SoTimestamping, BitConverter.GetBytes(flags));
            }
            catch (SocketException e)
            {
                problem = $"setsockopt(SO_TIMESTAMPING) failed: {e.Message}";
            }
        }

        return problem switch
        {
            null => TimestampingMode.Kernel,
            _ when settings.Timestamping == TimestampingMode.Auto => TimestampingMode.User,
            _ => throw new InvalidOperationException($"The ptp clock was asked for kernel timestamps on '{settings.Interface}', but {problem}. Set the 'timestamping' option to 'auto' or 'user'."),
        };
    }
}
