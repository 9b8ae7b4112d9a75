using Akka.Actor;

namespace SwarmHost.Cluster;

/// <summary>
/// This process as a member of the cluster: its actor system (listening where
/// <see cref="ClusterOptions.Listen"/> says), its <see cref="NodeAgent"/> and its membership log.
/// <see cref="LeaveAsync"/> leaves cleanly (the others see it removed at once, not after their
/// failure detector); <see cref="Terminated"/> completes when the system stops for any reason,
/// including being downed by the others.
/// </summary>
public sealed class ClusterMember : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ClusterEndpoint, byte> _seen;
    private bool _wasUp;

    private ClusterMember(ActorSystem system, System.Collections.Concurrent.ConcurrentDictionary<ClusterEndpoint, byte> seen)
    {
        _system = system;
        _seen = seen;
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => Volatile.Write(ref _wasUp, true));
    }

    /// <summary>Whether this member has been Up (it joined), even if it was downed or left since.</summary>
    public bool WasUp => Volatile.Read(ref _wasUp);

    /// <summary>Every member this one has seen Up (itself too), even after its system stopped: where a downed member can join again.</summary>
    public IReadOnlyList<ClusterEndpoint> MembersSeen => [.. _seen.Keys];

    /// <summary>The member's own address, <c>host:port</c> (the port the system bound, when 0 was asked for).</summary>
    public string Address
    {
        get
        {
            var self = Akka.Cluster.Cluster.Get(_system).SelfAddress;
            return $"{self.Host}:{self.Port}";
        }
    }

    /// <summary>Completes when the member's system has stopped.</summary>
    public Task Terminated => _system.WhenTerminated;

    /// <summary>The actor system (for the cluster's own extensions).</summary>
    internal ActorSystem System => _system;

    /// <summary>Starts the member and begins joining; <paramref name="log"/> takes one line per membership change.</summary>
    /// <exception cref="InvalidOperationException">The listen address cannot be bound; the message says which.</exception>
    public static ClusterMember Start(ClusterOptions options, NodeIdentity identity, Action<string> log, Func<LaneLoad>? lanes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        ActorSystem system;
        try
        {
            system = ActorSystem.Create(ClusterOptions.SystemName, ClusterConfig.For(options));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"cannot listen for cluster members on {options.Listen}: {Innermost(ex).Message}", ex);
        }

        var counted = lanes ?? NoLanes;
        system.ActorOf(Props.Create(() => new NodeAgent(identity, options.Roles, counted)), NodeAgent.Name);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<ClusterEndpoint, byte>();
        Action<ClusterEndpoint> sawUp = up => seen[up] = 0;
        system.ActorOf(Props.Create(() => new MembershipLog(log, sawUp)), "membership-log");
        return new ClusterMember(system, seen);
    }

    /// <summary>Waits until this member is Up (it has joined); <c>false</c> after <paramref name="timeout"/>.</summary>
    public Task<bool> UpAsync(TimeSpan timeout)
    {
        var up = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(_system).RegisterOnMemberUp(() => up.TrySetResult(true));
        return Task.WhenAny(up.Task, Task.Delay(timeout)).ContinueWith(t => t.Result == up.Task, TaskScheduler.Default);
    }

    /// <summary>Leaves the cluster (the others see this member removed) and stops the system.</summary>
    public Task LeaveAsync() => CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await LeaveAsync().ConfigureAwait(false);
        await _system.WhenTerminated.ConfigureAwait(false);
    }

    private static LaneLoad NoLanes() => new(0, 0, false);

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;
}
