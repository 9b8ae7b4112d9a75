using Akka.Actor;
using Akka.Cluster;

namespace SwarmHost.Cluster;

/// <summary>A member's lanes now: how many run, the cores they declared, and whether it is draining.</summary>
/// <param name="Lanes">Lanes running.</param>
/// <param name="DeclaredCores">Cores they declared.</param>
/// <param name="Draining">Whether the member is draining.</param>
public readonly record struct LaneLoad(int Lanes, double DeclaredCores, bool Draining);

/// <summary>
/// Every member's agent, at <c>/user/node</c>: answers <see cref="AdvertRequest"/> with a fresh
/// <see cref="NodeAdvert"/>, and <see cref="ClusterReportRequest"/> with every member it sees and
/// their adverts (asked of each member's agent, 3 s at most). A failure while building an answer
/// is answered with <see cref="Status.Failure"/>, never a crash of the agent.
/// </summary>
internal sealed class NodeAgent : ReceiveActor
{
    /// <summary>The agent's name under <c>/user</c>.</summary>
    public const string Name = "node";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);
    private readonly NodeIdentity _identity;
    private readonly IReadOnlyList<string> _roles;
    private readonly Func<LaneLoad> _lanes;
    private readonly Akka.Cluster.Cluster _cluster;

    /// <summary>Creates the agent of a member with <paramref name="identity"/> and <paramref name="roles"/>; <paramref name="lanes"/> counts its running lanes.</summary>
    public NodeAgent(NodeIdentity identity, IReadOnlyList<string> roles, Func<LaneLoad> lanes)
    {
        _identity = identity;
        _roles = roles;
        _lanes = lanes;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<AdvertRequest>(_ => Answer(Sender, Advert));
        ReceiveAsync<ClusterReportRequest>(async _ =>
        {
            var sender = Sender;
            try
            {
                sender.Tell(await Report().ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                sender.Tell(new Status.Failure(ex));
            }
        });
    }

    /// <summary>Where a member's agent is.</summary>
    public static string PathOf(Address member) => $"{member}/user/{Name}";

    private static void Answer(IActorRef sender, Func<object> answer)
    {
        try
        {
            sender.Tell(answer());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            sender.Tell(new Status.Failure(ex));
        }
    }

    private NodeAdvert Advert()
    {
        var self = _cluster.SelfAddress;
        var clock = _identity.Clock?.Status;
        var (count, declared, draining) = _lanes();
        return new NodeAdvert(_identity.Name, $"{self.Host}:{self.Port}", _roles, _identity.ProductVersion, _identity.ContractVersion,
            Environment.ProcessorCount, MachineLoad.MemoryMb(), MachineLoad.LoadAverage(), _identity.Encoders, count, declared,
            clock is null ? _identity.ClockId : $"{_identity.ClockId}: {clock.State}", clock?.OffsetNs, ClockMinusSystem(), draining, _identity.LaneAddress);
    }

    /// <summary>The node clock's time minus the system's, read back to back (the smaller of three tries, so a preemption between the reads does not count).</summary>
    private double? ClockMinusSystem()
    {
        if (_identity.Clock is not { } clock)
        {
            return null;
        }

        var best = double.MaxValue;
        var difference = 0.0;
        for (var i = 0; i < 3; i++)
        {
            var before = DateTime.UtcNow;
            var now = clock.NowNs();
            var after = DateTime.UtcNow;
            var spread = (after - before).Ticks;
            if (spread < best)
            {
                best = spread;
                var middle = (before.Ticks + (spread / 2) - DateTime.UnixEpoch.Ticks) * 100.0;
                difference = now - middle;
            }
        }

        return difference;
    }

    private async Task<ClusterReport> Report()
    {
        var state = _cluster.State;
        var members = state.Members.OrderBy(m => m, Member.AgeOrdering).ToList();
        var views = members.Select(m => new MemberView($"{m.Address.Host}:{m.Address.Port}", m.Status.ToString(), !state.Unreachable.Contains(m), [.. m.Roles])).ToList();
        var asks = members.Where(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m)).Select(async m =>
        {
            if (m.Address == _cluster.SelfAddress)
            {
                return Advert();
            }

            try
            {
                return await Context.ActorSelection(PathOf(m.Address)).Ask<NodeAdvert>(new AdvertRequest(), AskTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException or ActorNotFoundException)
            {
                return null;
            }
        });
        var adverts = (await Task.WhenAll(asks).ConfigureAwait(false)).OfType<NodeAdvert>();
        return new ClusterReport(views, adverts.ToDictionary(a => a.Address, StringComparer.Ordinal));
    }
}
