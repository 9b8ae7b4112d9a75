using Akka.Actor;
using SwarmHost.Manifest;

namespace SwarmHost.Cluster;

/// <summary>
/// A swarm run as the cluster's coordinator: joins with the <c>coordinator</c> role, waits until
/// every node the manifest places an encoder on is Up and has advertised its lane port, and gives
/// the run its <see cref="ClusterLaneLinks"/>. Disposing leaves the cluster; the nodes see their
/// lane links close and stop those lanes.
/// </summary>
public sealed class ClusterCoordinator : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private readonly ClusterMember _member;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _refreshing;

    private ClusterCoordinator(ClusterMember member, ClusterLaneLinks links, IReadOnlyDictionary<string, NodeAdvert> nodes, IReadOnlyList<ComponentInstance> encoders, Action<string> log)
    {
        _member = member;
        _log = log;
        Links = links;
        Nodes = nodes;
        Encoders = encoders;
        _refreshing = Task.Run(RefreshAsync);
    }

    /// <summary>Links to the nodes' lane ports.</summary>
    public ClusterLaneLinks Links { get; }

    /// <summary>The manifest's encoders with those the coordinator placed (<c>"placement": "auto"</c>) on their nodes.</summary>
    public IReadOnlyList<ComponentInstance> Encoders { get; }

    /// <summary>The adverts of the nodes the run uses, by name, as they were when it started.</summary>
    public IReadOnlyDictionary<string, NodeAdvert> Nodes { get; }

    /// <summary>Joins and waits until the cluster can take <paramref name="encoders"/>' placement (<see cref="PlacementCheck"/>).</summary>
    /// <exception cref="InvalidOperationException">The cluster could not be joined, or could not take the placement within the manifest's wait: the message gives every problem (missing nodes with the members seen, versions, components, cores).</exception>
    public static async Task<ClusterCoordinator> JoinAsync(ClusterSettings settings, DeploymentCredentials credentials, string productVersion, string contractVersion, IReadOnlyList<ComponentInstance> encoders, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var listen = ClusterEndpoint.Parse(settings.Listen, allowAnyPort: true);
        var seeds = settings.Join.Select(j => ClusterEndpoint.Parse(j)).ToList();
        var identity = new NodeIdentity("coordinator", productVersion, contractVersion, [], "-", null, null);
        var member = ClusterMember.Start(new ClusterOptions(listen, seeds, [ClusterOptions.CoordinatorRole], credentials), identity, log);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(settings.WaitSeconds);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member.Terminated.IsCompleted)
                {
                    throw new InvalidOperationException($"could not join the cluster through {string.Join(", ", settings.Join)} (see the log above: a member that refuses this coordinator's certificate holds other credentials)");
                }

                var byName = await ReachableNodesAsync(member, cancellationToken).ConfigureAwait(false);
                var (placed, unplaced) = PlacementCheck.Assign(encoders, byName, productVersion, contractVersion);
                var problems = unplaced.Concat(PlacementCheck.Problems(placed, byName, productVersion, contractVersion)).ToList();
                if (problems.Count == 0)
                {
                    return new ClusterCoordinator(member, new ClusterLaneLinks(byName, credentials, identity), byName, placed, log);
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"after waiting {settings.WaitSeconds:0.#} s (joined through {string.Join(", ", settings.Join)}), the cluster cannot take the manifest's placement: {string.Join("; ", problems)}");
                }

                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await member.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _refreshing.ConfigureAwait(false);
        _stop.Dispose();
        await _member.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The reachable, Up nodes by name, as this member's agent sees them now.</summary>
    private static async Task<Dictionary<string, NodeAdvert>> ReachableNodesAsync(ClusterMember member, CancellationToken cancellationToken)
    {
        var report = await member.System.ActorSelection($"/user/{NodeAgent.Name}").Ask<ClusterReport>(new ClusterReportRequest(), TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        return report.Adverts.Values.Where(a => a.Roles.Contains(ClusterOptions.NodeRole)).GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Keeps <see cref="Links"/>' view of the reachable nodes fresh, about once a second, until
    /// disposed. Never fails the run: a refresh that gets no answer keeps the last view, and a
    /// coordinator the other members removed (downed) goes on with the lane links it has and its
    /// last view, saying so once.
    /// </summary>
    private async Task RefreshAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Refresh, _stop.Token).ConfigureAwait(false);
                if (_member.Terminated.IsCompleted)
                {
                    _log("this coordinator was removed from the cluster by the other members; the run goes on with its lane links and its last view of the nodes");
                    return;
                }

                Links.Update(await ReachableNodesAsync(_member, _stop.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is AskTimeoutException or ActorNotFoundException or InvalidOperationException)
            {
                // keep the last view; the next refresh tries again
            }
        }
    }
}
