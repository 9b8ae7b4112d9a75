using Microsoft.Extensions.Logging;

namespace SwarmHost.Clocks.Ntp;

/// <summary>The NTP clock's log messages (source-generated).</summary>
internal static partial class NtpClockLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "NTP clock polling {Servers} every {PollMs} ms (wall clock read via {WallClock})")]
    internal static partial void LogStarted(ILogger logger, string servers, double pollMs, string wallClock);

    [LoggerMessage(Level = LogLevel.Information, Message = "NTP clock synchronised to {Server}: offset {OffsetUs} µs, delay {DelayUs} µs; {How}")]
    internal static partial void LogLocked(ILogger logger, string server, double offsetUs, double delayUs, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NTP server {Server} sent a reply that was rejected: {Reason}")]
    internal static partial void LogRejected(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NTP clock in holdover: no good reply for {HoldoverMs} ms ({Why}); time keeps running on the local clock")]
    internal static partial void LogHoldover(ILogger logger, double holdoverMs, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "NTP clock synchronised again, following {Server}")]
    internal static partial void LogRecovered(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Error, Message = "NTP clock poll failed; polling continues")]
    internal static partial void LogPollFailed(ILogger logger, Exception exception);
}
