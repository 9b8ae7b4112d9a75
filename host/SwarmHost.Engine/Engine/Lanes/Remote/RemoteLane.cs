using System.Diagnostics;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Lanes.Process;
using SwarmHost.Media;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// A lane whose encoder runs on another node: the coordinator's end of the lane's link. The node
/// gets the source from the coordinator's relay (SRT) or reads it for itself, and numbers its
/// pictures by the intake's epochs, sent on the link before the pictures they number, so no
/// decoded picture crosses the link; what comes back is the node's process lane's own messages (opened, each call, each
/// unit) plus its CPU and memory, read by this lane's thread and posted to the engine exactly as a
/// local lane posts them. The node stamps each picture with the intake's timestamp for its
/// sequence number (sent with the permission to encode it), so units come back on the
/// coordinator's time line, their decode order intact.
/// </summary>
/// <remarks>
/// A node that dies or is cut off is a link that closes or goes quiet: the first posts
/// <see cref="LaneMessageKind.Failed"/> at once; the second is found by the health monitor from
/// missed slots and a call that does not return, as for any lane, never by waiting for the
/// cluster. <see cref="Abandon"/> closes the link, and the node stops the lane when it sees that.
/// </remarks>
internal sealed class RemoteLane : ReportingLane, IEncoderLane
{
    /// <summary>How often the coordinator tells the node it is there.</summary>
    public static readonly TimeSpan AliveEvery = TimeSpan.FromSeconds(1);

    /// <summary>How long a node waits without a word from the coordinator before it stops the lane (a coordinator that hangs, or a cut link that TCP has not noticed).</summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(8);

    private readonly RemoteLaneStart _start;
    private readonly string _node;
    private readonly IRemoteLaneLinks _links;
    private readonly RemoteSource _source;
    private RelayOutput? _relay;
    private long _epochSent = long.MinValue;
    private readonly int _capacity;
    private readonly ChannelWriter<LaneMessage> _messages;
    private readonly object _sending = new();
    private LaneConnection? _connection;
    private long _heardTicks = Stopwatch.GetTimestamp();
    private long _lastOffered = -1;
    private readonly List<(long Sequence, long Stamp)> _unsent = [];
    private double _cpuMs;
    private double _residentMb = double.NaN;
    private double _peakResidentMb = double.NaN;
    private volatile bool _abandoned;
    private readonly TaskCompletionSource _linkEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _completeAsked;

    /// <summary>Prepares a lane on <paramref name="node"/>; <see cref="Start"/> opens its link.</summary>
    public RemoteLane(RemoteLaneStart start, string node, IRemoteLaneLinks links, RemoteSource source, int queueCapacity, ChannelWriter<LaneMessage> messages)
    {
        _start = start;
        _node = node;
        _links = links;
        _source = source;
        _capacity = queueCapacity;
        _messages = messages;
    }

    /// <inheritdoc />
    public string Id => _start.EncoderId;

    /// <inheritdoc />
    public string? Node => _node;

    /// <inheritdoc />
    public int Generation => _start.Generation;

    /// <inheritdoc />
    public int ProcessId => 0;

    /// <inheritdoc />
    public long StartSequence => _start.StartSequence;

    /// <inheritdoc />
    public EncoderSession? Session { get; private set; }


    /// <inheritdoc />
    /// <remarks>
    /// The node's call in progress as it reported it; and, once the encoder has opened, while frames
    /// are queued for the node but it has said nothing since, the time it was last heard from — so a node that goes silent
    /// between two calls (frozen, cut off) is a call that does not return, found by the same
    /// watchdog as a hung local encoder.
    /// </remarks>
    public long CallStartedTicks
    {
        get
        {
            var call = CallTimes.CallStartedTicks;
            return call != 0 || QueueDepth <= 0 || Session is null ? call : Interlocked.Read(ref _heardTicks); // before it opened, the launcher's wait for the opening covers it
        }
    }

    /// <inheritdoc />
    public bool Abandoned => _abandoned;

    /// <inheritdoc />
    protected override bool IsAbandoned => _abandoned;

    /// <inheritdoc />
    /// <remarks>The node's lane process, every thread, since its encoder opened, as the node last reported it.</remarks>
    public double CpuMs => Volatile.Read(ref _cpuMs);

    /// <inheritdoc />
    public double ResidentMb => Volatile.Read(ref _residentMb);

    /// <inheritdoc />
    public double PeakResidentMb => Volatile.Read(ref _peakResidentMb);

    /// <inheritdoc />
    public NodeArrivals? Arrivals { get; } = new();

    /// <inheritdoc />
    public void Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = $"swarmhost-remote-{Id}" };
        thread.Start();
    }

    /// <inheritdoc />
    /// <remarks>No picture crosses the link: the node has the same picture under the same number. The node is told only that it may encode it, and its timestamp, so it never runs ahead of the intake. The lane holds no reference to the frame.</remarks>
    public bool Offer(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!WaitForRoom(_capacity, cancellationToken))
        {
            return false;
        }

        CountOffered();
        lock (_sending)
        {
            Interlocked.Exchange(ref _lastOffered, frame.Sequence);
            _unsent.Add((frame.Sequence, frame.TimestampNs));
            Send(LaneWireKind.Frame); // the node may encode it, with this timestamp: it never runs ahead of the intake
        }

        return true;
    }

    /// <inheritdoc />
    public long HandedThrough => Interlocked.Read(ref _lastOffered);

    /// <inheritdoc />
    /// <remarks>The request goes to the node on the lane's link before the permission to encode the frame; refused while the link is not open, or busy sending (a node that stopped reading must not hold up the caller).</remarks>
    public bool RequestKeyframe(long sequence)
    {
        if (!Monitor.TryEnter(_sending))
        {
            return false;
        }

        try
        {
            if (sequence <= _lastOffered || _connection is null || _abandoned)
            {
                return false;
            }

            _connection.Send(LaneWireKind.Keyframe, w => w.Write(sequence));
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return false; // the reader sees the end and reports it
        }
        finally
        {
            Monitor.Exit(_sending);
        }
    }

    /// <inheritdoc />
    public void Complete()
    {
        lock (_sending)
        {
            _completeAsked = true;
            Send(LaneWireKind.Complete);
        }
    }

    /// <inheritdoc />
    public void Abandon()
    {
        _abandoned = true;
        lock (_sending)
        {
            _connection?.Dispose(); // the node sees its link close and stops the lane
        }
    }

    private void Run()
    {
        string? failure = null;
        var finished = false;
        try
        {
            using var connection = new LaneConnection(_links.Connect(_node, CancellationToken.None));
            connection.Send(LaneWireKind.Start, w => w.Write(_start.ToJson()));
            using var alive = new Timer(_ => SendAlive(), null, AliveEvery, AliveEvery);
            lock (_sending)
            {
                _connection = connection;
                Send(LaneWireKind.Frame); // what was offered while the link was opening
                if (_completeAsked)
                {
                    Send(LaneWireKind.Complete);
                }
            }

            while (!_abandoned && connection.Receive() is { } message)
            {
                Interlocked.Exchange(ref _heardTicks, Stopwatch.GetTimestamp());
                if (Handle(message.Kind, message.Payload) is { } end)
                {
                    (finished, failure) = end;
                    break;
                }
            }

            if (!finished && failure is null)
            {
                failure = $"node '{_node}' closed the lane's link";
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            failure = $"the link to node '{_node}' failed: {ex.Message}";
        }
        finally
        {
            lock (_sending)
            {
                _connection = null;
            }

            _linkEnded.TrySetResult();
            _relay?.Dispose();
        }

        CallTimes.Stopped();
        Post(finished ? LaneMessageKind.Finished : LaneMessageKind.Failed, null, finished ? null : failure);
    }

    private (bool Finished, string? Problem)? Handle(LaneWireKind kind, BinaryReader payload)
    {
        switch (kind)
        {
            case LaneWireKind.Opened:
                Session = LaneConnection.ReadSession(payload);
                Post(LaneMessageKind.Opened, null, null);
                return null;
            case LaneWireKind.CallStarted:
                CallTimes.Started(payload.ReadInt64());
                return null;
            case LaneWireKind.CallEnded:
                CallTimes.Ended(payload.ReadInt64(), payload.ReadDouble(), payload.ReadDouble());
                return null;
            case LaneWireKind.Unit:
                var (unit, problem, psnr, ssim) = LaneConnection.ReadUnit(payload);
                Post(LaneMessageKind.Unit, unit, problem, psnr, ssim);
                return null;
            case LaneWireKind.Usage:
                Volatile.Write(ref _cpuMs, payload.ReadDouble());
                Volatile.Write(ref _residentMb, payload.ReadDouble());
                Volatile.Write(ref _peakResidentMb, payload.ReadDouble());
                return null;
            case LaneWireKind.RelayPort:
                _relay?.Dispose();
                _relay = _source.Relay(_node, payload.ReadInt32(), RelayFailed);
                return null;
            case LaneWireKind.SourceEnd:
                _relay?.End();
                return null;
            case LaneWireKind.Arrival:
                Arrived(payload);
                return null;
            case LaneWireKind.Failed:
                return (false, $"on node '{_node}': {payload.ReadString()}");
            case LaneWireKind.Finished:
                return (true, null);
            default:
                throw new InvalidDataException($"node '{_node}' sent lane message kind {(int)kind}, which a node never sends");
        }
    }

    /// <summary>
    /// The relay of the source to the node failed. A node that stops a lane (draining, failing)
    /// says why on the link before it closes its receiver, so the link's word is awaited briefly
    /// and, when it came, is the failure reported; the relay's own failure is reported otherwise.
    /// </summary>
    private void RelayFailed(string why)
    {
        if (!_linkEnded.Task.Wait(RelayGrace))
        {
            Post(LaneMessageKind.Failed, null, $"the relay of the source to node '{_node}' failed: {why}");
            Abandon();
        }
    }

    /// <summary>How long a failed relay waits for the node's own word on the link.</summary>
    private static readonly TimeSpan RelayGrace = TimeSpan.FromSeconds(1);

    /// <summary>Records a picture the node fed its lane (<see cref="LaneWireKind.Arrival"/>).</summary>
    private void Arrived(BinaryReader payload)
    {
        _ = payload.ReadInt64(); // its sequence number
        var filled = payload.ReadBoolean();
        var arrivalNs = payload.ReadInt64();
        var stampNs = payload.ReadInt64();
        if (filled)
        {
            Arrivals!.Filled();
        }
        else
        {
            Arrivals!.Arrived((arrivalNs - stampNs) / 1e6);
        }
    }

    /// <summary>Sends that the node may encode the frames offered since the last send, each with its timestamp (<see cref="LaneWireKind.Frame"/>), or that nothing follows the last one (<see cref="LaneWireKind.Complete"/>); nothing before the link is open, which sends what waited (caller holds the send lock).</summary>
    private void Send(LaneWireKind kind)
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            if (kind == LaneWireKind.Frame)
            {
                foreach (var (sequence, stamp) in _unsent)
                {
                    if (_source.EpochAt(sequence) is { } epoch && epoch.Seq0 != _epochSent)
                    {
                        _connection.Send(LaneWireKind.Epoch, w =>
                        {
                            w.Write(epoch.Seq0);
                            w.Write(epoch.Pts0Ns);
                            w.Write(epoch.ClockTime0Ns);
                            w.Write(epoch.FramePeriodNs);
                        });
                        _epochSent = epoch.Seq0;
                    }

                    var repeat = _source.IsRepeat(sequence);
                    _connection.Send(kind, w =>
                    {
                        w.Write(sequence);
                        w.Write(stamp);
                        w.Write(repeat);
                    });
                }

                _unsent.Clear();
                return;
            }

            var last = _lastOffered;
            _connection.Send(kind, w => w.Write(last));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // the reader sees the end and reports it
        }
    }

    private void SendAlive()
    {
        lock (_sending)
        {
            try
            {
                _connection?.Send(LaneWireKind.Alive);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // the reader sees the end and reports it
            }
        }
    }

    private void Post(LaneMessageKind kind, EncodedUnit? unit, string? problem, double psnr = double.NaN, double ssim = double.NaN)
    {
        if (!_abandoned)
        {
            _messages.TryWrite(new LaneMessage(this, kind, unit, problem, Stopwatch.GetTimestamp(), psnr, ssim));
        }
    }
}
