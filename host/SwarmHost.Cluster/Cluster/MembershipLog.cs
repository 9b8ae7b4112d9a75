using Akka.Actor;
using Akka.Cluster;

namespace SwarmHost.Cluster;

/// <summary>Writes every membership change this member sees to a log line (joined, up, unreachable, reachable again, left, removed).</summary>
internal sealed class MembershipLog : ReceiveActor
{
    /// <summary>Creates the log; <paramref name="write"/> takes one line.</summary>
    public MembershipLog(Action<string> write)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<ClusterEvent.MemberUp>(e => write($"member up: {Describe(e.Member)}"));
        Receive<ClusterEvent.MemberLeft>(e => write($"member leaving: {Describe(e.Member)}"));
        Receive<ClusterEvent.MemberExited>(e => write($"member exited: {Describe(e.Member)}"));
        Receive<ClusterEvent.MemberRemoved>(e => write($"member removed: {Describe(e.Member)} (was {e.PreviousStatus})"));
        Receive<ClusterEvent.UnreachableMember>(e => write($"member unreachable: {Describe(e.Member)}"));
        Receive<ClusterEvent.ReachableMember>(e => write($"member reachable again: {Describe(e.Member)}"));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
    }

    /// <inheritdoc />
    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private static string Describe(Member member) => $"{member.Address.Host}:{member.Address.Port} ({string.Join(",", member.Roles)})";
}
