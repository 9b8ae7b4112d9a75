using SwarmHost.Abstractions;

namespace SwarmHost.Combiners.Switch;

/// <summary>
/// Writes the output GOP by GOP, each GOP whole from one encoder.
/// </summary>
/// <remarks>
/// <para>A GOP runs from a sequence number divisible by the profile's GOP length to the next one;
/// every encoder was asked for a keyframe there, so any encoder's GOP can follow any other's. An
/// encoder's GOP is complete when it delivered a unit for every slot of it, starting with a
/// keyframe. At the end of a GOP the leader keeps the output if its GOP is complete and its weight
/// plus the hysteresis is at least the best weight; otherwise the highest-weight complete encoder
/// takes over (on equal weights, the one that comes first in the slot's weights, i.e. the manifest). When no GOP is complete, the longest run from a keyframe is written and the rest of
/// the GOP is lost (the swarm's audit counts it).</para>
/// <para>A planned handover (<see cref="CombinerSlot.SwitchTo"/> at frame k, where every encoder
/// was asked for a keyframe) splices inside the GOP: the units before k from the encoder that led,
/// the units from k on from the incoming encoder, starting with its keyframe at k — nothing lost,
/// repeated or re-encoded. When the incoming encoder made no keyframe at k or lacks a unit, the GOP
/// is chosen as usual and the incoming encoder takes the output at the next GOP it delivers whole.</para>
/// <para>Output timestamps: PTS = (sequence + D) × frame interval; DTS = (GOP start + position in
/// decode order) × frame interval, where D is the largest delay an encoder declared at open (its
/// reorder depth cannot exceed it) or the largest reorder depth seen in the first GOP, whichever is
/// larger. So DTS rises by one frame per unit across every switch whatever each encoder's B-frame
/// structure, and never exceeds PTS — even after a switch to an encoder that delivered nothing in
/// the first GOP.</para>
/// </remarks>
public sealed class SwitchCombiner(double hysteresis) : IOutputCombiner
{
    private readonly Dictionary<string, List<EncodedUnit>> _gop = new(StringComparer.Ordinal);
    private readonly List<(long Sequence, string To)> _planned = [];
    private string? _preferred;
    private IReadOnlyDictionary<string, double> _weights = new Dictionary<string, double>();
    private int _gopLength;
    private long _frameNs;
    private long _gopStart;
    private int _slots;
    private int? _reorderDepth;
    private int _declaredDelay;
    private string? _leader;

    /// <inheritdoc />
    public void Open(OutputProfile profile, IReadOnlyDictionary<string, EncoderSession> encoders)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _gopLength = profile.Gop;
        _frameNs = profile.FrameRate.PeriodNanoseconds();
        _declaredDelay = encoders?.Values.Select(e => e.DelayFrames).DefaultIfEmpty(0).Max() ?? 0;
    }

    /// <inheritdoc />
    public CombinerOutput Combine(CombinerSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (_slots == 0)
        {
            _gopStart = slot.Sequence;
        }

        _slots++;
        foreach (var (encoder, unit) in slot.Units)
        {
            if (!_gop.TryGetValue(encoder, out var units))
            {
                _gop[encoder] = units = [];
            }

            units.Add(unit);
        }

        _weights = slot.Weights;
        if (slot.SwitchTo is { } to)
        {
            _planned.Add((slot.Sequence, to));
        }

        return (slot.Sequence + 1) % _gopLength == 0 ? Emit() : new CombinerOutput([], 0, _leader);
    }

    /// <inheritdoc />
    public CombinerOutput Flush() => _slots > 0 ? Emit() : new CombinerOutput([], 0, _leader);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private CombinerOutput Emit()
    {
        var candidates = _gop.ToDictionary(p => p.Key, p => DecodeOrder(p.Value), StringComparer.Ordinal);
        _reorderDepth ??= Math.Max(_declaredDelay, candidates.Values.Select(ReorderDepth).DefaultIfEmpty(0).Max());
        var complete = candidates.Where(c => IsComplete(c.Value)).Select(c => c.Key).ToList();
        string? chosen;
        List<EncodedUnit> units;
        if (_planned.Count > 0 && Splice(candidates) is { } spliced)
        {
            (chosen, units) = spliced;
        }
        else if (_preferred is not null && complete.Contains(_preferred))
        {
            chosen = _preferred; // a planned handover that could not splice: at the first GOP the incoming encoder delivered whole
            units = candidates[chosen];
            _preferred = null;
        }
        else if (complete.Count > 0)
        {
            double Weight(string id) => _weights.GetValueOrDefault(id);
            var best = WeightRanking.Best(_weights, complete)!;
            chosen = _leader is not null && complete.Contains(_leader) && Weight(_leader) + hysteresis >= Weight(best) ? _leader : best;
            units = candidates[chosen];
        }
        else
        {
            // nobody delivered the whole GOP: write the longest stretch that starts with a keyframe
            var partial = candidates.Select(c => (c.Key, Units: Prefix(c.Value))).Where(c => c.Units.Count > 0).OrderByDescending(c => c.Units.Count).FirstOrDefault();
            chosen = partial.Units is null ? _leader : partial.Key;
            units = partial.Units ?? [];
        }

        var output = units.Select((unit, k) => unit with
        {
            PtsNs = (unit.Sequence + _reorderDepth.Value) * _frameNs,
            DtsNs = (_gopStart + k) * _frameNs,
        }).ToList();
        _leader = chosen;
        _planned.Clear();
        _gop.Clear();
        _gopStart += _slots;
        _slots = 0;
        return new CombinerOutput(output, 0, chosen);
    }

    /// <summary>
    /// The GOP spliced at its planned handovers: from each planned frame on, the incoming encoder's
    /// units starting with its keyframe there; before the first, the leader's (or, if it cannot,
    /// the best complete encoder's). <c>null</c> when an encoder lacks a unit of its stretch, the
    /// incoming encoder made no keyframe at the frame, or its stretch is not closed in decode
    /// order; the last incoming encoder is then preferred at the next whole GOP.
    /// </summary>
    private (string Leader, List<EncodedUnit> Units)? Splice(Dictionary<string, List<EncodedUnit>> candidates)
    {
        var end = _gopStart + _slots;
        var cuts = _planned.Where(p => p.Sequence > _gopStart && p.Sequence < end).ToList();
        var first = _planned.LastOrDefault(p => p.Sequence == _gopStart).To;
        var before = cuts.Count > 0 ? cuts[0].Sequence : end;
        first ??= _leader is not null && Stretch(candidates, _leader, _gopStart, before) is not null ? _leader
            : candidates.Keys.Where(c => Stretch(candidates, c, _gopStart, before) is not null).MaxBy(c => _weights.GetValueOrDefault(c));
        var stretches = new List<(string Encoder, long From, long To)> { (first ?? "", _gopStart, before) };
        for (var i = 0; i < cuts.Count; i++)
        {
            stretches.Add((cuts[i].To, cuts[i].Sequence, i + 1 < cuts.Count ? cuts[i + 1].Sequence : end));
        }

        var units = new List<EncodedUnit>();
        foreach (var (encoder, from, to) in stretches)
        {
            if (Stretch(candidates, encoder, from, to) is not { } stretch)
            {
                _preferred = _planned[^1].To;
                return null;
            }

            units.AddRange(stretch);
        }

        return (stretches[^1].Encoder, units);
    }

    /// <summary>
    /// <paramref name="encoder"/>'s units of frames [<paramref name="from"/>, <paramref name="to"/>)
    /// in decode order, or <c>null</c> unless it has every one, the first is a keyframe at
    /// <paramref name="from"/>, and no unit outside the stretch falls between them in its decode
    /// order (a stretch closed at both ends).
    /// </summary>
    private static List<EncodedUnit>? Stretch(Dictionary<string, List<EncodedUnit>> candidates, string encoder, long from, long to)
    {
        if (from == to)
        {
            return [];
        }

        if (!candidates.TryGetValue(encoder, out var all))
        {
            return null;
        }

        var start = all.FindIndex(u => u.Sequence >= from && u.Sequence < to);
        if (start < 0 || all.Count < start + (int)(to - from))
        {
            return null;
        }

        var stretch = all.GetRange(start, (int)(to - from));
        var closed = stretch.All(u => u.Sequence >= from && u.Sequence < to) && stretch.Select(u => u.Sequence).Distinct().Count() == stretch.Count;
        return closed && stretch[0].IsKeyframe && stretch[0].Sequence == from ? stretch : null;
    }

    private static List<EncodedUnit> DecodeOrder(List<EncodedUnit> units) => [.. units.OrderBy(u => u.DtsNs).ThenBy(u => u.Sequence)];

    private bool IsComplete(List<EncodedUnit> units) =>
        units.Count == _slots && units[0].IsKeyframe && units[0].Sequence == _gopStart
        && units.Select(u => u.Sequence).Order().SequenceEqual(Enumerable.Range(0, _slots).Select(i => _gopStart + i));

    /// <summary>The units up to the first gap in the sequence, when the first one is this GOP's keyframe.</summary>
    private List<EncodedUnit> Prefix(List<EncodedUnit> units)
    {
        if (units.Count == 0 || !units[0].IsKeyframe || units[0].Sequence != _gopStart)
        {
            return [];
        }

        var present = units.Select(u => u.Sequence).ToHashSet();
        var end = _gopStart;
        while (present.Contains(end))
        {
            end++;
        }

        // decodable only up to the first unit that refers past the gap: keep units in decode order until one is outside [start, end)
        return [.. units.TakeWhile(u => u.Sequence < end)];
    }

    private int ReorderDepth(List<EncodedUnit> units) => units.Count == 0 ? 0 : units.Select((u, k) => (int)(_gopStart + k - u.Sequence)).Max();
}
