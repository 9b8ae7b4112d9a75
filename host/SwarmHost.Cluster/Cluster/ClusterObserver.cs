using System.Net;
using System.Net.Sockets;
using Akka.Actor;

namespace SwarmHost.Cluster;

/// <summary>
/// Reads a running cluster from outside, without joining it (<c>swarmhost nodes</c>,
/// <c>validate --cluster</c>): asks one member's agent for its <see cref="ClusterReport"/>, over
/// the same mutual TLS as members use — so only a holder of the deployment's credentials can.
/// </summary>
public static class ClusterObserver
{
    /// <summary>The report of the member at <paramref name="member"/>.</summary>
    /// <exception cref="InvalidOperationException">No answer within <paramref name="timeout"/>: the message names the member and the likely causes.</exception>
    public static async Task<ClusterReport> QueryAsync(ClusterEndpoint member, DeploymentCredentials credentials, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(member);
        var options = new ClusterOptions(new ClusterEndpoint(LocalAddressTowards(member), 0), [member], [], credentials);

        // Akka writes a few warnings straight to the console (its standard-out logger, whatever the configuration says) on a busy
        // machine; stdout carries the command's results (JSON for --json), so while this system lives the console's stdout is stderr
        var results = Console.Out;
        Console.SetOut(Console.Error);
        var system = ActorSystem.Create(ClusterOptions.SystemName, ClusterConfig.For(options, member: false));
        try
        {
            var agent = system.ActorSelection(NodeAgent.PathOf(Akka.Actor.Address.Parse(ClusterConfig.Address(member))));
            return await agent.Ask<ClusterReport>(new ClusterReportRequest(), timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException or ActorNotFoundException)
        {
            throw new InvalidOperationException($"no SwarmHost member answered at {member} within {timeout.TotalSeconds:0.#} s: is a node running there, reachable from here, and holding the same credentials?", ex);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
            Console.SetOut(results);
        }
    }

    /// <summary>This machine's address on the route to <paramref name="member"/> (loopback for a loopback member).</summary>
    private static string LocalAddressTowards(ClusterEndpoint member)
    {
        if (member.IsLoopback)
        {
            return "127.0.0.1";
        }

        try
        {
            var target = Dns.GetHostAddresses(member.Host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(target, member.Port); // no packet is sent: this only picks the route
            return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
        }
        catch (Exception ex) when (ex is SocketException or InvalidOperationException)
        {
            throw new InvalidOperationException($"no route to the cluster member {member}: {ex.Message}", ex);
        }
    }
}
