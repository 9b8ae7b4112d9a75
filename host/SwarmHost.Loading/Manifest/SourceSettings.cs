namespace SwarmHost.Manifest;

/// <summary>The manifest's input.</summary>
/// <param name="Uri">A file path (absolute after validation), a URL, or a <c>lavfi:</c> test source.</param>
/// <param name="Frames">Stop after this many frames, or <c>null</c> for no frame limit.</param>
/// <param name="DurationSeconds">Stop after this many seconds of input, or <c>null</c>.</param>
public sealed record SourceSettings(string Uri, long? Frames, double? DurationSeconds)
{
    /// <summary>Read the input no faster than real time, as a live source arrives (deadlines in real time, stalls filled).</summary>
    public bool Realtime { get; init; }
}
