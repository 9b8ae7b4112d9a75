namespace SwarmHost.Preflight;

/// <summary>What a swarm configuration is expected to hold in memory at most, term by term (docs/resources.md gives the formula).</summary>
/// <param name="Items">The terms, in the order they are printed.</param>
public sealed record MemoryEstimate(IReadOnlyList<MemoryItem> Items)
{
    /// <summary>The sum of every term, in bytes.</summary>
    public long TotalBytes => Items.Sum(i => i.Bytes);

    /// <summary>The terms with the largest first, as "name: size (formula)" lines.</summary>
    public IEnumerable<string> Breakdown() =>
        Items.OrderByDescending(i => i.Bytes).Select(i => $"{i.Name}: {ByteSize.Format(i.Bytes)} ({i.Formula})");
}
