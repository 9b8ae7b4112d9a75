using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;

namespace SwarmHost.Cluster;

/// <summary>
/// The Akka configuration of a SwarmHost member: the cluster provider on the DotNetty TCP transport
/// with mutual TLS pinned to the deployment's certificate (a peer presenting any other certificate,
/// or none, is refused at the handshake), the failure detector and split-brain resolver tuned for
/// a swarm, and Akka's log on stderr. Video never travels here.
/// </summary>
internal static class ClusterConfig
{
    /// <summary>The setup a member's actor system is created with; with <paramref name="member"/> false, of a system that only talks to members (<c>swarmhost nodes</c>) without joining.</summary>
    public static ActorSystemSetup For(ClusterOptions options, bool member = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var self = Address(options.Listen);
        var seeds = options.Seeds.Count == 0 ? [self] : options.Seeds.Select(Address).ToList();
        var hocon = $$"""
            akka {
              loggers = ["SwarmHost.Cluster.StderrLogger, SwarmHost.Cluster"]
              loglevel = WARNING
              stdout-loglevel = OFF
              logger-startup-timeout = 30s
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor {
                provider = {{(member ? "cluster" : "remote")}}
                serializers.swarmhost = "SwarmHost.Cluster.ClusterSerializer, SwarmHost.Cluster"
                serialization-bindings { "SwarmHost.Cluster.IClusterMessage, SwarmHost.Cluster" = swarmhost }
              }
              remote {
                log-remote-lifecycle-events = off
                dot-netty.tcp {
                  hostname = "{{options.Listen.Host}}"
                  port = {{options.Listen.Port.ToString(CultureInfo.InvariantCulture)}}
                  enable-ssl = true
                }
              }
              cluster {
                seed-nodes = [{{string.Join(", ", seeds.Select(s => $"\"{s}\""))}}]
                roles = [{{string.Join(", ", options.Roles.Select(r => $"\"{r}\""))}}]
                log-info = off
                failure-detector {
                  heartbeat-interval = 1s
                  acceptable-heartbeat-pause = {{Seconds(options.AcceptableHeartbeatPause)}}
                }
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = {{Seconds(options.StableAfter)}}
                }
                run-coordinated-shutdown-when-down = on
              }
              coordinated-shutdown {
                run-by-clr-shutdown-hook = off
                exit-clr = off
              }
            }
            """;
        var tls = new DotNettySslSetup(options.Credentials.Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false,
            customValidator: CertificateValidation.PinnedCertificate([options.Credentials.Certificate.Thumbprint]));
        return BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(hocon)).And(tls);
    }

    /// <summary>The Akka address of the member at <paramref name="endpoint"/>.</summary>
    public static string Address(ClusterEndpoint endpoint) => $"akka.ssl.tcp://{ClusterOptions.SystemName}@{endpoint}";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
