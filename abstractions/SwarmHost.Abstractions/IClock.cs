namespace SwarmHost.Abstractions;

/// <summary>The swarm's shared time source: every frame is stamped with <see cref="NowNs"/>.</summary>
/// <remarks>
/// <see cref="NowNs"/> and <see cref="Status"/> are thread-safe and cheap (called once per frame
/// at least). Within one instance's lifetime <see cref="NowNs"/> never goes backwards, whatever
/// happens to the system clock or the time source. <see cref="IDisposable.Dispose"/> always runs
/// and stops any network activity.
/// </remarks>
public interface IClock : IDisposable
{
    /// <summary>Starts following the time source (opens sockets, starts polling). Completes once started, not once synchronised.</summary>
    /// <exception cref="InvalidOperationException">The source cannot be used (bad interface, port in use); the message says what to fix.</exception>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The current time on the clock's own time scale, in nanoseconds since the Unix epoch.</summary>
    long NowNs();

    /// <summary>The current synchronisation state.</summary>
    ClockStatus Status { get; }
}
