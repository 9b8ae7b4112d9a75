using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using SwarmHost.Engine.Lanes;
using SwarmHost.Manifest;

namespace SwarmHost.Engine.Coordination;

/// <summary>
/// Bridges an unplanned break of the output: when the combiner can write nothing from frame a on
/// (<see cref="CombinerOutput.BridgeFrom"/>: the encoder it followed missed a frame or failed), a
/// handover to the best other live encoder is planned at frame k, the first frame no lane has been
/// handed (every lane asked for a keyframe there), and a fresh encoder in the host encodes the
/// source frames a … k−1, starting with a keyframe, for the combiner
/// (<see cref="CombinerSlot.Bridge"/>). Coordinator thread only.
/// </summary>
/// <remarks>
/// The bridge encoder is a new instance of the component (a wrapper's innermost one) of the
/// encoder that holds the fewest frames back (its session's delay), the one with the shortest
/// recent encode calls among those, opened with the output profile; it is flushed when the bridge
/// ends, so the units it held back go out before the handover. A component with B-frames is not
/// a good bridge: prefer a swarm with one low-delay encoder (x264: tune zerolatency). Frames
/// a … (the slot that asked) are encoded at once, so the output stalls once by that much; later
/// frames at their slot's closing. The source frames of the last <see cref="History"/> slots are
/// kept for it. When no component can be opened, nothing is bridged and the frames are lost
/// (counted).
/// </remarks>
/// <param name="activator">Creates the bridge encoder.</param>
/// <param name="encoders">The manifest's encoders (their components).</param>
/// <param name="roster">The encoders (the bridge's component; where the output goes next).</param>
/// <param name="plan">Where the handover after the bridge is planned.</param>
/// <param name="profile">The output profile.</param>
/// <param name="events">Where each bridge is reported (<c>bridge</c>).</param>
internal sealed class FailureBridge(IComponentActivator activator, IReadOnlyList<ComponentInstance> encoders, EncoderRoster roster, HandoverPlan plan, OutputProfile profile, EventLog events) : IDisposable
{
    /// <summary>Source frames kept for a bridge: a break is asked for within a few frames of the slot that closed without the leader.</summary>
    public const int History = 16;

    private readonly Queue<VideoFrame> _history = new();
    private readonly List<EncodedUnit> _ready = [];
    private readonly Dictionary<string, (int DelayFrames, double MeanMs)> _models = [];
    private IVideoEncoder? _encoder;
    private long _next;
    private long _until;
    private bool _first;
    private long _refusedAt = -1;

    /// <summary>Breaks bridged so far.</summary>
    public int Bridges { get; private set; }

    /// <summary>Frames the bridge encoded so far.</summary>
    public long BridgedFrames { get; private set; }


    /// <summary>Keeps <paramref name="source"/> (retained) as a closing slot's picture, the oldest beyond <see cref="History"/> released, and notes each opened encoder's delay and recent encode time (the bridge's choice of component, kept past a failure).</summary>
    public void Keep(VideoFrame source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _history.Enqueue(source.Retain());
        foreach (var lane in roster.Current.Where(l => l.Session is not null))
        {
            _models[lane.Id] = (lane.Session!.DelayFrames, lane.RecentMeanMs); // remembered past a failure: the failed encoder's component is a fine bridge
        }

        while (_history.Count > History)
        {
            _history.Dequeue().Release();
        }
    }

    /// <summary>The bridge units for the combiner with slot <paramref name="sequence"/> (its own frame encoded first while bridging); empty when none.</summary>
    public IReadOnlyList<EncodedUnit> UnitsFor(long sequence)
    {
        if (_encoder is not null)
        {
            EncodeThrough(Math.Min(sequence, _until - 1));
            if (_next >= _until)
            {
                Stop();
            }
        }

        if (_ready.Count == 0)
        {
            return [];
        }

        var units = _ready.ToList();
        _ready.Clear();
        return units;
    }

    /// <summary>
    /// The combiner asked for a bridge from frame <paramref name="from"/> after slot
    /// <paramref name="closed"/>, having followed <paramref name="broken"/>: plans the handover and
    /// encodes what has closed (offered with the next slot). Ignored while a bridge runs.
    /// </summary>
    public void Start(long from, long closed, string? broken)
    {
        if (_encoder is not null || from > closed)
        {
            return;
        }

        var live = roster.Live.Where(l => l.Id != broken && l.Session is not null).ToList();
        var to = live.MaxBy(l => roster.Weights.GetValueOrDefault(l.Id));
        var oldest = _history.Count == 0 ? long.MaxValue : _history.Peek().Sequence;
        if (to is null || from < oldest)
        {
            Refuse(broken, from, to is null ? "no other live encoder to hand over to" : $"frame {from} is no longer kept");
            return;
        }

        // a fresh instance of the component that holds the fewest frames back, the fastest of those; the broken encoder's own component qualifies (a wrapper's fault is left behind)
        if (_models.OrderBy(p => p.Value.DelayFrames).ThenBy(p => p.Value.MeanMs).Select(p => p.Key).FirstOrDefault() is not { } model)
        {
            Refuse(broken, from, "no encoder has opened yet, so no component is known to bridge with");
            return;
        }

        var until = plan.Plan(to.Id, closed, unplanned: true) ?? from; // the incoming encoder and the one the output follows are asked for a keyframe there
        var component = Innermost(encoders.Single(e => e.InstanceId == model).Spec);
        try
        {
            _encoder = activator.CreateEncoder(component, CombinerSlot.BridgeId);
            _encoder.Open(profile);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Stop();
            Refuse(broken, from, $"the bridge encoder ({component.Plugin}) could not be opened: {ex.Message}");
            return;
        }

        (_next, _until, _first) = (from, until, true);
        Bridges++;
        events.Write(new BridgeEvent(broken, to.Id, until, component.Plugin, null) { Sequence = from });
        EncodeThrough(Math.Min(closed, _until - 1));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        while (_history.Count > 0)
        {
            _history.Dequeue().Release();
        }
    }

    private void EncodeThrough(long last)
    {
        foreach (var frame in _history.Where(f => f.Sequence >= _next && f.Sequence <= last))
        {
            var units = _encoder!.Encode(frame, forceKeyframe: _first);
            _first = false;
            _ready.AddRange(units.Select(u => u with { EncoderId = CombinerSlot.BridgeId }));
            _next = frame.Sequence + 1;
            BridgedFrames++;
        }
    }

    private void Stop()
    {
        if (_encoder is { } encoder)
        {
            try
            {
                _ready.AddRange(encoder.Flush().Select(u => u with { EncoderId = CombinerSlot.BridgeId }));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                events.Write(new BridgeEvent(null, null, _until, null, $"the bridge encoder failed at its end: {ex.Message}") { Sequence = _next });
            }

            encoder.Dispose();
        }

        _encoder = null;
    }

    /// <summary>Reports once per break that it cannot be bridged.</summary>
    private void Refuse(string? broken, long from, string problem)
    {
        if (from != _refusedAt)
        {
            _refusedAt = from;
            events.Write(new BridgeEvent(broken, null, null, null, problem) { Sequence = from });
        }
    }

    /// <summary>A wrapper's innermost component (a component option holding another component), or the component itself.</summary>
    private static ComponentSpec Innermost(ComponentSpec spec)
    {
        while (spec.Options.Values.OfType<ComponentSpec>().FirstOrDefault() is { } inner)
        {
            spec = inner;
        }

        return spec;
    }
}
