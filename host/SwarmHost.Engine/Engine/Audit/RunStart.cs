using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using SwarmHost.Media;

namespace SwarmHost.Engine.Audit;

/// <summary>Builds the <c>run-start</c> event from the parts the engine opened.</summary>
internal static class RunStart
{
    /// <summary>The event.</summary>
    /// <param name="input">The input actually read.</param>
    /// <param name="source">The opened source.</param>
    /// <param name="output">The output's description (path and container).</param>
    /// <param name="profile">The output profile.</param>
    /// <param name="clock">The clock's source and state.</param>
    /// <param name="sessions">Every encoder's session, by id.</param>
    /// <param name="budgetMs">The latency budget.</param>
    /// <param name="hangTimeoutMs">The hang limit.</param>
    /// <param name="policy">The weighting policy's name.</param>
    public static RunStartEvent Of(string input, MediaSource source, string output, OutputProfile profile, string clock, IReadOnlyDictionary<string, EncoderSession> sessions, double budgetMs, double hangTimeoutMs, string policy) => new(
        input,
        $"{source.Info.Format} {source.Info.Codec} {source.Info.SourceSize}",
        output,
        $"{profile.Codec} {profile.Width}x{profile.Height} @ {profile.FrameRate} gop {profile.Gop}",
        clock,
        Math.Round(profile.FrameRate.PeriodNanoseconds() / 1e6, 3),
        profile.Gop,
        budgetMs,
        hangTimeoutMs,
        policy,
        sessions.ToDictionary(s => s.Key, s => new RunStartEncoder(s.Value.Codec, $"{s.Value.Width}x{s.Value.Height}", s.Value.DelayFrames, s.Value.Keyframes.ToString()), StringComparer.Ordinal));
}
