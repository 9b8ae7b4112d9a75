using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// An IEEE 1588-2008 (PTPv2) ordinary-clock slave over UDPv4 (E2E delay mechanism) that
/// disciplines its <em>own</em> time scale — never the system clock — to the best master on one
/// interface.
/// </summary>
/// <remarks>
/// <para>Time scale: the monotonic clock anchored to CLOCK_REALTIME when the instance is created,
/// plus a phase and frequency correction from a PI servo (kp 0.7/s, ki 0.3/s² by default). The
/// first measurement steps the phase once, whether or not <see cref="NowNs"/> was read already
/// (a forward step is a jump; after a backward step <see cref="NowNs"/> holds its last value until
/// the scale passes it); afterwards the scale is only slewed (at most 500 ppm).
/// In Holdover it runs on the servo's last frequency estimate. <see cref="NowNs"/> is lock-free,
/// callable from any thread, and never goes backwards.</para>
/// <para>Status: <see cref="ClockStatus.Source"/> is the master's port identity as linuxptp prints
/// it (<c>clockid-port</c>), <see cref="ClockStatus.OffsetNs"/> offsetFromMaster of this machine's
/// clock (what a free-running ptp4l slave reports), <see cref="ClockStatus.DelayNs"/> the
/// meanPathDelay, and the detail names the state, the timestamping in use, the domain, the
/// master's priority1/clockClass, the servo frequency and the residual offset of the disciplined
/// scale (which is what Synchronised is judged on).</para>
/// <para>Lifetime: <see cref="StartAsync"/> opens the sockets and starts one dedicated receive
/// thread; <see cref="Dispose"/> always stops that thread and closes the sockets, and may be called
/// more than once or without a start.</para>
/// </remarks>
public sealed partial class PtpClock : IClock
{
    private const int PollTimeoutMs = 10;
    private const long SendStampWaitNs = 20_000_000;

    private readonly PtpSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DisciplinedTimescale _timescale;
    private readonly Lock _gate = new();
    private PtpTransport? _transport;
    private PtpSlave? _slave;
    private Thread? _thread;
    private volatile bool _stopping;
    private bool _disposed;
    private PendingSend? _pendingSend;
    private long _lastErrorLogRawNs = long.MinValue;

    internal PtpClock(PtpSettings settings, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _settings = settings;
        _time = time;
        _logger = logger;
        _timescale = new DisciplinedTimescale(time);
    }

    /// <inheritdoc />
    public ClockStatus Status => Volatile.Read(ref _slave)?.Status
        ?? new ClockStatus(ClockState.Listening, "none", null, null, null, string.Create(CultureInfo.InvariantCulture, $"Listening; not started; domain {_settings.Domain} on {_settings.Interface}"));

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The interface is missing or has no IPv4 address, a port cannot be bound, kernel timestamps were required but are unavailable, or the clock was already started; the message says what to fix.</exception>
    /// <exception cref="ObjectDisposedException">The clock was disposed.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_thread is not null)
            {
                throw new InvalidOperationException("This ptp clock is already started; create a new instance to start again.");
            }

            var transport = PtpTransport.Open(_settings);
            var self = new PortIdentity(BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)), 1);
            var slave = new PtpSlave(_settings, _timescale, _time, self, transport.InUse);
            _transport = transport;
            Volatile.Write(ref _slave, slave);
            _thread = new Thread(() => Run(transport, slave))
            {
                IsBackground = true,
                Name = $"ptp clock {_settings.Interface}",
            };
            _thread.Start();
            LogStarted(_settings.Interface, transport.InterfaceAddress, _settings.Domain, transport.InUse, self);
            if (transport.InterfaceWasDown)
            {
                LogInterfaceDown(_settings.Interface);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public long NowNs() => _timescale.NowNs();

    /// <inheritdoc />
    public void Dispose()
    {
        Thread? thread;
        PtpTransport? transport;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping = true;
            thread = _thread;
            transport = _transport;
        }

        // The receive thread polls with a short timeout, so it notices _stopping promptly.
        thread?.Join();
        transport?.Dispose();
    }

    private unsafe void Run(PtpTransport transport, PtpSlave slave)
    {
        var fds = stackalloc LinuxNative.PollFd[2];
        while (!_stopping)
        {
            try
            {
                fds[0] = new LinuxNative.PollFd { Fd = transport.Event.Descriptor, Events = LinuxNative.PollIn };
                fds[1] = new LinuxNative.PollFd { Fd = transport.General.Descriptor, Events = LinuxNative.PollIn };
                if (LinuxNative.Poll(fds, 2, PollTimeoutMs) < 0)
                {
                    var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (errno != LinuxNative.EIntr)
                    {
                        throw new IOException($"poll on the PTP sockets failed: errno {errno}.");
                    }

                    continue;
                }

                if (((fds[0].ReturnedEvents | fds[1].ReturnedEvents) & LinuxNative.PollNval) != 0)
                {
                    return; // the sockets were closed under us
                }

                if ((fds[0].ReturnedEvents & LinuxNative.PollErr) != 0 && transport.InUse == TimestampingMode.Kernel)
                {
                    DrainSendTimestamps(transport, slave);
                }

                if ((fds[0].ReturnedEvents & LinuxNative.PollIn) != 0)
                {
                    DrainReceived(transport, transport.Event, slave);
                }

                if ((fds[1].ReturnedEvents & LinuxNative.PollIn) != 0)
                {
                    DrainReceived(transport, transport.General, slave);
                }

                var now = _timescale.RawNowNs();
                if (_pendingSend is { } pending && now - pending.UserStampRawNs > SendStampWaitNs)
                {
                    // No kernel send timestamp arrived in time: use the user-space stamp taken around the send.
                    _pendingSend = null;
                    slave.OnDelayRequestSent(pending.SequenceId, pending.UserStampRawNs, kernelStamp: false);
                }

                slave.Tick(now);
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
            {
                var now = _timescale.RawNowNs();
                if (now - _lastErrorLogRawNs > 1_000_000_000)
                {
                    _lastErrorLogRawNs = now;
                    LogReceiveError(_settings.Interface, e);
                }

                Thread.Sleep(PollTimeoutMs);
            }
        }
    }

    private void DrainReceived(PtpTransport transport, TimestampingSocket socket, PtpSlave slave)
    {
        while (true)
        {
            var length = socket.Receive(out var kernelNs);
            if (length < 0)
            {
                return;
            }

            var userStamp = _timescale.RawNowNs();
            var arrival = kernelNs != 0 && transport.InUse == TimestampingMode.Kernel ? KernelToRaw(kernelNs) : userStamp;
            if (slave.OnMessage(socket.Payload(length), arrival) is { } request)
            {
                Send(transport, slave, request);
            }
        }
    }

    private void Send(PtpTransport transport, PtpSlave slave, DelayRequest request)
    {
        var before = _timescale.RawNowNs();
        var index = transport.SendEvent(request.Message);
        var after = _timescale.RawNowNs();
        var userStamp = before + ((after - before) / 2);
        if (transport.InUse == TimestampingMode.Kernel)
        {
            _pendingSend = new PendingSend(index, request.SequenceId, userStamp);
        }
        else
        {
            slave.OnDelayRequestSent(request.SequenceId, userStamp, kernelStamp: false);
        }
    }

    private void DrainSendTimestamps(PtpTransport transport, PtpSlave slave)
    {
        while (transport.Event.TryReceiveSendTimestamp(out var index, out var kernelNs))
        {
            if (_pendingSend is { } pending && pending.Index == index)
            {
                _pendingSend = null;
                slave.OnDelayRequestSent(pending.SequenceId, KernelToRaw(kernelNs), kernelStamp: true);
            }
        }
    }

    /// <summary>Moves a kernel CLOCK_REALTIME stamp onto the raw scale.</summary>
    private long KernelToRaw(long kernelRealtimeNs) => kernelRealtimeNs + RawMinusRealtime();

    /// <summary>
    /// raw − CLOCK_REALTIME now: the raw clock read between two CLOCK_REALTIME reads, keeping the
    /// tightest of up to three tries, so a preemption between the reads does not shift a stamp.
    /// </summary>
    private long RawMinusRealtime()
    {
        var best = (Difference: 0L, Width: long.MaxValue);
        for (var attempt = 0; attempt < 3 && best.Width > 2_000; attempt++)
        {
            var before = LinuxNative.RealtimeNowNs();
            var raw = _timescale.RawNowNs();
            var after = LinuxNative.RealtimeNowNs();
            if (after - before < best.Width)
            {
                best = (raw - (before + ((after - before) / 2)), after - before);
            }
        }

        return best.Difference;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PTP slave on {Interface} ({Address}), domain {Domain}, {Timestamping} timestamps, port identity {Identity}")]
    private partial void LogStarted(string @interface, System.Net.IPAddress address, byte domain, TimestampingMode timestamping, PortIdentity identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Network interface {Interface} is down; the PTP slave listens and starts following a master once the link is up (ip link set {Interface} up)")]
    private partial void LogInterfaceDown(string @interface);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PTP receive loop on {Interface} hit an error (repeats are logged at most once a second)")]
    private partial void LogReceiveError(string @interface, Exception error);

    private readonly record struct PendingSend(uint Index, ushort SequenceId, long UserStampRawNs);
}
