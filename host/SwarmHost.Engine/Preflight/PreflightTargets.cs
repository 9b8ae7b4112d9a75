using SwarmHost.Abstractions;
using SwarmHost.Engine;
using SwarmHost.Manifest;
using SwarmHost.Media;

namespace SwarmHost.Preflight;

/// <summary>
/// What a start-up check looks at: the profile, the component instances to open, and the run-time
/// choices that decide how much memory the swarm holds. Built from a valid manifest (with a run's
/// command-line overrides), or read from the parts of an invalid one that resolved
/// (<see cref="PartialManifestReader"/>), so that <c>validate --open</c> can report every refusal at once.
/// </summary>
/// <param name="File">The manifest file, for messages.</param>
/// <param name="Profile">What every encoder targets.</param>
/// <param name="Clock">The clock instance, or <c>null</c> when it did not resolve.</param>
/// <param name="Analyzers">The analyzer instances that resolved.</param>
/// <param name="Encoders">The encoder instances that resolved.</param>
/// <param name="Combiner">The combiner instance, or <c>null</c> when it did not resolve.</param>
/// <param name="LiveTiming">Whether the run reads in real time or from the network: encoder queues then hold up to 256 frames instead of 8.</param>
/// <param name="VerifyOutput">Whether every encoder's output is decoded and checked (a decoder per encoder and one for the output).</param>
/// <param name="CombinerSwitches">Whether the combiner switches between the encoders' own streams (holding units) rather than decoding and re-encoding them.</param>
public sealed record PreflightTargets(
    string File,
    OutputProfile Profile,
    ComponentInstance? Clock,
    IReadOnlyList<ComponentInstance> Analyzers,
    IReadOnlyList<ComponentInstance> Encoders,
    ComponentInstance? Combiner,
    bool LiveTiming,
    bool VerifyOutput,
    bool CombinerSwitches)
{
    /// <summary>The targets of a valid manifest as <c>validate</c> sees it: its own source and pacing.</summary>
    public static PreflightTargets FromManifest(SwarmManifest manifest) => FromManifest(manifest, new RunSettings(null, null, null, false));

    /// <summary>The targets of a valid manifest run with <paramref name="settings"/> (<c>--input</c> and <c>--realtime</c> change the pacing).</summary>
    public static PreflightTargets FromManifest(SwarmManifest manifest, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(settings);
        var live = settings.Realtime || manifest.Source.Realtime || MediaSource.IsNetworkUri(settings.Input ?? manifest.Source.Uri);
        return new(manifest.File, manifest.Profile, manifest.Clock, manifest.Analyzers, manifest.Encoders, manifest.Combiner, live, manifest.Health.VerifyOutput, manifest.CombinerSwitches);
    }
}
