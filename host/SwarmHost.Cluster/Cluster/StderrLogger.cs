using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace SwarmHost.Cluster;

/// <summary>
/// Akka's log events on stderr, one line each, prefixed <c>cluster:</c> and its level — never on
/// stdout, which belongs to a command's results. Named in the configuration as <c>akka.loggers</c>.
/// </summary>
public sealed class StderrLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>Creates the logger.</summary>
    public StderrLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine($"cluster: {Level(e.LogLevel())}: {e.Message}{(e.Cause is { } cause ? $" ({cause.GetType().Name}: {cause.Message})" : "")}"));
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.ErrorLevel => "error",
        LogLevel.WarningLevel => "warning",
        LogLevel.InfoLevel => "info",
        _ => "debug",
    };
}
