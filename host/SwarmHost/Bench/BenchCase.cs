using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Bench;

/// <summary>One row of the encoder benchmark: one or more encoders run at once on the same input.</summary>
/// <param name="Name">The row's label, e.g. <c>x264 veryfast</c> or <c>3 at once</c>.</param>
/// <param name="Encoders">The encoder components to run in-process, all at once.</param>
/// <param name="Settings">Each encoder's settings as the <c>ffmpeg</c> component reads them (for the CLI reference); <c>null</c> for components the CLI cannot mirror.</param>
public sealed record BenchCase(string Name, IReadOnlyList<ComponentSpec> Encoders, IReadOnlyList<FFmpegEncoderSettings?> Settings)
{
    /// <summary>Whether the ffmpeg CLI can run the same encode (every encoder is the <c>ffmpeg</c> component).</summary>
    public bool HasCliReference => Settings.All(s => s is not null);
}
