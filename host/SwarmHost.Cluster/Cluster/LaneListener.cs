using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using SwarmHost.Engine.Lanes.Remote;

namespace SwarmHost.Cluster;

/// <summary>
/// A node's lane port: accepts a coordinator's lane links over TLS, requiring the peer to present
/// the deployment's certificate (mutual TLS, pinned like the cluster transport), and serves each
/// on a thread of its own with the <see cref="NodeLaneHost"/>. A peer without the certificate is
/// refused and logged with its address.
/// </summary>
public sealed class LaneListener : IDisposable
{
    private readonly TcpListener _listener;
    private readonly DeploymentCredentials _credentials;
    private readonly NodeLaneHost _host;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts listening on <paramref name="address"/>:<paramref name="port"/> (0: any free port).</summary>
    /// <exception cref="InvalidOperationException">The address cannot be bound.</exception>
    public LaneListener(string address, int port, DeploymentCredentials credentials, NodeLaneHost host, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
        _host = host;
        _log = log;
        try
        {
            _listener = new TcpListener(IPAddress.Parse(address), port);
            _listener.Start();
        }
        catch (Exception ex) when (ex is SocketException or FormatException)
        {
            throw new InvalidOperationException($"cannot listen for lane links on {address}:{port}: {ex.Message}", ex);
        }

        Endpoint = new ClusterEndpoint(address, ((IPEndPoint)_listener.LocalEndpoint).Port);
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>Where coordinators reach it.</summary>
    public ClusterEndpoint Endpoint { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var thread = new Thread(() => Serve(client)) { IsBackground = true, Name = "swarmhost-lane-link" };
            thread.Start();
        }
    }

    private void Serve(TcpClient client)
    {
        var peer = client.Client.RemoteEndPoint?.ToString() ?? "?";
        using (client)
        {
            client.NoDelay = true;
            client.SendTimeout = (int)NodeLaneHost.SilenceLimit.TotalMilliseconds; // a coordinator that stops reading is as silent as one that stops writing
            using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => _credentials.Admits(certificate));
            try
            {
                using var handshake = new CancellationTokenSource(NodeLaneHost.SilenceLimit); // a peer that connects and never completes the handshake
                tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _credentials.Certificate,
                        ClientCertificateRequired = true,
                        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                    },
                    handshake.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                _log($"refused a lane link from {peer}: it did not complete the TLS handshake within {NodeLaneHost.SilenceLimit.TotalSeconds:0} s");
                return;
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                _log($"refused a lane link from {peer}: it does not hold the deployment's certificate ({ex.Message})");
                return;
            }

            _host.Serve(tls, peer);
        }
    }
}
