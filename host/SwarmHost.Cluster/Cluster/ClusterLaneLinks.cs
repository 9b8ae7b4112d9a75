using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SwarmHost.Engine.Lanes.Remote;

namespace SwarmHost.Cluster;

/// <summary>
/// A coordinator's links to its nodes' lane ports, found in their adverts: TLS with the
/// deployment's certificate on both ends (the node's must be the deployment's too), connected
/// within 5 s or not at all. Knows the reachable nodes as the coordinator last saw them
/// (<see cref="Update"/>), and places fresh instances by them — only on nodes that run the
/// coordinator's version (<paramref name="coordinator"/>).
/// </summary>
public sealed class ClusterLaneLinks(IReadOnlyDictionary<string, NodeAdvert> nodes, DeploymentCredentials credentials, NodeIdentity coordinator) : IRemoteLaneLinks
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private volatile IReadOnlyDictionary<string, NodeAdvert> _nodes = nodes;

    /// <summary>The reachable nodes now, by name.</summary>
    public IReadOnlyDictionary<string, NodeAdvert> Nodes => _nodes;

    /// <summary>Replaces the view of the reachable nodes (the coordinator's refresh, about once a second).</summary>
    public void Update(IReadOnlyDictionary<string, NodeAdvert> reachable) => _nodes = reachable;

    /// <inheritdoc />
    public IReadOnlyList<NodeClockReading> Clocks => [.. _nodes.Values.Select(n =>
    {
        var colon = n.Clock.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? new NodeClockReading(n.Name, n.Clock, "unknown", n.ClockOffsetNs) : new NodeClockReading(n.Name, n.Clock[..colon], n.Clock[(colon + 2)..], n.ClockOffsetNs);
    })];

    /// <inheritdoc />
    public string Place(string preferred, string plugin, string failedOn)
    {
        var now = _nodes;
        bool Fits(NodeAdvert n) => !n.Draining && n.Runs(coordinator.ProductVersion, coordinator.ContractVersion);
        if (now.TryGetValue(preferred, out var manifests) && Fits(manifests) && preferred != failedOn)
        {
            return preferred;
        }

        return now.Values.Where(n => Fits(n) && n.Encoders.Contains(plugin, StringComparer.Ordinal))
            .OrderBy(n => n.Name == failedOn) // where it just failed only when no other node can take it
            .ThenByDescending(n => n.FreeCores).ThenBy(n => n.Name, StringComparer.Ordinal).FirstOrDefault()?.Name ?? preferred;
    }

    /// <inheritdoc />
    public string MediaPassphrase => credentials.MediaPassphrase;

    /// <inheritdoc />
    public string MediaHost(string node) => _nodes.TryGetValue(node, out var advert) && advert.LaneAddress is { } address
        ? ClusterEndpoint.Parse(address).Host
        : throw new IOException($"node '{node}' is not a member of the cluster (or runs no lanes)");

    /// <inheritdoc />
    public Stream Connect(string node, CancellationToken cancellationToken)
    {
        if (!_nodes.TryGetValue(node, out var advert) || advert.LaneAddress is null)
        {
            throw new IOException($"node '{node}' is not a member of the cluster (or runs no lanes)");
        }

        var endpoint = ClusterEndpoint.Parse(advert.LaneAddress);
        var client = new TcpClient { NoDelay = true, SendTimeout = (int)NodeLaneHost.SilenceLimit.TotalMilliseconds }; // a node that stops reading is failed, not waited for
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
            var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => credentials.Admits(certificate));
            timeout.CancelAfter(ConnectTimeout); // the handshake gets as long again; reads after it wait as long as they must (the health monitor, not the socket, judges a silent lane)
            tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "swarmhost",
                    ClientCertificates = new X509CertificateCollection { credentials.Certificate },
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                timeout.Token).GetAwaiter().GetResult();
            return tls;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or AuthenticationException or IOException)
        {
            client.Dispose();
            throw new IOException($"cannot open a lane link to node '{node}' at {endpoint}: {ex.Message}", ex);
        }
    }
}
