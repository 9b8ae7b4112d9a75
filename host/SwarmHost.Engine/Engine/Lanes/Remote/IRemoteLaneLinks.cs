namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>Opens a coordinator's links to the nodes that run its remote lanes: one authenticated, encrypted stream per lane.</summary>
public interface IRemoteLaneLinks
{
    /// <summary>A new link to the lane host of node <paramref name="node"/> (by its name).</summary>
    /// <exception cref="IOException">The node is not known, not reachable, or refused the link; the message says which.</exception>
    Stream Connect(string node, CancellationToken cancellationToken);
}
