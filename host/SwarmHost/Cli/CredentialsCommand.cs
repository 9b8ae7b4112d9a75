using System.CommandLine;
using SwarmHost.Cluster;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost credentials new &lt;dir&gt;</c>: makes a deployment's credentials.</summary>
public static class CredentialsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var folder = new Argument<string>("dir") { Description = "A new folder for the credentials (created with mode 0700)." };
        var deployment = new Option<string>("--deployment") { Description = "A name for the deployment, written into the certificate's subject.", DefaultValueFactory = _ => Environment.MachineName, HelpName = "name" };
        var create = new Command("new", """
            Make a fresh set of deployment credentials: a certificate and its key (cluster.crt,
            cluster.key) that every node presents and requires of its peers (mutual TLS on the
            cluster transport), and an SRT passphrase (media.key) that encrypts media between nodes.
            Files are 0600 in a 0700 folder. Copy the same folder to every machine of the deployment
            and give it to `swarmhost node` and `swarmhost run` with --credentials (or
            $SWARMHOST_CREDENTIALS). Anyone holding it can join the cluster: keep it like a key.

            Example:
              swarmhost credentials new /etc/swarmhost/credentials --deployment studio-a
            """)
        {
            folder, deployment,
        };
        create.SetAction(parse =>
        {
            var path = parse.GetValue(folder)!;
            try
            {
                var made = DeploymentCredentials.Create(path, parse.GetValue(deployment)!);
                context.Output.WriteLine($"credentials written to {made.Folder} (certificate {made.Certificate.Subject}, SHA-256 {made.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)})");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
        });
        return new Command("credentials", "Manage the deployment's credentials (cluster TLS certificate, SRT passphrase).") { create };
    }
}
