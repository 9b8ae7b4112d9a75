namespace SwarmHost.Cluster;

/// <summary>
/// What a node tells the cluster about itself: who it is, what it can run and how busy it is. A
/// node answers <see cref="AdvertRequest"/> with a fresh one; nothing is cached across members.
/// </summary>
/// <param name="Name">The node's name (<c>--name</c>; unique in a cluster).</param>
/// <param name="Address">Its cluster address, <c>host:port</c>.</param>
/// <param name="Roles">Its cluster roles (<c>node</c>, or <c>coordinator</c> for a <c>swarmhost run</c>).</param>
/// <param name="ProductVersion">The SwarmHost version it runs.</param>
/// <param name="ContractVersion">The plugin contract it implements (<c>major.minor</c>).</param>
/// <param name="Cores">Processor cores it has.</param>
/// <param name="MemoryMb">Memory it has, MB.</param>
/// <param name="Load">The 1-minute load average.</param>
/// <param name="Encoders">The encoder components its plugin roots hold.</param>
/// <param name="Lanes">The encoder lanes it runs now.</param>
/// <param name="DeclaredCores">The cores its running lanes declared (the manifest's per-encoder <c>cores</c>).</param>
/// <param name="Clock">Its clock component and that clock's state, e.g. <c>ptp: Synchronised</c>.</param>
/// <param name="ClockOffsetNs">Its clock's last measured offset from its reference, ns; <c>null</c> when it has none.</param>
/// <param name="ClockMinusSystemNs">Its clock's time minus this machine's system time (CLOCK_REALTIME) when the advert was made, ns; <c>null</c> when it has no clock. On machines that share one kernel clock (network namespaces), the clock's true error.</param>
/// <param name="Draining">Whether it is draining (asked to stop): it takes no new lane.</param>
/// <param name="LaneAddress">Where coordinators open lane links to it, <c>host:port</c>; <c>null</c> for a member that runs no lanes (a coordinator).</param>
public sealed record NodeAdvert(
    string Name,
    string Address,
    IReadOnlyList<string> Roles,
    string ProductVersion,
    string ContractVersion,
    int Cores,
    long MemoryMb,
    double Load,
    IReadOnlyList<string> Encoders,
    int Lanes,
    double DeclaredCores,
    string Clock,
    double? ClockOffsetNs,
    double? ClockMinusSystemNs,
    bool Draining,
    string? LaneAddress) : IClusterMessage
{
    /// <summary>Cores left for more lanes: <see cref="Cores"/> − <see cref="DeclaredCores"/>.</summary>
    public double FreeCores => Cores - DeclaredCores;

    /// <summary>Whether it runs SwarmHost <paramref name="productVersion"/> with plugin contract <paramref name="contractVersion"/>: only such a node takes a lane of a coordinator of that version.</summary>
    public bool Runs(string productVersion, string contractVersion) => ProductVersion == productVersion && ContractVersion == contractVersion;
}

/// <summary>Asks a node's agent for its <see cref="NodeAdvert"/>.</summary>
public sealed record AdvertRequest : IClusterMessage;
