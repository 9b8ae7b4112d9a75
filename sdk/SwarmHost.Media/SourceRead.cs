using SwarmHost.Abstractions;

namespace SwarmHost.Media;

/// <summary>One result of <see cref="MediaSource.ReadAsync"/>.</summary>
/// <param name="Kind">Frame, stalled or ended.</param>
/// <param name="Frame">The picture when <paramref name="Kind"/> is <see cref="SourceReadKind.Frame"/> (the caller owns one reference); otherwise <c>null</c>.</param>
/// <param name="StalledFor">How long no picture has arrived, when stalled.</param>
public readonly record struct SourceRead(SourceReadKind Kind, VideoFrame? Frame, TimeSpan StalledFor);
