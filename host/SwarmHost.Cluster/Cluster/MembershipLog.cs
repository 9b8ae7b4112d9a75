using Akka.Actor;
using Akka.Cluster;

namespace SwarmHost.Cluster;

/// <summary>Writes every membership change this member sees to a log line (joined, up, unreachable, reachable again, left, removed).</summary>
internal sealed class MembershipLog : ReceiveActor
{
    /// <summary>Creates the log; <paramref name="write"/> takes one line, <paramref name="up"/> the address of each member seen Up.</summary>
    public MembershipLog(Action<string> write, Action<ClusterEndpoint> up)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members.Where(m => m.Status == MemberStatus.Up))
            {
                up(new ClusterEndpoint(member.Address.Host!, member.Address.Port ?? 0));
            }
        });
        Receive<ClusterEvent.MemberUp>(e =>
        {
            up(new ClusterEndpoint(e.Member.Address.Host!, e.Member.Address.Port ?? 0));
            write($"member up: {Describe(e.Member)}");
        });
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
