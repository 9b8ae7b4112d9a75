using SwarmHost.Media.Interop;

namespace SwarmHost.Media;

/// <summary>
/// Relays the compressed video packets a <see cref="MediaSource"/> reads, unchanged (no
/// re-encode), to any number of receivers in FFmpeg's NUT container (it carries every codec FFmpeg
/// decodes, with exact timestamps): each <see cref="Open"/> starts one output,
/// typically <c>srt://host:port</c> with the deployment's passphrase among its options.
/// </summary>
/// <remarks>
/// <para>Give the relay to the source as <see cref="MediaSourceOptions.Relay"/>; the source's
/// reader hands it every packet of its video stream before decoding it. An output opened later
/// first gets the packets since the keyframe before the latest one (so its receiver can decode
/// from a keyframe at or before any picture the source has not delivered yet), then every packet
/// as it is read.</para>
/// <para>The relayed timeline is the source's, shifted so its first packet is at
/// <see cref="TimelineOffsetNs"/> (timestamps stay positive through B-frame reordering):
/// <see cref="ToRelayTimeNs"/> converts.</para>
/// <para>Each output writes on a thread of its own from a bounded queue, so a slow or dead
/// receiver never holds the source up: an output that falls <see cref="QueueLimit"/> packets
/// behind, or whose connection fails, is closed and reports why.</para>
/// </remarks>
public sealed unsafe class PacketRelay : IDisposable
{
    /// <summary>Where the source's first packet lands on the relayed timeline, ns.</summary>
    public const long TimelineOffsetNs = 10_000_000_000;

    /// <summary>Packets an output may hold unsent before it is closed.</summary>
    public const int QueueLimit = 3000;

    private const int CacheLimit = 1200;
    private readonly Lock _lock = new();
    private readonly List<(nint Packet, bool Key)> _cache = [];
    private readonly List<RelayOutput> _outputs = [];
    private nint _parameters;
    private Rational32 _timeBase;
    private long _originNs = long.MinValue;
    private bool _disposed;
    private bool _completed;

    /// <summary>The source's time base, once a packet has been relayed.</summary>
    internal Rational32 TimeBase => _timeBase;

    /// <summary>The codec parameters of the relayed stream (owned by the relay), once a packet has been relayed.</summary>
    internal nint Parameters => _parameters;

    /// <summary>Where source time <paramref name="sourceNs"/> lies on the relayed timeline (the source's first packet at <see cref="TimelineOffsetNs"/>).</summary>
    /// <exception cref="InvalidOperationException">No packet has been relayed yet.</exception>
    public long ToRelayTimeNs(long sourceNs)
    {
        var origin = Interlocked.Read(ref _originNs);
        return origin == long.MinValue
            ? throw new InvalidOperationException("the relay has seen no packet yet, so its timeline has no origin")
            : sourceNs - origin + TimelineOffsetNs;
    }

    /// <summary>
    /// Starts an output to <paramref name="url"/> (NUT over its protocol; the connection is made
    /// on the output's own thread). <paramref name="options"/> go to the protocol and are never
    /// logged (an SRT <c>passphrase</c>, <c>latency</c>, …). Once the source has ended, the output
    /// sends what it holds and then keeps its connection until <see cref="RelayOutput.End"/> or
    /// <see cref="RelayOutput.Dispose"/>: a close discards what its receiver has not read yet (FFmpeg's
    /// SRT reader reports a closed connection before the data it still holds).
    /// <paramref name="onEnd"/> is called once, on that thread, when the output fails (with why) — not
    /// when it is ended or disposed.
    /// </summary>
    public RelayOutput Open(string url, IReadOnlyDictionary<string, string> options, Action<string> onEnd)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onEnd);
        FFmpegLibraries.Load();
        var output = new RelayOutput(this, url, options, onEnd);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var (packet, _) in _cache)
            {
                output.Enqueue(AvCodecNative.PacketClone(packet));
            }

            _outputs.Add(output);
            if (_completed)
            {
                output.Complete();
            }
        }

        output.Start();
        return output;
    }

    /// <summary>Relays one packet of the source's video stream (the source's reader thread).</summary>
    internal void Forward(nint packet, Rational32 timeBase, nint parameters)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_parameters == 0)
            {
                _parameters = AvCodecNative.ParametersAlloc();
                _ = AvCodecNative.ParametersCopy(_parameters, parameters);
                _timeBase = timeBase;
                var p = (byte*)packet;
                var first = *(long*)(p + StableLayout.PacketDts) is var dts && dts != AvUtilNative.NoPts ? dts : *(long*)(p + StableLayout.PacketPts);
                Interlocked.Exchange(ref _originNs, first == AvUtilNative.NoPts ? 0 : ToNs(first));
            }

            Cache(packet);
            foreach (var output in _outputs)
            {
                output.Enqueue(AvCodecNative.PacketClone(packet));
            }
        }
    }

    /// <summary>The source has ended: each output sends what it holds, then waits to be ended.</summary>
    internal void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            foreach (var output in _outputs)
            {
                output.Complete();
            }
        }
    }

    /// <summary>Source ticks to ns.</summary>
    internal long ToNs(long ticks) => _timeBase.ToNanoseconds(ticks);

    /// <summary>An output has ended; it gets no more packets.</summary>
    internal void Remove(RelayOutput output)
    {
        lock (_lock)
        {
            _outputs.Remove(output);
        }
    }

    /// <summary>Closes every output and frees the packets held.</summary>
    public void Dispose()
    {
        RelayOutput[] outputs;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            outputs = [.. _outputs];
            _outputs.Clear();
            foreach (var (packet, _) in _cache)
            {
                var p = packet;
                AvCodecNative.PacketFree(ref p);
            }

            _cache.Clear();
        }

        foreach (var output in outputs)
        {
            output.Dispose();
        }

        if (_parameters != 0)
        {
            AvCodecNative.ParametersFree(ref _parameters);
        }
    }

    /// <summary>Keeps the packets from the keyframe before the latest one (caller holds the lock).</summary>
    private void Cache(nint packet)
    {
        var key = (*(int*)((byte*)packet + StableLayout.PacketFlags) & StableLayout.PacketFlagKey) != 0;
        if (key)
        {
            var keys = 0;
            for (var i = _cache.Count - 1; i >= 0; i--)
            {
                if (_cache[i].Key && ++keys == 1)
                {
                    DropBefore(i);
                    break;
                }
            }
        }

        _cache.Add((AvCodecNative.PacketClone(packet), key));
        if (_cache.Count > CacheLimit)
        {
            DropBefore(1); // keyframes are rarer than this: a receiver that opens now waits for the next one
        }
    }

    private void DropBefore(int index)
    {
        for (var i = 0; i < index; i++)
        {
            var p = _cache[i].Packet;
            AvCodecNative.PacketFree(ref p);
        }

        _cache.RemoveRange(0, index);
    }
}
