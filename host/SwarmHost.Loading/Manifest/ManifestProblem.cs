namespace SwarmHost.Manifest;

/// <summary>One thing wrong with a manifest: where (a JSON path such as <c>$.encoders[1].options.bitrate</c>), what, and what to do.</summary>
/// <param name="Path">JSON path of the offending value (<c>$</c> for the whole document).</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Hint">What to do about it, or <c>null</c>.</param>
public sealed record ManifestProblem(string Path, string Message, string? Hint = null)
{
    /// <summary>Formats as <c>path: message (hint)</c>, the form <c>swarmhost validate</c> prints.</summary>
    public override string ToString() => Hint is null ? $"{Path}: {Message}" : $"{Path}: {Message} ({Hint})";
}
