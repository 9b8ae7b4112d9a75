using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SwarmHost.Tests;

/// <summary>
/// An NTP server on 127.0.0.1 for unit tests of the ntp clock: it answers each request with crafted
/// timestamps (T2 = T3 = the request's T1 + <see cref="OffsetNs"/>), so the client must measure
/// offset θ = X − δ/2 and delay δ = its round trip exactly, or with a chosen kind of bad reply.
/// </summary>
internal sealed class FakeNtpServer : IDisposable
{
    private const long UnixEpochNtpSeconds = 2_208_988_800;
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _offsetNs;
    private int _requests;

    public FakeNtpServer(long offsetNs = 0)
    {
        _offsetNs = offsetNs;
        _loop = Task.Run(ServeAsync);
    }

    public enum Behaviour
    {
        /// <summary>A good stratum 2 reply.</summary>
        Good,

        /// <summary>Leap indicator 3, stratum 0: what chronyd without a source sends.</summary>
        Unsynchronised,

        /// <summary>Everything right except the origin timestamp.</summary>
        WrongOrigin,

        /// <summary>Stratum 0 with the kiss code RATE.</summary>
        KissRate,

        /// <summary>Mode 3 instead of 4.</summary>
        WrongMode,

        /// <summary>No reply at all.</summary>
        Silent,
    }

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    /// <summary>The entry for the clock's <c>servers</c> option.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public Behaviour Mode { get; set; }

    /// <summary>How long to hold each reply before sending it (adds to the measured delay).</summary>
    public TimeSpan ReplyDelay { get; set; }

    /// <summary>The server's time minus the client's, as the crafted timestamps say.</summary>
    public long OffsetNs
    {
        get => Interlocked.Read(ref _offsetNs);
        set => Interlocked.Exchange(ref _offsetNs, value);
    }

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket; how does not matter.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            if (Mode == Behaviour.Silent || request.Buffer.Length < 48)
            {
                continue;
            }

            var reply = Reply(request.Buffer);
            if (ReplyDelay > TimeSpan.Zero)
            {
                await Task.Delay(ReplyDelay);
            }

            try
            {
                await _udp.SendAsync(reply, request.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private byte[] Reply(byte[] request)
    {
        var mode = Mode;
        var t1Raw = BinaryPrimitives.ReadUInt64BigEndian(request.AsSpan(40));
        var serverTime = ToNtp(FromNtp(t1Raw) + OffsetNs);
        var reply = new byte[48];
        var (leap, stratum, ntpMode) = mode switch
        {
            Behaviour.Unsynchronised => (3, 0, 4),
            Behaviour.KissRate => (0, 0, 4),
            Behaviour.WrongMode => (0, 2, 3),
            _ => (0, 2, 4),
        };
        reply[0] = (byte)((leap << 6) | (4 << 3) | ntpMode);
        reply[1] = (byte)stratum;
        reply[2] = request[2];
        reply[3] = unchecked((byte)(sbyte)-24);
        byte[] referenceId = mode == Behaviour.KissRate ? "RATE"u8.ToArray() : mode == Behaviour.Unsynchronised ? [0, 0, 0, 0] : [192, 0, 2, 99];
        referenceId.CopyTo(reply, 12);
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(16), serverTime); // reference time
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(24), mode == Behaviour.WrongOrigin ? t1Raw ^ 0x5A5A_0000_0000 : t1Raw);
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(32), serverTime); // T2
        BinaryPrimitives.WriteUInt64BigEndian(reply.AsSpan(40), serverTime); // T3
        return reply;
    }

    /// <summary>NTP timestamp to Unix ns, rounding the fraction (era 0 is enough until 2036).</summary>
    private static long FromNtp(ulong ntp) =>
        (((long)(ntp >> 32) - UnixEpochNtpSeconds) * 1_000_000_000) + ((((long)(ntp & 0xFFFF_FFFF) * 1_000_000_000) + (1L << 31)) >> 32);

    /// <summary>Unix ns to an NTP timestamp, truncating the fraction (so <see cref="FromNtp"/> gives the ns back).</summary>
    private static ulong ToNtp(long unixNs)
    {
        var seconds = Math.DivRem(unixNs, 1_000_000_000, out var ns);
        if (ns < 0)
        {
            seconds--;
            ns += 1_000_000_000;
        }

        return ((ulong)(seconds + UnixEpochNtpSeconds) << 32) | (ulong)((ns << 32) / 1_000_000_000);
    }
}
