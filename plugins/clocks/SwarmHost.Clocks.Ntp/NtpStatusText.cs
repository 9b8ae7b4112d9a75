using System.Diagnostics;
using System.Globalization;
using System.Text;
using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.Ntp;

/// <summary>The one-line detail of the NTP clock's status: its state, the best server's stratum, the reply counts, the time scale's correction and the last problem.</summary>
internal static class NtpStatusText
{
    /// <summary>The status detail of <paramref name="snapshot"/> in <paramref name="state"/>.</summary>
    /// <param name="snapshot">What the poller has seen.</param>
    /// <param name="state">The state the clock reports.</param>
    /// <param name="settings">The clock's settings.</param>
    /// <param name="scale">The corrected time scale.</param>
    /// <param name="servers">The servers, for the text before any good reply.</param>
    public static string Describe(NtpClockSnapshot snapshot, ClockState state, NtpClockSettings settings, SlewedTimeScale scale, string servers)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        switch (state)
        {
            case ClockState.Listening:
                text.Append(invariant, $"no good reply yet from {servers}");
                break;
            case ClockState.Uncalibrated:
                text.Append(invariant, $"{snapshot.GoodSamples} of {settings.LockSamples} good replies needed to lock");
                break;
            case ClockState.Holdover:
                var silent = Stopwatch.GetElapsedTime(snapshot.LastGood!.ReceivedTimestamp);
                text.Append(invariant, $"holdover: no good reply for {silent.TotalSeconds:0.0} s, running on the local clock with the last correction");
                break;
        }

        if (snapshot.Best is { } best)
        {
            Separate(text).Append(invariant, $"stratum {best.Reply.Stratum}, refid {best.Reply.ReferenceId}");
        }

        Separate(text).Append(invariant, $"{snapshot.GoodSamples} good, {snapshot.Rejected} rejected, {snapshot.Unanswered} unanswered");
        if (snapshot.Locked)
        {
            var now = Stopwatch.GetTimestamp();
            var correction = scale.CorrectionAt(now);
            var toGo = scale.TargetCorrectionNs - correction;
            Separate(text).Append("time scale correction ").Append(Micros(correction)).Append(" µs");
            text.Append(Math.Abs(toGo) < 50 ? " (on target)" : $" (slewing, {Micros(toGo)} µs to go)");
        }

        if (snapshot.LastRejection is { } rejection)
        {
            Separate(text).Append("last rejected reply: ").Append(rejection);
        }

        if (state != ClockState.Synchronised && snapshot.LastError is { } error)
        {
            Separate(text).Append("last error: ").Append(error);
        }

        return text.ToString();
    }

    private static StringBuilder Separate(StringBuilder text) => text.Length > 0 ? text.Append("; ") : text;

    private static string Micros(long ns)
    {
        var us = Math.Round(ns / 1000.0, 1);
        return us == 0 ? "0.0" : us.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
    }
}
