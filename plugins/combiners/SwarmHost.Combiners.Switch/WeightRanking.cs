namespace SwarmHost.Combiners.Switch;

/// <summary>Which encoder the weights favour among some of them: the heaviest; on equal weights the one that comes first in the slot's weights (the manifest's order).</summary>
internal static class WeightRanking
{
    /// <summary>The heaviest of <paramref name="among"/> by <paramref name="weights"/> (an encoder without a weight counts 0), or <c>null</c> when there is none.</summary>
    public static string? Best(IReadOnlyDictionary<string, double> weights, ICollection<string> among) =>
        weights.Keys.Where(among.Contains).Concat(among).MaxBy(id => weights.GetValueOrDefault(id));
}
