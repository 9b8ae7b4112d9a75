using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SwarmHost.Engine.Lanes.Remote;

namespace SwarmHost.Cluster;

/// <summary>
/// A coordinator's links to its nodes' lane ports, found in their adverts: TLS with the
/// deployment's certificate on both ends (the node's must be the deployment's too), connected
/// within 5 s or not at all.
/// </summary>
public sealed class ClusterLaneLinks(IReadOnlyDictionary<string, NodeAdvert> nodes, DeploymentCredentials credentials) : IRemoteLaneLinks
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public Stream Connect(string node, CancellationToken cancellationToken)
    {
        if (!nodes.TryGetValue(node, out var advert) || advert.LaneAddress is null)
        {
            throw new IOException($"node '{node}' is not a member of the cluster (or runs no lanes)");
        }

        var endpoint = ClusterEndpoint.Parse(advert.LaneAddress);
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
            var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => credentials.Admits(certificate));
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = "swarmhost",
                ClientCertificates = new X509CertificateCollection { credentials.Certificate },
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            });
            return tls;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or AuthenticationException)
        {
            client.Dispose();
            throw new IOException($"cannot open a lane link to node '{node}' at {endpoint}: {ex.Message}", ex);
        }
    }
}
