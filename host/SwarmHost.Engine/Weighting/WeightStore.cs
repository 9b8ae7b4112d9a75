namespace SwarmHost.Weighting;

/// <summary>Bookkeeping the policies share for their stored weights.</summary>
internal static class WeightStore
{
    /// <summary>Drops the weights (and any other per-encoder state keyed by id) of encoders no longer live, so a rejoin starts afresh.</summary>
    public static void Forget<T>(Dictionary<string, T> state, IReadOnlyList<EncoderObservation> live)
    {
        foreach (var gone in state.Keys.Where(id => !live.Any(e => e.Id == id)).ToList())
        {
            state.Remove(gone);
        }
    }

    /// <summary>Moves <paramref name="weight"/> toward <paramref name="target"/> by <paramref name="rate"/> of the distance, at most <paramref name="maxStep"/>.</summary>
    public static double Drift(double weight, double target, double rate, double maxStep) =>
        Math.Clamp(weight + Math.Clamp((target - weight) * rate, -maxStep, maxStep), 0, 1);
}
