namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>A picture as the analyzer receives it from a swarm: I420, packed planes.</summary>
/// <param name="Width">Width in pixels (even).</param>
/// <param name="Height">Height in pixels (even).</param>
/// <param name="Planes">Y, then U and V.</param>
public sealed record I420Picture(int Width, int Height, byte[] Planes);
