namespace SwarmHost.Abstractions;

/// <summary>What a component can do, as far as the host needs to know before creating it.</summary>
/// <param name="Keyframes">How the component lets the host place keyframes (encoders only).</param>
/// <param name="TypicalDelayFrames">
/// The delay in frames the component usually has (lookahead, B-frames), for display only; the
/// figure that counts is the one reported by <see cref="IVideoEncoder.Open"/>.
/// </param>
/// <param name="Features">Free-form capability tags shown by <c>swarmhost inspect</c>, e.g. <c>"resolution-diversity"</c>.</param>
public sealed record ComponentCapabilities(
    KeyframeControl Keyframes = KeyframeControl.NotApplicable,
    int TypicalDelayFrames = 0,
    IReadOnlyList<string>? Features = null)
{
    /// <summary>
    /// A combiner that builds the output by switching between the encoders' own streams at GOP
    /// boundaries and writes their units unchanged (combiners only; since contract 1.2). The host
    /// then requires every encoder to produce the profile's codec, and refuses a swarm that does
    /// not before its first frame. A combiner that encodes its own output
    /// (<see cref="IEncodingCombiner"/>) leaves it <c>false</c>.
    /// </summary>
    public bool GopSwitching { get; init; }

    /// <summary>Capabilities of a component with nothing to declare.</summary>
    public static ComponentCapabilities None { get; } = new();
}
