using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// The protocol side of a PTPv2 ordinary-clock slave port (E2E, two-step or one-step masters),
/// free of sockets: it is fed received messages with their receive time and the send time of its
/// own Delay_Reqs, selects a master, measures offset and path delay, and drives a
/// <see cref="PiServo"/> that disciplines a <see cref="DisciplinedTimescale"/>.
/// </summary>
/// <remarks>
/// <para>All local times are nanoseconds on the time scale's <em>raw</em> scale
/// (<see cref="DisciplinedTimescale.RawNowNs"/>), so a frequency or phase change of the disciplined
/// scale never disturbs a measurement. <see cref="ClockStatus.OffsetNs"/> is offsetFromMaster of
/// that raw scale — this machine's clock as a free-running ptp4l slave would report it; the
/// residual offset of the disciplined scale (what locking is judged on) is in the detail text.</para>
/// <para>States: Listening (no qualified master) → Uncalibrated (master selected, converging) →
/// Synchronised (|residual| &lt; lockThresholdNs for lockSamples consecutive samples; as many
/// samples above it drop back to Uncalibrated) → Holdover (the master's Announces stopped for
/// announceReceiptTimeout of its announce intervals, or its Syncs for syncReceiptTimeout of its sync
/// intervals, after the servo ran: the scale keeps running on the servo's frequency estimate) →
/// Uncalibrated when a qualified master is heard again. The first servo sample of the instance
/// steps the phase once; after that the scale is only slewed.</para>
/// <para>Threading: every method except <see cref="Status"/> must be called from one thread (the
/// receive thread). <see cref="Status"/> is an immutable snapshot, safe from any thread.</para>
/// </remarks>
internal sealed class PtpSlave
{
    private const long DelayRequestTimeoutNs = 1_000_000_000;

    private readonly PtpSettings _settings;
    private readonly DisciplinedTimescale _timescale;
    private readonly TimeProvider _time;
    private readonly ForeignMasterTable _masters;
    private readonly PiServo _servo;
    private readonly LockDetector _lock;
    private readonly MedianWindow _delayWindow;
    private readonly MedianWindow? _offsetWindow;
    private readonly TimestampingMode _timestamping;

    private ClockStatus _status;
    private ClockState _state = ClockState.Listening;
    private AnnounceMessage? _parent;
    private bool _parentGone;
    private long _lastSyncRawNs;
    private sbyte _logSyncInterval;
    private SyncPart? _sync;
    private SyncPart? _followUp;
    private long? _masterToSlaveNs;
    private long? _meanPathDelayNs;
    private ushort _delayReqSequence;
    private PendingDelay? _outstanding;
    private long? _lastDelayReqRawNs;
    private sbyte? _logMinDelayReqInterval;
    private bool _servoStarted;
    private long? _lastServoRawNs;
    private long? _offsetNs;
    private long? _residualNs;
    private DateTimeOffset? _lastUpdate;
    private long _lastNowRawNs;
    private int _txFallbacks;

    /// <summary>Creates a slave port in the Listening state.</summary>
    /// <param name="settings">Validated settings.</param>
    /// <param name="timescale">The time scale the servo disciplines (also the source of raw time).</param>
    /// <param name="time">Wall-clock source for <see cref="ClockStatus.LastUpdate"/>.</param>
    /// <param name="self">This port's identity (a random clockIdentity, port 1).</param>
    /// <param name="timestamping">The timestamping actually in use (<see cref="TimestampingMode.Kernel"/> or <see cref="TimestampingMode.User"/>); user stamps enable the offset median filter.</param>
    public PtpSlave(PtpSettings settings, DisciplinedTimescale timescale, TimeProvider time, PortIdentity self, TimestampingMode timestamping)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timescale);
        ArgumentNullException.ThrowIfNull(time);
        if (timestamping == TimestampingMode.Auto)
        {
            throw new ArgumentException("Pass the timestamping actually in use (Kernel or User), not Auto; resolve Auto when opening the sockets.", nameof(timestamping));
        }

        _settings = settings;
        _timescale = timescale;
        _time = time;
        Self = self;
        _timestamping = timestamping;
        _masters = new ForeignMasterTable(settings.AnnounceReceiptTimeout);
        _servo = new PiServo(settings.ServoKp, settings.ServoKi);
        _lock = new LockDetector(settings.LockThresholdNs, settings.LockSamples);
        _delayWindow = new MedianWindow(settings.MedianWindow);
        if (timestamping == TimestampingMode.User)
        {
            _offsetWindow = new MedianWindow(settings.MedianWindow);
        }

        _status = BuildStatus();
    }

    /// <summary>This port's identity: the sourcePortIdentity of its Delay_Reqs.</summary>
    public PortIdentity Self { get; }

    /// <summary>The latest status snapshot; safe from any thread.</summary>
    public ClockStatus Status => Volatile.Read(ref _status);

    /// <summary>The state now (receive thread).</summary>
    public ClockState State => _state;

    /// <summary>The selected (or last selected) master's Announce, or <c>null</c> before any.</summary>
    public AnnounceMessage? Parent => _parent;

    /// <summary>The current filtered meanPathDelay in ns, or <c>null</c> before the first Delay_Resp.</summary>
    public long? MeanPathDelayNs => _meanPathDelayNs;

    /// <summary>The last offsetFromMaster of the raw scale in ns (median-filtered with user stamps).</summary>
    public long? OffsetNs => _offsetNs;

    /// <summary>The last offset of the disciplined scale from the master in ns (what the servo and the lock see).</summary>
    public long? ResidualNs => _residualNs;

    /// <summary>Handles one received datagram.</summary>
    /// <param name="message">The datagram's payload.</param>
    /// <param name="receiveRawNs">When it arrived, on the raw scale (t2 for a Sync).</param>
    /// <returns>A Delay_Req to send now, or <c>null</c>.</returns>
    public DelayRequest? OnMessage(ReadOnlySpan<byte> message, long receiveRawNs)
    {
        _lastNowRawNs = receiveRawNs;
        if (!PtpHeader.TryRead(message, out var header)
            || header.DomainNumber != _settings.Domain
            || header.SourcePort.ClockIdentity == Self.ClockIdentity)
        {
            return null;
        }

        DelayRequest? request = null;
        switch (header.MessageType)
        {
            case PtpMessageType.Announce when PtpCodec.TryReadAnnounce(message, header, out var announce) && announce!.StepsRemoved < 255:
                _masters.Observe(announce, receiveRawNs);
                Reselect(receiveRawNs);
                break;
            case PtpMessageType.Sync when IsFromParent(header) && PtpCodec.TryReadOriginTimestamp(message, header, out var origin):
                request = OnSync(header, origin, receiveRawNs);
                break;
            case PtpMessageType.FollowUp when IsFromParent(header) && PtpCodec.TryReadOriginTimestamp(message, header, out var precise):
                _followUp = new SyncPart(header.SequenceId, precise, header.CorrectionNs);
                request = TryCompleteSync();
                break;
            case PtpMessageType.DelayResp when IsFromParent(header)
                && PtpCodec.TryReadDelayResp(message, header, out var receive, out var requesting)
                && requesting == Self
                && _outstanding is { } pending && pending.SequenceId == header.SequenceId:
                if (header.LogMessageInterval != 0x7F)
                {
                    _logMinDelayReqInterval = header.LogMessageInterval;
                }

                // IEEE 1588-2008 11.3.2: the Delay_Resp correction is subtracted from t4.
                _outstanding = pending with { T4 = receive - header.CorrectionNs };
                TryCompleteDelay();
                break;
            default:
                break;
        }

        Publish();
        return request;
    }

    /// <summary>Reports when a Delay_Req left (t3, raw scale).</summary>
    /// <param name="sequenceId">The request's sequence id.</param>
    /// <param name="sendRawNs">Its send time.</param>
    /// <param name="kernelStamp">Whether the time is a kernel timestamp (<c>false</c> counts a fallback to a user-space stamp).</param>
    public void OnDelayRequestSent(ushort sequenceId, long sendRawNs, bool kernelStamp)
    {
        if (_outstanding is { } pending && pending.SequenceId == sequenceId && pending.T3 is null)
        {
            _txFallbacks += kernelStamp || _timestamping == TimestampingMode.User ? 0 : 1;
            _outstanding = pending with { T3 = sendRawNs };
            TryCompleteDelay();
            Publish();
        }
    }

    /// <summary>Checks the timeouts (called often, and at least every few tens of ms).</summary>
    /// <param name="nowRawNs">The time now on the raw scale.</param>
    public void Tick(long nowRawNs)
    {
        _lastNowRawNs = nowRawNs;
        if (_masters.Expire(nowRawNs))
        {
            Reselect(nowRawNs);
        }

        if (_parent is not null && !_parentGone && _state is ClockState.Uncalibrated or ClockState.Synchronised
            && _servoStarted && nowRawNs - _lastSyncRawNs > _settings.SyncReceiptTimeout * ForeignMasterTable.IntervalNs(_logSyncInterval))
        {
            EnterHoldover();
        }

        if (_outstanding is { } pending && nowRawNs - pending.SentRawNs > Math.Max(DelayRequestTimeoutNs, 4 * DelayRequestIntervalNs()))
        {
            _outstanding = null;
        }

        Publish();
    }

    private bool IsFromParent(in PtpHeader header) => _parent is not null && !_parentGone && header.SourcePort == _parent.SourcePort;

    private DelayRequest? OnSync(in PtpHeader header, long origin, long receiveRawNs)
    {
        _lastSyncRawNs = receiveRawNs;
        _logSyncInterval = header.LogMessageInterval;
        if (_state == ClockState.Holdover)
        {
            // Syncs are back from the same master (its Announces never stopped).
            Resume();
        }

        if (!header.IsTwoStep)
        {
            _sync = null;
            return CompleteSync(origin + header.CorrectionNs, receiveRawNs);
        }

        _sync = new SyncPart(header.SequenceId, receiveRawNs, header.CorrectionNs);
        return TryCompleteSync();
    }

    private DelayRequest? TryCompleteSync()
    {
        if (_sync is not { } sync || _followUp is not { } followUp || sync.SequenceId != followUp.SequenceId)
        {
            return null;
        }

        _sync = null;
        _followUp = null;

        // t1 = preciseOriginTimestamp + correctionField(Sync) + correctionField(Follow_Up); t2 = the Sync's receive time.
        return CompleteSync(followUp.Value + sync.CorrectionNs + followUp.CorrectionNs, sync.Value);
    }

    private DelayRequest? CompleteSync(long t1, long t2)
    {
        _masterToSlaveNs = t2 - t1;
        if (_meanPathDelayNs is { } delay)
        {
            OnOffset(PathMath.OffsetFromMaster(t1, t2, delay), t2);
        }

        return NextDelayRequest(t2);
    }

    private DelayRequest? NextDelayRequest(long nowRawNs)
    {
        if (_outstanding is not null || (_lastDelayReqRawNs is { } last && nowRawNs - last < DelayRequestIntervalNs()))
        {
            return null;
        }

        var sequenceId = _delayReqSequence++;
        _outstanding = new PendingDelay(sequenceId, nowRawNs, null, null);
        _lastDelayReqRawNs = nowRawNs;
        return new DelayRequest(PtpCodec.WriteDelayReq(Self, _settings.Domain, sequenceId), sequenceId);
    }

    private long DelayRequestIntervalNs() =>
        _logMinDelayReqInterval is { } log ? ForeignMasterTable.IntervalNs(log) : 0;

    private void TryCompleteDelay()
    {
        if (_outstanding is not { T3: { } t3, T4: { } t4 } || _masterToSlaveNs is not { } masterToSlave)
        {
            return;
        }

        _outstanding = null;
        _meanPathDelayNs = _delayWindow.Add(PathMath.MeanPathDelay(masterToSlave, t4 - t3));
    }

    private void OnOffset(long rawOffset, long t2)
    {
        // User-space stamps: filter the raw offsets, which the servo does not move, so the median
        // adds no delay inside the servo loop (only a lag of half a window on the raw drift).
        if (_offsetWindow is not null)
        {
            rawOffset = _offsetWindow.Add(rawOffset);
        }

        // The disciplined scale's offset at t2: the raw offset plus the correction the scale applied then.
        var residual = rawOffset + _timescale.CorrectionAt(t2);
        _offsetNs = rawOffset;
        _residualNs = residual;
        _lastUpdate = _time.GetUtcNow();
        if (_offsetWindow is not null && _offsetWindow.Count < (_offsetWindow.Capacity + 1) / 2)
        {
            return; // user-space stamps: wait for half a window before acting on the median
        }

        if (!_timescale.Stepped)
        {
            _timescale.Step(-residual);
            _servoStarted = true;
            _lastServoRawNs = t2;
            _residualNs = 0;
            return;
        }

        var interval = _lastServoRawNs is { } last && t2 > last
            ? (t2 - last) / 1e9
            : ForeignMasterTable.IntervalNs(_logSyncInterval) / 1e9;
        _lastServoRawNs = t2;
        _servoStarted = true;
        _timescale.SetFrequency(_servo.Sample(residual, interval));

        _state = _lock.Next(_state, residual);
    }

    private void Reselect(long nowRawNs)
    {
        var best = _masters.Best();
        if (best is null)
        {
            if (_parent is not null && !_parentGone)
            {
                _parentGone = true;
                if (_servoStarted)
                {
                    EnterHoldover();
                }
                else
                {
                    _state = ClockState.Listening;
                }
            }

            return;
        }

        if (_parent is null || _parentGone || best.SourcePort != _parent.SourcePort)
        {
            // A new master (or one heard again): measure its path afresh.
            _parent = best;
            _parentGone = false;
            _lastSyncRawNs = nowRawNs;
            _sync = null;
            _followUp = null;
            _masterToSlaveNs = null;
            _meanPathDelayNs = null;
            _delayWindow.Clear();
            _offsetWindow?.Clear();
            _outstanding = null;
            _lastDelayReqRawNs = null;
            _logMinDelayReqInterval = null;
            Resume();
            return;
        }

        _parent = best;
    }

    private void EnterHoldover()
    {
        _state = ClockState.Holdover;
        _timescale.SetFrequency(_servo.FrequencyEstimatePpb);
        _lock.Reset();
    }

    private void Resume()
    {
        _state = ClockState.Uncalibrated;
        _lock.Reset();
        _lastServoRawNs = null;
    }

    private void Publish() => Volatile.Write(ref _status, BuildStatus());

    private ClockStatus BuildStatus()
    {
        long? silentNs = _state == ClockState.Holdover && _parent is not null
            ? _lastNowRawNs - Math.Max(_lastSyncRawNs, _masters.LastHeardNs(_parent.SourcePort) ?? long.MinValue)
            : null;
        return new ClockStatus(
            _state,
            _parent is null ? "none" : _parent.SourcePort.ToString(),
            _offsetNs,
            _meanPathDelayNs,
            _lastUpdate,
            PtpStatusText.Detail(_state, _timestamping, _txFallbacks, _settings.Domain, _parent, _timescale.FrequencyPpb, _residualNs, silentNs));
    }

    private readonly record struct SyncPart(ushort SequenceId, long Value, long CorrectionNs);

    private readonly record struct PendingDelay(ushort SequenceId, long SentRawNs, long? T3, long? T4);
}
