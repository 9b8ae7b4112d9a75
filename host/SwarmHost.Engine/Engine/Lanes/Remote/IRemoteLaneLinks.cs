namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>Opens a coordinator's links to the nodes that run its remote lanes: one authenticated, encrypted stream per lane.</summary>
public interface IRemoteLaneLinks
{
    /// <summary>
    /// The node to start a fresh instance of an encoder of component <paramref name="plugin"/> on,
    /// after its last instance failed on <paramref name="failedOn"/>: <paramref name="preferred"/>
    /// (where the manifest places it) while it is reachable and is not where the last one failed,
    /// else the reachable node that has the component and the most free cores, <paramref name="failedOn"/>
    /// last; <paramref name="preferred"/> when no node can take it (the start then fails, and is
    /// tried again after the cool-down).
    /// </summary>
    string Place(string preferred, string plugin, string failedOn);

    /// <summary>The clocks of the nodes reachable now, as last advertised.</summary>
    IReadOnlyList<NodeClockReading> Clocks { get; }

    /// <summary>The deployment's SRT passphrase, which encrypts the media sent to nodes (never logged).</summary>
    string MediaPassphrase { get; }

    /// <summary>The address node <paramref name="node"/> takes media at (the host of its lane port).</summary>
    /// <exception cref="IOException">The node is not known.</exception>
    string MediaHost(string node);

    /// <summary>A new link to the lane host of node <paramref name="node"/> (by its name).</summary>
    /// <exception cref="IOException">The node is not known, not reachable, or refused the link; the message says which.</exception>
    Stream Connect(string node, CancellationToken cancellationToken);
}
