using System.Diagnostics;
using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Lanes.Process;
using SwarmHost.Manifest;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// A node's side of its remote lanes: for each link a coordinator opens, reads the
/// <see cref="RemoteLaneStart"/>, runs the encoder in a process lane of this node (the same code
/// as a local process lane), feeds it the node's own decode of the source — relayed by the
/// coordinator over SRT, or read by the node itself — numbered by the coordinator's epochs and
/// stamped as the coordinator stamped it, and relays the lane's messages back over the link. The
/// lane encodes no further than the coordinator has read. When the link closes — the coordinator
/// stopped, died or was cut off — the lane is killed at once.
/// </summary>
public sealed class NodeLaneHost
{
    private const int QueueCapacity = 8;
    private static readonly long UsageEveryTicks = Stopwatch.Frequency / 10;
    private readonly LaneCommand _command;
    private readonly ComponentActivator _activator;
    private readonly Action<string> _log;
    private readonly string _mediaHost;
    private readonly string _mediaPassphrase;
    private readonly IClock _clock;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<LaneCredit, LaneConnection> _active = new();
    private int _running;
    private long _declaredMilliCores;
    private volatile bool _draining;

    /// <summary>
    /// Creates the host: lanes start with <paramref name="command"/> and load only what
    /// <paramref name="activator"/>'s plugin roots hold; a relayed source is awaited on
    /// <paramref name="mediaHost"/> (the node's own address) and must be encrypted with
    /// <paramref name="mediaPassphrase"/>; pictures' arrival times are read from <paramref name="clock"/>,
    /// the node's clock; <paramref name="log"/> takes a line per lane started, refused or ended.
    /// </summary>
    public NodeLaneHost(LaneCommand command, ComponentActivator activator, string mediaHost, string mediaPassphrase, IClock clock, Action<string> log)
    {
        _clock = clock;
        _command = command;
        _activator = activator;
        _mediaHost = mediaHost;
        _mediaPassphrase = mediaPassphrase;
        _log = log;
    }

    /// <summary>How long a node awaits a coordinator's relay before the lane fails.</summary>
    public static TimeSpan RelayWait => TimeSpan.FromSeconds(10);

    /// <summary>How long a coordinator may say nothing, or read nothing, before its lanes are stopped.</summary>
    public static TimeSpan SilenceLimit => RemoteLane.SilenceLimit;

    /// <summary>The lanes running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Whether the node is draining: it refuses new lanes and has stopped its own.</summary>
    public bool Draining => _draining;

    /// <summary>
    /// Drains the node (SIGTERM): refuses new lanes, and stops every running one, telling its
    /// coordinator why first, so each coordinator starts a fresh instance on another node; returns
    /// once they have ended, or after <paramref name="timeout"/>.
    /// </summary>
    public void Drain(string node, TimeSpan timeout)
    {
        _draining = true;
        foreach (var (credit, connection) in _active)
        {
            Forward(connection, LaneWireKind.Failed, $"node '{node}' is draining (it was asked to stop); the encoder is placed on another node");
            credit.Close();
        }

        var watch = Stopwatch.StartNew();
        while (Running > 0 && watch.Elapsed < timeout)
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>The cores the running lanes declared.</summary>
    public double DeclaredCores => Interlocked.Read(ref _declaredMilliCores) / 1000.0;

    /// <summary>Runs the lane a coordinator asks for on <paramref name="link"/> until it finishes, fails, or the link closes (blocks; one thread per link).</summary>
    public void Serve(Stream link, string peer)
    {
        ArgumentNullException.ThrowIfNull(link);
        using var connection = new LaneConnection(link);
        RemoteLaneStart start;
        try
        {
            start = connection.Receive() is { Kind: LaneWireKind.Start } first
                ? RemoteLaneStart.Parse(first.Payload.ReadString())
                : throw new InvalidDataException("the first message was not a lane start");
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            _log($"a lane link from {peer} was refused: {ex.Message}");
            return;
        }

        if (_draining)
        {
            Forward(connection, LaneWireKind.Failed, "the node is draining (it was asked to stop) and takes no new lane");
            _log($"lane {start.EncoderId} (instance {start.Generation}) refused: the node is draining");
            return;
        }

        Interlocked.Increment(ref _running);
        var milliCores = (long)Math.Round(start.Cores * 1000);
        Interlocked.Add(ref _declaredMilliCores, milliCores);
        try
        {
            _log($"lane {start.EncoderId} (instance {start.Generation}, plugin '{start.Encoder.Plugin}') for {peer}: starting at frame {start.StartSequence} of {start.Input}{(start.Relayed ? " (relayed over SRT)" : "")}");
            var outcome = Run(start, connection);
            _log($"lane {start.EncoderId} (instance {start.Generation}): {outcome}");
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            Interlocked.Add(ref _declaredMilliCores, -milliCores);
        }
    }

    private string Run(RemoteLaneStart start, LaneConnection connection)
    {
        using var credit = new LaneCredit();
        _active[credit] = connection;
        try
        {
            return Run(start, connection, credit);
        }
        finally
        {
            _active.TryRemove(credit, out _);
        }
    }

    private string Run(RemoteLaneStart start, LaneConnection connection, LaneCredit credit)
    {
        var messages = Channel.CreateUnbounded<LaneMessage>();
        using var lanes = new ProcessLanes(_command, _activator, start.Profile, start.Verify, start.SsimEvery);
        var usageAt = 0L;
        ProcessLane? lane = null;
        void Relay(LaneWireKind kind, byte[] payload)
        {
            Forward(connection, kind, payload);
            var now = Stopwatch.GetTimestamp();
            if (kind == LaneWireKind.CallEnded && now - usageAt >= UsageEveryTicks && lane is not null)
            {
                usageAt = now;
                SendUsage(connection, lane);
            }
        }

        lane = lanes.Create(new ComponentInstance(start.EncoderId, start.Encoder, "$") { Isolation = LaneIsolation.Process }, start.Generation, start.StartSequence, QueueCapacity, messages.Writer, Relay);
        var reader = new Thread(() => ReadCoordinator(connection, credit, lane)) { IsBackground = true, Name = $"swarmhost-node-link-{start.EncoderId}" };
        reader.Start();
        lane.Start();
        var input = SourceFor(start, connection);
        var feeder = new Thread(() => new NodeFeed(start, lane, credit, _clock, (kind, write) => Forward(connection, kind, write), _log).Run(input)) { IsBackground = true, Name = $"swarmhost-node-feed-{start.EncoderId}" };
        feeder.Start();
        while (true)
        {
            var end = WaitForEnd(messages.Reader, credit);
            if (end is null)
            {
                var why = _draining ? "stopped: the node is draining"
                    : credit.Silence > RemoteLane.SilenceLimit
                    ? $"no word from the coordinator for {RemoteLane.SilenceLimit.TotalSeconds:0} s; the lane was stopped"
                    : "the coordinator's link closed; the lane was stopped";
                connection.Dispose(); // a relay blocked writing to a coordinator that no longer reads gives up now
                lane.Abandon();
                feeder.Join();
                return why;
            }

            var (kind, problem) = end.Value;
            if (kind == LaneMessageKind.Opened)
            {
                _log($"lane {start.EncoderId} (instance {start.Generation}): encoder opened; encoding");
                continue;
            }

            feeder.Join();
            SendUsage(connection, lane);
            Forward(connection, kind == LaneMessageKind.Finished ? LaneWireKind.Finished : LaneWireKind.Failed, kind == LaneMessageKind.Finished ? null : problem);
            return kind == LaneMessageKind.Finished ? "finished" : "failed: " + problem;
        }
    }

    /// <summary>The lane's next message, or <c>null</c> once the coordinator's link has closed.</summary>
    private static (LaneMessageKind Kind, string? Problem)? WaitForEnd(ChannelReader<LaneMessage> messages, LaneCredit credit)
    {
        while (true)
        {
            if (messages.TryRead(out var message))
            {
                if (message.Kind is LaneMessageKind.Opened or LaneMessageKind.Failed or LaneMessageKind.Finished)
                {
                    return (message.Kind, message.Problem);
                }

                continue; // units were relayed as they came
            }

            if (credit.LinkClosed)
            {
                return null;
            }

            if (credit.Silence > RemoteLane.SilenceLimit)
            {
                credit.Close(); // a coordinator that hangs, or a link cut without a reset: nobody is waiting for this lane's units
                return null;
            }

            messages.WaitToReadAsync().AsTask().Wait(100);
        }
    }

    /// <summary>How this lane opens the source: the coordinator's relay, awaited on a free UDP port of this node's address that the coordinator is told; or the source itself.</summary>
    private MediaSourceOptions SourceFor(RemoteLaneStart start, LaneConnection connection)
    {
        var options = new MediaSourceOptions(start.Input)
        {
            Width = start.Profile.Width,
            Height = start.Profile.Height,
            AllowedFilters = start.AllowedFilters,
        };
        if (!start.Relayed)
        {
            return options;
        }

        var port = FreeUdpPort(_mediaHost);
        Forward(connection, LaneWireKind.RelayPort, w => w.Write(port));
        var micros = ((long)RelayWait.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return options with
        {
            Uri = $"srt://{_mediaHost}:{port}?mode=listener",
            NetworkTimeout = RelayWait,
            StallTimeout = TimeSpan.FromMilliseconds(300),
            InputOptions = new Dictionary<string, string>(RemoteSource.SrtOptions(_mediaPassphrase, start.SrtLatencyMs)) { ["listen_timeout"] = micros, ["analyzeduration"] = "200000", ["fpsprobesize"] = "1" }, // the relay starts at a keyframe: probing more would only hold the lane back
        };
    }

    private static int FreeUdpPort(string host)
    {
        using var socket = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.TryParse(host, out var address) ? address : System.Net.IPAddress.Any, 0));
        return ((System.Net.IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    private static void ReadCoordinator(LaneConnection connection, LaneCredit credit, ProcessLane lane)
    {
        try
        {
            while (connection.Receive() is { } message)
            {
                credit.Heard();
                if (message.Kind == LaneWireKind.Frame)
                {
                    credit.Grant(message.Payload.ReadInt64(), message.Payload.ReadInt64(), message.Payload.ReadBoolean());
                }
                else if (message.Kind == LaneWireKind.Keyframe)
                {
                    lane.RequestKeyframe(message.Payload.ReadInt64()); // before the frame's grant: the lane has not been handed it
                }
                else if (message.Kind == LaneWireKind.Epoch)
                {
                    credit.Begin(new SourceEpoch(message.Payload.ReadInt64(), message.Payload.ReadInt64(), message.Payload.ReadInt64(), message.Payload.ReadInt64()));
                }
                else if (message.Kind == LaneWireKind.Complete)
                {
                    credit.Last(message.Payload.ReadInt64());
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException)
        {
        }

        credit.Close();
    }

    private static void SendUsage(LaneConnection connection, ProcessLane lane) =>
        Forward(connection, LaneWireKind.Usage, w =>
        {
            w.Write(lane.CpuMs);
            w.Write(lane.ResidentMb);
            w.Write(lane.PeakResidentMb);
        });

    private static void Forward(LaneConnection connection, LaneWireKind kind, byte[] payload) => Forward(connection, kind, w => w.Write(payload));

    private static void Forward(LaneConnection connection, LaneWireKind kind, string? text) => Forward(connection, kind, text is null ? null : w => w.Write(text));

    private static void Forward(LaneConnection connection, LaneWireKind kind, Action<BinaryWriter>? write)
    {
        try
        {
            connection.Send(kind, write);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // the coordinator is gone: the reader sees the link close and the lane is stopped
        }
    }
}
