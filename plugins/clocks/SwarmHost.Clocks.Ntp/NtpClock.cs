using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.Ntp;

/// <summary>
/// An NTPv4 client (RFC 5905 on-wire protocol) that polls one or more servers and presents its own
/// time scale: the monotonic clock anchored to the wall clock at construction, corrected towards the
/// best recent offset estimate by slewing. The system clock is never touched.
/// </summary>
/// <remarks>
/// <para>
/// Every <c>pollMs</c> a background thread sends each server <c>burst</c> mode 3 requests, one after
/// the other, each carrying T1 and waiting up to <c>timeoutMs</c> for its reply (the lowest-delay
/// good reply of the burst is the poll's sample); T2/T3 come from the server, T1/T4 from this machine's wall clock
/// (<see cref="RealtimeClock"/>). Replies that are not mode 4, do not echo T1 as their origin, have
/// stratum 0 or ≥ 16, leap indicator 3 or a version other than 3/4 are rejected, counted, and the
/// reason is kept for <see cref="Status"/>. Offset θ = ((T2−T1)+(T3−T4))/2 (server minus us) and
/// delay δ = (T4−T1)−(T3−T2). Each server keeps its last <c>samples</c> good samples; the estimate
/// is the lowest-delay recent sample across all servers (NTP's clock filter, simplified), so a server
/// that only sends bogus replies never contributes.
/// </para>
/// <para>
/// Time scale: <see cref="NowNs"/> never goes backwards and never jumps. The correction moves towards
/// the estimate at most <c>maxSlewPpm</c>. The one exception is the first lock: if nothing has read
/// <see cref="NowNs"/> yet (no frame stamped), the scale steps onto the estimate once; otherwise it
/// slews there too. Before the first lock the scale is the uncorrected local clock. There is no
/// frequency steering: between estimates, and in Holdover, the scale runs at the rate of the local
/// monotonic clock (plus any slew still in progress).
/// </para>
/// <para>
/// States: Listening (no good reply yet), Uncalibrated (fewer than <c>lockSamples</c> good replies),
/// Synchronised, Holdover (was synchronised, no good reply for <c>holdoverAfterMs</c>; a good reply
/// returns it to Synchronised).
/// </para>
/// <para>
/// Threading: <see cref="NowNs"/> and <see cref="Status"/> are thread-safe and lock-free.
/// <see cref="StartAsync"/> may be called once. <see cref="Dispose"/> may be called from any thread,
/// any number of times, started or not: it stops the poll thread and closes every socket.
/// </para>
/// </remarks>
internal sealed class NtpClock : IClock
{
    private readonly NtpClockSettings _settings;
    private readonly ILogger _logger;
    private readonly SlewedTimeScale _scale;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lifecycle = new();
    private NtpServer[] _servers = [];
    private Thread? _thread;
    private NtpClockSnapshot _snapshot = NtpClockSnapshot.Initial;
    private bool _started;
    private bool _disposed;

    /// <summary>Creates a clock that is not yet polling; its time scale is anchored now.</summary>
    public NtpClock(NtpClockSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _settings = settings;
        _logger = logger;
        _scale = new SlewedTimeScale(settings.MaxSlewPpm);
    }

    /// <inheritdoc />
    public ClockStatus Status
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            var state = StateOf(snapshot, Stopwatch.GetTimestamp());
            return new ClockStatus(
                state,
                snapshot.Best?.Server.Name ?? SourceBeforeFirstSample(),
                snapshot.Best?.Reply.OffsetNs,
                snapshot.Best?.Reply.DelayNs,
                snapshot.LastGood?.ReceivedAt,
                NtpStatusText.Describe(snapshot, state, _settings, _scale, SourceBeforeFirstSample()));
        }
    }

    /// <summary>
    /// Parses and resolves the servers, opens one connected UDP socket per server and starts the
    /// poll thread; returns without waiting for a reply.
    /// </summary>
    /// <exception cref="InvalidOperationException">A server entry is malformed, has a bad port, cannot be resolved or reached, or the clock was already started; the message says what to fix.</exception>
    /// <exception cref="ObjectDisposedException">The clock was disposed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException("This ntp clock was already started; create a new instance to start again.");
            }

            _started = true;
        }

        var addresses = NtpServerAddress.ParseList(_settings.Servers);
        var servers = new List<NtpServer>();
        try
        {
            foreach (var address in addresses)
            {
                servers.Add(await OpenAsync(address, cancellationToken).ConfigureAwait(false));
            }

            lock (_lifecycle)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                Volatile.Write(ref _servers, [.. servers]);
                _thread = new Thread(Run) { IsBackground = true, Name = "ntp clock" };
                _thread.Start();
            }
        }
        catch
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }

            throw;
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var names = string.Join(", ", servers.Select(s => s.Name));
            NtpClockLog.LogStarted(_logger, names, _settings.Poll.TotalMilliseconds, RealtimeClock.Source);
        }
    }

    /// <inheritdoc />
    public long NowNs() => _scale.NowNs();

    /// <summary>Stops the poll thread and closes every socket. Idempotent; never throws.</summary>
    public void Dispose()
    {
        Thread? thread;
        NtpServer[] servers;
        lock (_lifecycle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            thread = _thread;
            servers = _servers;
        }

        _stop.Cancel();
        foreach (var server in servers)
        {
            server.Dispose(); // unblocks a Receive in progress
        }

        if (thread is null || thread.Join(_settings.Timeout + TimeSpan.FromSeconds(2)))
        {
            _stop.Dispose();
        }
    }

    private async Task<NtpServer> OpenAsync(NtpServerAddress address, CancellationToken cancellationToken)
    {
        IPAddress ip;
        if (!IPAddress.TryParse(address.Host, out ip!))
        {
            IPAddress[] found;
            try
            {
                found = await Dns.GetHostAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"NTP server '{address}' could not be resolved ({e.Message}); check the name in the ntp clock's 'servers' option and this machine's DNS, or give an IP address.", e);
            }

            ip = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? found.FirstOrDefault()
                ?? throw new InvalidOperationException($"NTP server '{address}' resolved to no address; check the name in the ntp clock's 'servers' option or give an IP address.");
        }

        var endpoint = new IPEndPoint(ip, address.Port);
        var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new InvalidOperationException($"Cannot reach NTP server '{address}' at {endpoint} ({e.Message}); check the address in the ntp clock's 'servers' option and this machine's network and routes.", e);
        }

        return new NtpServer(address, endpoint, socket, _settings.Samples);
    }

    private ClockState StateOf(NtpClockSnapshot snapshot, long now)
    {
        if (snapshot.GoodSamples == 0)
        {
            return ClockState.Listening;
        }

        if (!snapshot.Locked)
        {
            return ClockState.Uncalibrated;
        }

        return snapshot.LastGood is { } last && Stopwatch.GetElapsedTime(last.ReceivedTimestamp, now) > _settings.HoldoverAfter
            ? ClockState.Holdover
            : ClockState.Synchronised;
    }

    private string SourceBeforeFirstSample()
    {
        var servers = Volatile.Read(ref _servers);
        return servers.Length > 0 ? string.Join(", ", servers.Select(s => s.Name)) : _settings.Servers;
    }

    private void Run()
    {
        var holdover = false;
        while (!_stop.IsCancellationRequested)
        {
            var roundStart = Stopwatch.GetTimestamp();
            try
            {
                PollRound();
                var snapshot = Volatile.Read(ref _snapshot);
                var nowHoldover = StateOf(snapshot, Stopwatch.GetTimestamp()) == ClockState.Holdover;
                if (nowHoldover != holdover)
                {
                    holdover = nowHoldover;
                    if (holdover)
                    {
                        NtpClockLog.LogHoldover(_logger, _settings.HoldoverAfter.TotalMilliseconds, snapshot.LastError ?? snapshot.LastRejection ?? "no reply");
                    }
                    else
                    {
                        NtpClockLog.LogRecovered(_logger, snapshot.Best?.Server.Name ?? "?");
                    }
                }
            }
            catch (ObjectDisposedException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The poll thread must survive anything: an exception escaping a thread ends the process.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                NtpClockLog.LogPollFailed(_logger, e);
                var failed = Volatile.Read(ref _snapshot);
                Volatile.Write(ref _snapshot, failed with { LastError = "poll loop: " + e.Message });
            }

            var wait = _settings.Poll - Stopwatch.GetElapsedTime(roundStart);
            if (wait > TimeSpan.Zero && _stop.Token.WaitHandle.WaitOne(wait))
            {
                return;
            }
        }
    }

    private void PollRound()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var (good, rejected, unanswered) = (snapshot.GoodSamples, snapshot.Rejected, snapshot.Unanswered);
        var (lastGood, lastRejection, lastError) = (snapshot.LastGood, snapshot.LastRejection, snapshot.LastError);
        foreach (var server in _servers)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            var (wasRejected, wasUnanswered, previousReason) = (server.Rejected, server.Unanswered, server.LastRejection);
            var sample = server.Poll(_settings.Timeout, _settings.Burst, _settings.PollExponent, _scale);
            if (server.Rejected > wasRejected)
            {
                rejected += server.Rejected - wasRejected;
                lastRejection = $"{server.Name}: {server.LastRejection}";
                if (server.LastRejection != previousReason)
                {
                    NtpClockLog.LogRejected(_logger, server.Name, server.LastRejection!);
                }
            }

            if (server.Unanswered > wasUnanswered)
            {
                unanswered += server.Unanswered - wasUnanswered;
                lastError = server.LastError;
            }

            if (sample is not null)
            {
                good++;
                lastGood = sample;
            }
        }

        var best = BestRecentSample() ?? snapshot.Best;
        var locked = snapshot.Locked;
        if (best is not null && !locked && good >= _settings.LockSamples)
        {
            locked = true;
            var stepped = _scale.TryStep(best.TargetCorrectionNs);
            if (!stepped)
            {
                _scale.SlewTo(best.TargetCorrectionNs);
            }

            NtpClockLog.LogLocked(_logger, best.Server.Name, best.Reply.OffsetNs / 1000.0, best.Reply.DelayNs / 1000.0, stepped ? "stepped onto it (nothing had read the clock yet)" : "slewing to it");
        }
        else if (locked && best is not null && best.TargetCorrectionNs != _scale.TargetCorrectionNs)
        {
            _scale.SlewTo(best.TargetCorrectionNs);
        }

        Volatile.Write(ref _snapshot, new NtpClockSnapshot(best, lastGood, good, locked, rejected, unanswered, lastRejection, lastError));
    }

    private NtpSample? BestRecentSample()
    {
        var now = Stopwatch.GetTimestamp();
        NtpSample? best = null;
        foreach (var server in _servers)
        {
            foreach (var sample in server.Samples)
            {
                if (Stopwatch.GetElapsedTime(sample.ReceivedTimestamp, now) <= _settings.SampleLifetime
                    && (best is null || sample.Reply.DelayNs < best.Reply.DelayNs))
                {
                    best = sample;
                }
            }
        }

        return best;
    }
}
