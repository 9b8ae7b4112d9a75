using SwarmHost.Abstractions;

namespace SwarmHost.Combiners.Switch;

/// <summary>
/// The switching combiner without a GOP hold (<c>"hold": "none"</c>): the leader's units go out
/// as soon as everything before them in decode order has been seen.
/// </summary>
/// <remarks>
/// <para><b>Decode order.</b> An encoder's units come in decode order, one per frame, and each
/// unit's DTS is the timestamp of an earlier frame <c>d</c> (a slot's; before the encoder's first
/// frame, that frame's timestamp less whole frame intervals), and <c>d</c> rises by one per unit
/// of the encoder. The combiner sees a unit when its slot
/// closes (in sequence order), so a B-frame may be seen before the P-frame it follows in decode
/// order; a unit is written once the unit before it in decode order (<c>d − 1</c>) has been.</para>
/// <para><b>Switching.</b> The output can change encoder where the leader's next unit is a
/// keyframe at frame b: every unit of it before b has been written, and the incoming encoder's
/// units from its keyframe at b follow. That happens at a planned handover
/// (<see cref="CombinerSlot.SwitchTo"/>, where every encoder was asked for a keyframe) and at
/// every GOP boundary, where the highest-weight encoder with a keyframe there takes over unless the
/// leader is within the hysteresis. An encoder without a keyframe at b is switched to at the next
/// GOP boundary.</para>
/// <para><b>Failure.</b> When the leader misses a frame (its slot closed without its unit) or
/// stops, it writes what decodes (its units before the gap in decode order) and the output moves to
/// the first keyframe after the last frame written of another encoder. Until one exists, the output
/// asks the host to bridge from the first frame not written (<see cref="CombinerOutput.BridgeFrom"/>):
/// the host's bridge units (<see cref="CombinerSlot.Bridge"/>), starting with a keyframe there,
/// lead until they end, and the output then moves to the first keyframe after them (where the host
/// asked every encoder for one). Frames no encoder and no bridge delivered are lost, and the swarm's
/// audit counts them.</para>
/// <para><b>Timestamps.</b> PTS = (sequence + R) × frame interval, R being the largest DTS lag of
/// the encoders' first units; DTS = (first sequence + units written) × frame interval, so DTS
/// rises by one frame per unit across every switch and never exceeds PTS.</para>
/// </remarks>
public sealed class LowLatencySwitch(double hysteresis) : IOutputCombiner
{
    private readonly Dictionary<string, SortedList<long, EncodedUnit>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _nextDecode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Sequence, long TimestampNs)> _origins = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _frameAt = [];
    private readonly Queue<long> _frameTimes = new();
    private IReadOnlyDictionary<string, double> _weights = new Dictionary<string, double>();
    private string? _planned;
    private long _plannedAt = -1;
    private long _openedAt = -1;
    private int _gopLength;
    private long _frameNs;
    private long _first = -1;
    private long _written;
    private long _highestWritten = -1;
    private int? _lag;
    private string? _leader;
    private bool _leaderBroken;

    /// <inheritdoc />
    public void Open(OutputProfile profile, IReadOnlyDictionary<string, EncoderSession> encoders)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _gopLength = profile.Gop;
        _frameNs = profile.FrameRate.PeriodNanoseconds();
    }

    /// <inheritdoc />
    public CombinerOutput Combine(CombinerSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        Remember(slot);
        _weights = slot.Weights;
        foreach (var (encoder, unit) in slot.Units.Concat(slot.Bridge.Select(u => KeyValuePair.Create(CombinerSlot.BridgeId, u))))
        {
            if (!_pending.TryGetValue(encoder, out var units))
            {
                _pending[encoder] = units = [];
            }

            if (!_origins.ContainsKey(encoder) || (unit.IsKeyframe && units.Count == 0))
            {
                _origins[encoder] = (unit.Sequence, unit.PtsNs); // its first frame (or a rejoined instance's): earlier DTS count back from it
            }

            units[DecodeFrame(encoder, unit)] = unit;
        }

        if (_first < 0)
        {
            _first = slot.Sequence;
            _lag = (int)slot.Units.Select(u => Math.Max(0, u.Value.Sequence - DecodeFrame(u.Key, u.Value))).DefaultIfEmpty(0).Max();
        }

        if (slot.SwitchTo is { } to)
        {
            (_planned, _plannedAt) = (to, slot.Sequence);
        }

        if (_leader is not null && (_leader == CombinerSlot.BridgeId ? slot.Bridge.Count == 0 : !slot.Units.ContainsKey(_leader)))
        {
            _leaderBroken = true; // a frame the leader will never deliver (or the bridge ended): what follows it in decode order cannot be decoded
        }

        return Release(final: false);
    }

    /// <inheritdoc />
    public CombinerOutput Flush() => Release(final: true);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private CombinerOutput Release(bool final)
    {
        var output = new List<EncodedUnit>();
        long? bridgeFrom = null;
        _leader ??= Start();
        while (_leader is not null)
        {
            var units = _pending.GetValueOrDefault(_leader);
            if (units is null || units.Count == 0 || (_nextDecode.TryGetValue(_leader, out var next) && units.Keys[0] != next && !(final && !_leaderBroken)))
            {
                if (_leaderBroken && Recover() is { } recovered)
                {
                    _leader = recovered;
                    continue;
                }

                bridgeFrom = _leaderBroken ? _highestWritten + 1 : null;
                break;
            }

            var unit = units.Values[0];
            if (unit.IsKeyframe && _written > 0 && unit.Sequence != _openedAt && Opening(unit.Sequence) is { } incoming && incoming != _leader)
            {
                _leader = incoming;
                continue; // the incoming encoder's keyframe at the same frame goes next
            }

            units.RemoveAt(0);
            _nextDecode[_leader] = DecodeFrame(_leader, unit) + 1;
            output.Add(unit with
            {
                PtsNs = (unit.Sequence + _lag!.Value) * _frameNs,
                DtsNs = (_first + _written) * _frameNs,
            });
            _written++;
            _highestWritten = Math.Max(_highestWritten, unit.Sequence);
        }

        Prune();
        return new CombinerOutput(output, 0, _leader) { BridgeFrom = final ? null : bridgeFrom };
    }

    /// <summary>Drops the other encoders' waiting units of frames already written: the output can only move to one of them at a later keyframe.</summary>
    private void Prune()
    {
        foreach (var (encoder, units) in _pending)
        {
            while (encoder != _leader && units.Count > 0 && units.Values[0].Sequence <= _highestWritten)
            {
                units.RemoveAt(0);
            }
        }
    }

    /// <summary>The first leader: the highest-weight encoder whose first unit is a keyframe at the first frame.</summary>
    private string? Start()
    {
        var ready = _pending.Where(p => p.Value.Count > 0 && p.Value.Values[0] is { IsKeyframe: true } key && key.Sequence == _first).Select(p => p.Key).ToList();
        return WeightRanking.Best(_weights, ready);
    }

    /// <summary>
    /// At the leader's keyframe at <paramref name="frame"/>: the encoder that takes the output from
    /// there — the planned one, or at a GOP boundary the best by weight (hysteresis keeps the
    /// leader; a handover planned at a later frame is waited for) — among those whose first waiting
    /// unit from that frame on is a keyframe at it. Their units before the frame are dropped.
    /// </summary>
    private string? Opening(long frame)
    {
        _openedAt = frame; // decided once per frame: the incoming encoder's keyframe there goes out next, whoever the weights favour
        var ready = _pending.Where(p => OpensAt(p.Key, frame)).Select(p => p.Key).ToList();
        string? chosen = null;
        if (_planned is not null && _plannedAt <= frame && ready.Contains(_planned))
        {
            chosen = _planned;
            _planned = null;
        }
        else if (frame % _gopLength == 0 && ready.Count > 0 && (_planned is null || _plannedAt <= frame))
        {
            double Weight(string id) => _weights.GetValueOrDefault(id);
            var best = WeightRanking.Best(_weights, ready)!;
            chosen = Weight(_leader!) + hysteresis >= Weight(best) ? _leader : best;
            if (_planned is not null && _plannedAt <= frame && !_pending.ContainsKey(_planned))
            {
                _planned = null; // the planned encoder is gone
            }
        }

        if (chosen is not null && chosen != _leader)
        {
            Drop(chosen, frame);
        }

        return chosen;
    }

    /// <summary>After the leader broke: the encoder with the earliest keyframe after the last frame written and every frame from there, which takes the output (the frames between are lost).</summary>
    private string? Recover()
    {
        var best = _pending.Where(p => p.Key != _leader)
            .Select(p => (Encoder: p.Key, Key: p.Value.Values.FirstOrDefault(u => u.IsKeyframe && u.Sequence > _highestWritten)))
            .Where(c => c.Key is not null)
            .OrderBy(c => c.Key!.Sequence).ThenByDescending(c => _weights.GetValueOrDefault(c.Encoder))
            .FirstOrDefault();
        if (best.Encoder is null)
        {
            return null;
        }

        Drop(best.Encoder, best.Key!.Sequence);
        _pending.Remove(_leader!);
        _nextDecode.Remove(_leader!);
        _leaderBroken = false;
        return best.Encoder;
    }

    /// <summary>Whether <paramref name="encoder"/>'s first waiting unit of frame <paramref name="frame"/> or later is a keyframe at it, with no unit of an earlier frame after it.</summary>
    private bool OpensAt(string encoder, long frame)
    {
        var units = _pending[encoder].Values;
        var at = units.FirstOrDefault(u => u.Sequence >= frame);
        return at is { IsKeyframe: true } && at.Sequence == frame && !units.SkipWhile(u => u != at).Any(u => u.Sequence < frame);
    }

    /// <summary>Drops <paramref name="encoder"/>'s waiting units before its keyframe at <paramref name="frame"/>: it takes the output from there.</summary>
    private void Drop(string encoder, long frame)
    {
        var units = _pending[encoder];
        while (units.Count > 0 && units.Values[0].Sequence != frame)
        {
            units.RemoveAt(0);
        }

        _nextDecode.Remove(encoder);
    }

    /// <summary>Keeps which frame each recent timestamp is (a unit's DTS is one of them).</summary>
    private void Remember(CombinerSlot slot)
    {
        _frameAt[slot.TimestampNs] = slot.Sequence;
        _frameTimes.Enqueue(slot.TimestampNs);
        while (_frameTimes.Count > 4 * _gopLength + 256)
        {
            _frameAt.Remove(_frameTimes.Dequeue());
        }
    }

    /// <summary>The frame whose timestamp <paramref name="unit"/>'s DTS is: a slot's, or counted back in whole frame intervals from the encoder's first frame.</summary>
    private long DecodeFrame(string encoder, EncodedUnit unit)
    {
        if (_frameAt.TryGetValue(unit.DtsNs, out var frame))
        {
            return frame;
        }

        var (sequence, timestampNs) = _origins.GetValueOrDefault(encoder, (unit.Sequence, unit.PtsNs));
        return sequence - (long)Math.Round((double)(timestampNs - unit.DtsNs) / Math.Max(1, _frameNs), MidpointRounding.AwayFromZero);
    }
}
