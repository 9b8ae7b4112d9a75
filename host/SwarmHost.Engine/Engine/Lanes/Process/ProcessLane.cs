using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// The process lane: one encoder instance in a child process of its own (<c>swarmhost lane</c>),
/// so a native crash, an abort or the OOM killer costs that lane only. Pictures reach it through the
/// shared <see cref="FrameRing"/>; units, measurements and released slots come back over a Unix
/// socket, read by this lane's own thread and posted to the engine as <see cref="LaneMessage"/>s.
/// Verification runs in the child, so its CPU is the lane's; <see cref="CpuMs"/> is the child's
/// whole-process CPU time (every thread of the encoder).
/// </summary>
/// <remarks>
/// A lane dies with its host: the child exits at once when its socket closes, whatever its encoder
/// is doing. <see cref="Abandon"/> kills the child by PID; the reader thread reaps it.
/// </remarks>
internal sealed class ProcessLane : ReportingLane, IEncoderLane
{
    private readonly LaneStart _start;
    private readonly LaneCommand _command;
    private readonly FrameRing _ring;
    private readonly string _socketPath;
    private readonly int _capacity;
    private readonly ChannelWriter<LaneMessage> _messages;
    private readonly HeldSlots _held;
    private readonly object _sending = new();
    private readonly List<Action<LaneConnection>> _pending = [];
    private volatile LaneChild? _child;
    private LaneCgroup? _cgroup;
    private LaneConnection? _connection;
    private double _cpuAtOpenMs;
    private long _cpuReadTicks;
    private volatile bool _abandoned;
    private bool _closed;
    private long _handedThrough = -1;

    /// <summary>Prepares a lane; <see cref="Start"/> starts its process.</summary>
    /// <param name="start">What the child runs.</param>
    /// <param name="startSequence">The first sequence number it is given.</param>
    /// <param name="command">How to start the child.</param>
    /// <param name="ring">The shared frame ring (its path and sizes are in <paramref name="start"/>).</param>
    /// <param name="socketFolder">A private folder for the lane's socket.</param>
    /// <param name="queueCapacity">Frames it may hold before the intake waits.</param>
    /// <param name="messages">Where it posts opened, unit, failed and finished messages.</param>
    public ProcessLane(LaneStart start, long startSequence, LaneCommand command, FrameRing ring, string socketFolder, int queueCapacity, ChannelWriter<LaneMessage> messages)
    {
        _start = start;
        _command = command;
        _ring = ring;
        _held = new HeldSlots(ring);
        _capacity = queueCapacity;
        _messages = messages;
        StartSequence = startSequence;
        _socketPath = Path.Combine(socketFolder, $"{start.EncoderId}.{start.Generation}.sock");
    }

    /// <inheritdoc />
    public string Id => _start.EncoderId;

    /// <inheritdoc />
    public int Generation => _start.Generation;

    /// <inheritdoc />
    public long StartSequence { get; }

    /// <inheritdoc />
    public EncoderSession? Session { get; private set; }

    /// <summary>The lane's CPU quota (cores) and memory limit (MB), enforced by a control group; <c>null</c> for none.</summary>
    public (double? CpuQuota, long? MemoryLimitMb)? Limits { get; init; }

    /// <summary>Gets a copy of every opened, call and unit message from the child as it arrives (on the lane's thread), before the lane reads it: how a node relays its lanes to their coordinator.</summary>
    public Action<LaneWireKind, byte[]>? Mirror { get; init; }

    /// <inheritdoc />
    public string? Node => null;

    /// <summary>The child's process id; 0 before it started.</summary>
    public int ProcessId => _child?.Id ?? 0;


    /// <inheritdoc />
    public long CallStartedTicks => CallTimes.CallStartedTicks;

    /// <inheritdoc />
    public bool Abandoned => _abandoned;

    /// <inheritdoc />
    protected override bool IsAbandoned => _abandoned;

    /// <inheritdoc />
    /// <remarks>The child's whole-process CPU time (every thread: the encoder's own, verification, the runtime) since its encoder opened.</remarks>
    public double CpuMs => _child is { } child ? Math.Max(0, child.CpuMs - Volatile.Read(ref _cpuAtOpenMs)) : 0;

    /// <inheritdoc />
    public double ResidentMb => _child?.ResidentMb ?? double.NaN;

    /// <inheritdoc />
    public double PeakResidentMb => _child?.PeakResidentMb ?? double.NaN;

    /// <inheritdoc />
    public NodeArrivals? Arrivals => null;

    /// <inheritdoc />
    /// <remarks>Starts the child here (so its PID is known when this returns); its connection, and everything after, is the lane's own thread's.</remarks>
    public void Start()
    {
        Socket? listener = null;
        try
        {
            listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
            listener.Listen(1);
            _cgroup = Limits is var (cpu, memory) ? LaneCgroup.Create($"swarmhost-{Environment.ProcessId}-{Id}-{Generation}", cpu, memory) : null;
            _child = new LaneChild(_command, Id, Generation, _socketPath);
            _cgroup?.Add(_child.Id);
        }
        catch (Exception ex) when (ex is IOException or SocketException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            listener?.Dispose();
            _child?.Kill();
            _child?.Reap(TimeSpan.FromSeconds(2));
            _cgroup?.Dispose();
            Post(LaneMessageKind.Failed, null, $"the lane process could not be started: {ex.Message}");
            return;
        }

        var thread = new Thread(() => Run(listener)) { IsBackground = true, Name = $"swarmhost-lane-{Id}" };
        thread.Start();
    }

    /// <inheritdoc />
    public bool Offer(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!WaitForRoom(_capacity, cancellationToken))
        {
            return false;
        }

        var slot = _ring.Acquire(frame, () => _abandoned || cancellationToken.IsCancellationRequested || LiveQueueLimit > 0);
        if (slot < 0)
        {
            return false;
        }

        _held.Take(slot);
        CountOffered();
        var (sequence, timestamp, duration, width, height) = (frame.Sequence, frame.TimestampNs, frame.DurationNs, frame.Width, frame.Height);
        bool sent;
        lock (_sending) // a keyframe request for this frame goes before it or is refused
        {
            Interlocked.Exchange(ref _handedThrough, sequence);
            sent = Send(LaneWireKind.Frame, w =>
            {
                w.Write(slot);
                w.Write(sequence);
                w.Write(timestamp);
                w.Write(duration);
                w.Write(width);
                w.Write(height);
            });
        }

        if (!sent)
        {
            _held.Release(slot);
        }

        return sent;
    }

    /// <inheritdoc />
    public long HandedThrough => Interlocked.Read(ref _handedThrough);

    /// <inheritdoc />
    /// <remarks>Refused while a send is in progress: a lane process that stopped reading must not hold up the caller.</remarks>
    public bool RequestKeyframe(long sequence)
    {
        if (!Monitor.TryEnter(_sending))
        {
            return false;
        }

        try
        {
            return sequence > _handedThrough && Send(LaneWireKind.Keyframe, w => w.Write(sequence));
        }
        finally
        {
            Monitor.Exit(_sending);
        }
    }

    /// <inheritdoc />
    public void Complete() => Send(LaneWireKind.Complete, null);

    /// <inheritdoc />
    public void Abandon()
    {
        _abandoned = true;
        Kill();
        _held.ReleaseAll();
    }

    private void Run(Socket listener)
    {
        string? failure = null; // what the lane reported, or what broke the connection
        var reported = false;
        var finished = false;
        try
        {
            using var listening = listener;
            using var accepted = Accept(listening);
            File.Delete(_socketPath);
            using var connection = new LaneConnection(new NetworkStream(accepted, ownsSocket: false));
            connection.Send(LaneWireKind.Start, w => w.Write(_start.ToJson()));
            lock (_sending)
            {
                foreach (var send in _pending)
                {
                    send(connection);
                }

                _pending.Clear();
                _connection = connection;
            }

            while (!_abandoned && connection.Receive() is { } message)
            {
                if (Mirror is { } mirror && message.Kind is LaneWireKind.Opened or LaneWireKind.CallStarted or LaneWireKind.CallEnded or LaneWireKind.Unit)
                {
                    mirror(message.Kind, ((MemoryStream)message.Payload.BaseStream).ToArray());
                }

                if (Handle(message.Kind, message.Payload) is { } end)
                {
                    (finished, failure, reported) = (end.Finished, end.Problem, true); // slots it releases after this still arrive: read to the end
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or InvalidDataException or ObjectDisposedException or System.ComponentModel.Win32Exception)
        {
            failure = ex.Message;
        }
        finally
        {
            lock (_sending)
            {
                _connection = null;
                _closed = true; // nothing sent from now on reaches the child: a frame offered is refused (a miss), not queued
            }
        }

        var exit = _child?.Reap(TimeSpan.FromSeconds(2));
        if (exit is not null && _cgroup?.OomKills > 0)
        {
            exit += $": the kernel's OOM killer, at the lane's memory limit of {Limits?.MemoryLimitMb} MB";
        }

        _cgroup?.Dispose(); // empty now: its process was reaped
        CallTimes.Stopped();
        _held.ReleaseAll(); // the last CPU and memory figures were sampled as the child was reaped
        if (!finished)
        {
            var how = exit ?? (failure is null ? "closed its connection" : $"closed its connection ({failure})"); // how the process ended says more than how the socket did
            Post(LaneMessageKind.Failed, null, reported ? failure : $"the lane process {how}{_child?.LastWords}");
        }
        else
        {
            Post(LaneMessageKind.Finished, null, null);
        }
    }

    /// <summary>The child's connection; fails at once if the child ends first, and after 30 s if it never comes.</summary>
    private Socket Accept(Socket listener)
    {
        var accepting = listener.AcceptAsync();
        var first = Task.WhenAny(accepting, _child!.Exited, Task.Delay(TimeSpan.FromSeconds(30))).GetAwaiter().GetResult();
        return first == accepting ? accepting.GetAwaiter().GetResult()
            : first == _child.Exited ? throw new IOException("it ended before it connected")
            : throw new TimeoutException("it did not connect within 30 s");
    }

    private (bool Finished, string? Problem)? Handle(LaneWireKind kind, BinaryReader payload)
    {
        switch (kind)
        {
            case LaneWireKind.Opened:
                Session = LaneConnection.ReadSession(payload);
                Sample(force: true);
                Volatile.Write(ref _cpuAtOpenMs, _child!.CpuMs); // starting the runtime and opening the encoder are not encoding
                Post(LaneMessageKind.Opened, null, null);
                return null;
            case LaneWireKind.CallStarted:
                CallTimes.Started(payload.ReadInt64());
                return null;
            case LaneWireKind.CallEnded:
                CallTimes.Ended(payload.ReadInt64(), payload.ReadDouble(), payload.ReadDouble());
                Sample(force: false);
                return null;
            case LaneWireKind.Unit:
                var (unit, problem, psnr, ssim) = LaneConnection.ReadUnit(payload);
                Post(LaneMessageKind.Unit, unit, problem, psnr, ssim);
                return null;
            case LaneWireKind.Released:
                _held.Release(payload.ReadInt32());
                return null;
            case LaneWireKind.Failed:
                return (false, payload.ReadString());
            case LaneWireKind.Finished:
                Sample(force: true);
                return (true, null);
            default:
                throw new InvalidDataException($"lane '{Id}' sent message kind {(int)kind}, which a lane never sends");
        }
    }

    private void Kill() => _child?.Kill();

    /// <summary>Samples the child's CPU and memory: at most every 50 ms unless <paramref name="force"/>d (lane thread only).</summary>
    private void Sample(bool force)
    {
        var now = Stopwatch.GetTimestamp();
        if (force || now - _cpuReadTicks >= Stopwatch.Frequency / 20)
        {
            _cpuReadTicks = now;
            _child?.Sample();
        }
    }

    private bool Send(LaneWireKind kind, Action<BinaryWriter>? write)
    {
        lock (_sending)
        {
            if (_abandoned || _closed)
            {
                return false;
            }

            if (_connection is null)
            {
                _pending.Add(c => c.Send(kind, write));
                return true;
            }

            try
            {
                _connection.Send(kind, write);
                return true;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                return false; // the reader sees the end and reports it
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
