using Quickenshtein;

namespace SwarmHost.Plugins;

/// <summary>"Did you mean ...?" suggestions by Levenshtein distance.</summary>
public static class ClosestName
{
    /// <summary>The candidate closest to <paramref name="name"/>, or <c>null</c> when none is within half the name's length (at least 2 edits allowed).</summary>
    public static string? Find(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var budget = Math.Max(2, name.Length / 2);
        return candidates
            .Select(c => (Candidate: c, Distance: Levenshtein.GetDistance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.Distance <= budget)
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }
}
