namespace SwarmHost.Cluster;

/// <summary>Asks a member for <see cref="ClusterReport"/>: every member it sees and each one's advert.</summary>
public sealed record ClusterReportRequest : IClusterMessage;

/// <summary>A member's view of the cluster.</summary>
/// <param name="Members">Every member it sees, oldest first.</param>
/// <param name="Adverts">The adverts of the members that answered in time, by address.</param>
public sealed record ClusterReport(IReadOnlyList<MemberView> Members, IReadOnlyDictionary<string, NodeAdvert> Adverts) : IClusterMessage;

/// <summary>One member as another sees it.</summary>
/// <param name="Address">Its cluster address, <c>host:port</c>.</param>
/// <param name="Status">Its membership status (Joining, Up, Leaving, Exiting, Down, …).</param>
/// <param name="Reachable">Whether the reporting member's failure detector reaches it.</param>
/// <param name="Roles">Its roles.</param>
public sealed record MemberView(string Address, string Status, bool Reachable, IReadOnlyList<string> Roles);
