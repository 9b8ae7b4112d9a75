using System.Collections.Concurrent;
using System.Net;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Srt;

/// <summary>
/// Sends an output's bytes over SRT (libsrt, live mode) from a thread of its own, so the swarm
/// never waits on the network: a listener that no receiver has called yet, a caller whose
/// receiver is not up, and a receiver that leaves all cost only the bytes written meanwhile
/// (counted as dropped), never the run. A listener takes the next receiver that calls; a caller
/// calls again every second. With a passphrase the stream is encrypted and a receiver without it
/// is refused by SRT.
/// </summary>
/// <remarks>
/// <see cref="Write"/> is called by the muxing thread with MPEG-TS bytes (at most 1316 a call,
/// seven TS packets: one SRT message); the sender thread sends them in order. A receiver that
/// connects mid-stream gets the stream from there (MPEG-TS repeats its tables, and its decoder
/// starts at the next keyframe). <see cref="Dispose"/> sends what is queued, then closes.
/// </remarks>
public sealed unsafe class SrtOutput : IDisposable
{
    /// <summary>Bytes per SRT message: seven 188-byte TS packets, SRT's live payload.</summary>
    public const int MessageSize = 1316;

    private const int QueueLimit = 4096;
    private static readonly TimeSpan StatisticsEvery = TimeSpan.FromSeconds(1);
    private readonly SrtEndpoint _endpoint;
    private readonly string _url;
    private readonly BlockingCollection<byte[]> _queue = new(QueueLimit);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _sender;
    private readonly Lock _statistics = new();
    private int _listener = SrtNative.Error;
    private volatile int _peer = SrtNative.Error;
    private long _connections;
    private long _disconnects;
    private long _sent;
    private long _dropped;
    private double? _rttMs;
    private long _retransmitted;
    private long _senderDropped;
    private long _retransmittedBefore;
    private long _senderDroppedBefore;
    private volatile string? _lastProblem;

    private SrtOutput(string url, SrtEndpoint endpoint)
    {
        _url = url;
        _endpoint = endpoint;
        _sender = new Thread(Run) { IsBackground = true, Name = "swarmhost-srt-output" };
    }

    /// <summary>What the output did so far (thread-safe).</summary>
    public SrtFigures Figures
    {
        get
        {
            lock (_statistics)
            {
                return new SrtFigures(_endpoint.Listener ? "listener" : "caller", Interlocked.Read(ref _connections), Interlocked.Read(ref _disconnects), Interlocked.Read(ref _sent),
                    Interlocked.Read(ref _dropped), _rttMs, _retransmittedBefore + _retransmitted, _senderDroppedBefore + _senderDropped, _lastProblem, _peer != SrtNative.Error);
            }
        }
    }

    /// <summary>Starts the output: a listener binds its address at once (so a port in use fails here); the first receiver is awaited on the sender thread.</summary>
    /// <exception cref="MediaOutputException">The address is not a usable SRT address, or a listener cannot bind it.</exception>
    public static SrtOutput Open(string url)
    {
        var endpoint = SrtEndpoint.Parse(url);
        FFmpegLibraries.Load();
        _ = SrtNative.Startup();
        SrtNative.SetLogLevel(SrtNative.LogCritical); // problems are reported by the output itself, with context
        var output = new SrtOutput(url, endpoint);
        if (endpoint.Listener)
        {
            output._listener = output.Socket();
            var address = stackalloc byte[16];
            Fill(address, endpoint.Address);
            if (SrtNative.Bind(output._listener, address, 16) == SrtNative.Error || SrtNative.Listen(output._listener, 1) == SrtNative.Error)
            {
                var why = SrtNative.LastErrorText();
                output.Dispose();
                throw new MediaOutputException($"Output '{MediaUris.Redact(url)}': cannot listen on {endpoint.Address}: {why}. Is another program on that port?");
            }
        }

        output._sender.Start();
        return output;
    }

    /// <summary>Queues bytes of the output for the receiver; with none connected, or too far behind, they are dropped and counted. Muxing thread.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_peer == SrtNative.Error || !_queue.TryAdd(data.ToArray()))
        {
            Interlocked.Add(ref _dropped, data.Length);
        }
    }

    /// <summary>Sends what is queued (for at most a second), then closes the connection and stops listening.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        var started = (_sender.ThreadState & ThreadState.Unstarted) == 0; // not when a listener could not bind
        if (started)
        {
            _sender.Join(TimeSpan.FromSeconds(2)); // it sends what is queued
        }

        _stop.Cancel();
        Close(ref _listener); // unblocks an accept
        if (started)
        {
            _sender.Join(TimeSpan.FromSeconds(5));
        }

        _stop.Dispose();
    }

    /// <summary>Writes <paramref name="endpoint"/> as a sockaddr_in (16 bytes) at <paramref name="address"/>.</summary>
    private static void Fill(byte* address, IPEndPoint endpoint)
    {
        new Span<byte>(address, 16).Clear();
        *(ushort*)address = 2; // AF_INET
        address[2] = (byte)(endpoint.Port >> 8);
        address[3] = (byte)endpoint.Port;
        endpoint.Address.GetAddressBytes().CopyTo(new Span<byte>(address + 4, 4));
    }

    private static void Close(ref int socket)
    {
        if (socket != SrtNative.Error)
        {
            _ = SrtNative.Close(socket);
            socket = SrtNative.Error;
        }
    }

    private int Socket()
    {
        var socket = SrtNative.CreateSocket();
        _ = SrtNative.SetInt(socket, SrtNative.OptionSender, 1);
        _ = SrtNative.SetInt(socket, SrtNative.OptionLatency, _endpoint.LatencyMs);
        _ = SrtNative.SetInt(socket, SrtNative.OptionConnectTimeout, 1000);
        _ = SrtNative.SetLinger(socket, 2);
        if (_endpoint.Passphrase is { } passphrase)
        {
            _ = SrtNative.SetText(socket, SrtNative.OptionPassphrase, passphrase);
            _ = SrtNative.SetInt(socket, SrtNative.OptionKeyLength, _endpoint.KeyLength);
        }

        return socket;
    }

    private void Run()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested && !_queue.IsCompleted)
        {
            var peer = Connect(token);
            if (peer == SrtNative.Error)
            {
                continue;
            }

            Interlocked.Increment(ref _connections);
            _peer = peer;
            Send(peer, token);
            _peer = SrtNative.Error;
            lock (_statistics)
            {
                _retransmittedBefore += _retransmitted;
                _senderDroppedBefore += _senderDropped;
                (_retransmitted, _senderDropped) = (0, 0);
            }

            Close(ref peer);
            while (_queue.TryTake(out var stale))
            {
                Interlocked.Add(ref _dropped, stale.Length); // what was queued for a receiver that left
            }
        }
    }

    /// <summary>Waits for a receiver (listener) or calls it (caller); <see cref="SrtNative.Error"/> when none came this time.</summary>
    private int Connect(CancellationToken token)
    {
        if (_endpoint.Listener)
        {
            var length = 16;
            var from = stackalloc byte[16];
            var peer = SrtNative.Accept(_listener, from, &length);
            if (peer == SrtNative.Error)
            {
                token.WaitHandle.WaitOne(100); // the listener was closed (disposing), or a caller failed its handshake (a wrong passphrase)
            }

            return peer;
        }

        var socket = Socket();
        var address = stackalloc byte[16];
        Fill(address, _endpoint.Address);
        if (SrtNative.Connect(socket, address, 16) != SrtNative.Error)
        {
            return socket;
        }

        _lastProblem = $"cannot reach the receiver at {_endpoint.Address}: {SrtNative.LastErrorText()}";
        Close(ref socket);
        token.WaitHandle.WaitOne(1000);
        return SrtNative.Error;
    }

    private void Send(int peer, CancellationToken token)
    {
        var measured = DateTime.UtcNow;
        while (!token.IsCancellationRequested)
        {
            byte[]? message;
            try
            {
                if (!_queue.TryTake(out message, 200, token))
                {
                    if (_queue.IsCompleted)
                    {
                        Deliver(peer);
                        return;
                    }

                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            fixed (byte* p = message)
            {
                if (SrtNative.Send(peer, p, message.Length) == SrtNative.Error)
                {
                    _lastProblem = $"the receiver left: {SrtNative.LastErrorText()}";
                    Interlocked.Increment(ref _disconnects);
                    Interlocked.Add(ref _dropped, message.Length);
                    return;
                }
            }

            Interlocked.Add(ref _sent, message.Length);
            if (DateTime.UtcNow - measured >= StatisticsEvery)
            {
                Measure(peer);
                measured = DateTime.UtcNow;
            }
        }
    }

    /// <summary>Waits (up to 2 s) until SRT has delivered what it holds, and takes its statistics, before the close.</summary>
    private void Deliver(int peer)
    {
        if (SrtNative.State(peer) >= SrtNative.StateBroken)
        {
            _lastProblem = "the receiver left";
            Interlocked.Increment(ref _disconnects);
            return;
        }

        var until = DateTime.UtcNow.AddSeconds(2);
        nint blocks = 0;
        nint bytes = 0;
        while (DateTime.UtcNow < until && SrtNative.SendBuffer(peer, &blocks, &bytes) != SrtNative.Error && bytes > 0)
        {
            Thread.Sleep(20);
        }

        Measure(peer);
        Thread.Sleep(Math.Min(2000, _endpoint.LatencyMs * 2 + 200)); // the receiver holds packets for the latency before its reader takes them, and loses what it holds when the connection closes
    }

    private void Measure(int peer)
    {
        var statistics = stackalloc byte[SrtStatisticsLayout.Size];
        if (SrtNative.Statistics(peer, statistics, 0) == SrtNative.Error)
        {
            return;
        }

        lock (_statistics)
        {
            _rttMs = Math.Round(*(double*)(statistics + SrtStatisticsLayout.RttMs), 2);
            _retransmitted = *(int*)(statistics + SrtStatisticsLayout.RetransmittedTotal);
            _senderDropped = *(int*)(statistics + SrtStatisticsLayout.SenderDroppedTotal);
        }
    }
}
