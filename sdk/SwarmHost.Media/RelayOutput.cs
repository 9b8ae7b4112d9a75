using System.Collections.Concurrent;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media;

/// <summary>
/// One receiver of a <see cref="PacketRelay"/>: a NUT muxer writing the relayed packets to a
/// URL from a thread of its own. Made by <see cref="PacketRelay.Open"/>; <see cref="Dispose"/>
/// closes it.
/// </summary>
public sealed unsafe class RelayOutput : IDisposable
{
    /// <summary>
    /// The relay's container: NUT carries every codec FFmpeg decodes (MPEG-TS does not carry e.g.
    /// MS-MPEG-4 or Cinepak) with its timestamps exact in the source's own time base, and streams
    /// packet by packet.
    /// </summary>
    private const string Container = "nut";
    private static readonly TimeSpan ConnectFor = TimeSpan.FromSeconds(10);
    private readonly PacketRelay _relay;
    private readonly string _url;
    private readonly IReadOnlyDictionary<string, string> _options;
    private readonly Action<string> _onEnd;
    private readonly ManualResetEventSlim _ended = new();
    private readonly BlockingCollection<nint> _queue = new(PacketRelay.QueueLimit);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private nint _context;
    private nint _stream;
    private Rational32 _timeBase;
    private bool _ioOpened;
    private long _bytes;
    private volatile string? _failure;

    internal RelayOutput(PacketRelay relay, string url, IReadOnlyDictionary<string, string> options, Action<string> onEnd)
    {
        _relay = relay;
        _url = url;
        _options = options;
        _onEnd = onEnd;
        _thread = new Thread(Run) { IsBackground = true, Name = "swarmhost-relay" };
    }

    /// <summary>Payload bytes written so far (before container and protocol overhead).</summary>
    public long BytesSent => Interlocked.Read(ref _bytes);

    /// <summary>Why the output stopped, or <c>null</c> while it runs (or after it was disposed).</summary>
    public string? Failure => _failure;

    /// <summary>
    /// Its receiver has read what it needs (it waits on a source that has ended): once the source
    /// has ended and every packet is sent, the connection closes, which hands the receiver its end
    /// (its decoder gives up the pictures it holds back).
    /// </summary>
    public void End() => _ended.Set();

    /// <summary>Stops the output and closes its connection; packets not yet written are dropped.</summary>
    public void Dispose()
    {
        _relay.Remove(this);
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (_thread.IsAlive && _thread != Thread.CurrentThread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    internal void Start() => _thread.Start();

    /// <summary>Nothing more comes: the output sends what it holds and its trailer, then waits for <see cref="End"/>.</summary>
    internal void Complete() => _queue.CompleteAdding();

    /// <summary>Queues a packet it now owns; an output that has fallen too far behind is failed instead (the source's reader never waits).</summary>
    internal void Enqueue(nint packet)
    {
        try
        {
            if (_failure is null && !_stop.IsCancellationRequested && _queue.TryAdd(packet))
            {
                return;
            }
        }
        catch (InvalidOperationException)
        {
            AvCodecNative.PacketFree(ref packet);
            return; // completed: nothing more is sent, and the output has not fallen behind
        }

        AvCodecNative.PacketFree(ref packet);
        if (_failure is null && !_stop.IsCancellationRequested)
        {
            _failure = $"the receiver at {_url} fell {PacketRelay.QueueLimit} packets behind";
            _stop.Cancel();
        }
    }

    private void Run()
    {
        try
        {
            Connect();
            foreach (var packet in _queue.GetConsumingEnumerable(_stop.Token))
            {
                Write(packet);
            }

            _ = AvFormatNative.WriteTrailer(_context);
            _ = WaitHandle.WaitAny([_ended.WaitHandle, _stop.Token.WaitHandle]); // a close now would discard what the receiver has not read yet
        }
        catch (OperationCanceledException)
        {
        }
        catch (MediaOutputException ex)
        {
            _failure ??= ex.Message;
        }
        finally
        {
            _relay.Remove(this);
            Close();
            while (_queue.TryTake(out var left))
            {
                AvCodecNative.PacketFree(ref left);
            }

            if (_failure is { } why)
            {
                _onEnd(why);
            }
        }
    }

    /// <summary>Connects, trying again every 200 ms for up to 10 s: the receiver may still be starting to listen.</summary>
    private void Connect()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                OpenMuxer();
                return;
            }
            catch (MediaOutputException) when (watch.Elapsed < ConnectFor && !_stop.IsCancellationRequested)
            {
                Close();
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private void OpenMuxer()
    {
        if (AvFormatNative.AllocOutputContext(out _context, 0, Container, _url) < 0 || _context == 0)
        {
            throw new MediaOutputException($"Relay to {_url}: this FFmpeg has no {Container} muxer.");
        }

        var layout = FFmpegLibraries.Format;
        _stream = AvFormatNative.NewStream(_context, 0);
        var parameters = *(nint*)((byte*)_stream + layout.StreamCodecParameters);
        _ = AvCodecNative.ParametersCopy(parameters, _relay.Parameters);
        *(uint*)((byte*)parameters + FormatLayout.CodecParametersCodecTag) = 0; // the muxer picks its own tag for the codec
        *(Rational32*)((byte*)_stream + layout.StreamTimeBase) = _relay.TimeBase;
        _ = AvUtilNative.OptSet(_context, "flush_packets", "1", 0);
        nint dictionary = 0;
        foreach (var (key, value) in _options)
        {
            _ = AvUtilNative.DictSet(ref dictionary, key, value, 0);
        }

        var opened = AvFormatNative.IoOpen2((nint)((byte*)_context + FormatLayout.ContextPb), _url, AvFormatNative.IoWrite, 0, ref dictionary);
        AvUtilNative.DictFree(ref dictionary);
        if (opened < 0)
        {
            throw new MediaOutputException($"Relay to {_url}: cannot connect: {AvUtilNative.Describe(opened)}. Check that the receiver listens there and holds the same credentials.");
        }

        _ioOpened = true;
        var header = AvFormatNative.WriteHeader(_context, 0);
        if (header < 0)
        {
            throw new MediaOutputException($"Relay to {_url}: {Container} cannot carry the source's video ({AvUtilNative.Describe(header)}).");
        }

        _timeBase = *(Rational32*)((byte*)_stream + layout.StreamTimeBase);
    }

    private void Write(nint packet)
    {
        var p = (byte*)packet;
        var size = *(int*)(p + StableLayout.PacketSize);
        Retime(p + StableLayout.PacketPts);
        Retime(p + StableLayout.PacketDts);
        var duration = *(long*)(p + FormatLayout.PacketDuration);
        *(long*)(p + FormatLayout.PacketDuration) = duration > 0 ? ToTicks(_relay.ToNs(duration)) : 0;
        *(int*)(p + FormatLayout.PacketStreamIndex) = 0;
        var written = AvFormatNative.InterleavedWriteFrame(_context, packet);
        AvCodecNative.PacketFree(ref packet);
        if (written < 0)
        {
            throw new MediaOutputException($"Relay to {_url}: sending failed: {AvUtilNative.Describe(written)}; the receiver is gone or unreachable.");
        }

        Interlocked.Add(ref _bytes, size);
    }

    private void Retime(byte* field)
    {
        var ticks = *(long*)field;
        if (ticks != AvUtilNative.NoPts)
        {
            *(long*)field = ToTicks(_relay.ToRelayTimeNs(_relay.ToNs(ticks)));
        }
    }

    private long ToTicks(long ns) => _timeBase.TicksOf(ns);

    private void Close()
    {
        if (_context == 0)
        {
            return;
        }

        if (_ioOpened)
        {
            _ = AvFormatNative.IoClose((nint)((byte*)_context + FormatLayout.ContextPb));
            _ioOpened = false;
        }

        AvFormatNative.FreeContext(_context);
        _context = 0;
    }
}
