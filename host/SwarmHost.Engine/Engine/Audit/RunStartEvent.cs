using System.Text.Json.Nodes;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using SwarmHost.Media;

namespace SwarmHost.Engine.Audit;

/// <summary>The <c>run-start</c> event: what the run reads, writes and schedules by, once every part is open (docs/events.md).</summary>
internal static class RunStartEvent
{
    /// <summary>Writes the event.</summary>
    /// <param name="events">The run's events.</param>
    /// <param name="input">The input actually read.</param>
    /// <param name="source">The opened source.</param>
    /// <param name="output">The output's description (path and container).</param>
    /// <param name="profile">The output profile.</param>
    /// <param name="clock">The clock, as "plugin: source (state)".</param>
    /// <param name="sessions">Every encoder's session, by id.</param>
    /// <param name="budgetMs">The latency budget.</param>
    /// <param name="hangTimeoutMs">The hang limit.</param>
    /// <param name="policy">The weighting policy's name.</param>
    public static void Write(EventLog events, string input, MediaSource source, string output, OutputProfile profile, string clock, IReadOnlyDictionary<string, EncoderSession> sessions, double budgetMs, double hangTimeoutMs, string policy) =>
        events.Write("run-start", null, new JsonObject
        {
            ["input"] = input,
            ["source"] = $"{source.Info.Format} {source.Info.Codec} {source.Info.SourceSize}",
            ["output"] = output,
            ["profile"] = $"{profile.Codec} {profile.Width}x{profile.Height} @ {profile.FrameRate} gop {profile.Gop}",
            ["clock"] = clock,
            ["frameIntervalMs"] = Math.Round(profile.FrameRate.PeriodNanoseconds() / 1e6, 3),
            ["gop"] = profile.Gop,
            ["latencyBudgetMs"] = budgetMs,
            ["hangTimeoutMs"] = hangTimeoutMs,
            ["policy"] = policy,
            ["encoders"] = new JsonObject(sessions.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)new JsonObject { ["codec"] = s.Value.Codec, ["size"] = $"{s.Value.Width}x{s.Value.Height}", ["delayFrames"] = s.Value.DelayFrames, ["keyframes"] = s.Value.Keyframes.ToString() }))),
        });
}
