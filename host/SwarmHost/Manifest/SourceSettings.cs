namespace SwarmHost.Manifest;

/// <summary>The manifest's input.</summary>
/// <param name="Uri">A file path (absolute after validation), a URL, or a <c>lavfi:</c> test source.</param>
/// <param name="Frames">Stop after this many frames, or <c>null</c> for no frame limit.</param>
/// <param name="DurationSeconds">Stop after this many seconds of input, or <c>null</c>.</param>
public sealed record SourceSettings(string Uri, long? Frames, double? DurationSeconds);
