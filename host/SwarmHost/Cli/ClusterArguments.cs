using System.CommandLine;
using SwarmHost.Cluster;

namespace SwarmHost.Cli;

/// <summary>The options the cluster commands share: where the deployment's credentials are, and how cluster addresses are read.</summary>
internal static class ClusterArguments
{
    /// <summary><c>--credentials DIR</c>.</summary>
    public static Option<string> CredentialsOption() => new("--credentials")
    {
        Description = $"The folder with the deployment's credentials (cluster.crt, cluster.key, media.key; `swarmhost credentials new` makes one); default: ${DeploymentCredentials.EnvironmentVariable}. The secrets themselves never go on a command line.",
        HelpName = "dir",
    };

    /// <summary>The credentials named by <paramref name="option"/> or the environment; writes the problem and returns <c>null</c> when there are none or they cannot be used.</summary>
    public static DeploymentCredentials? Load(string? option, TextWriter error)
    {
        if (DeploymentCredentials.FolderFrom(option) is not { } folder)
        {
            error.WriteLine($"error: no deployment credentials: give --credentials <dir> or set {DeploymentCredentials.EnvironmentVariable}; `swarmhost credentials new <dir>` makes a set (copy the same set to every node)");
            return null;
        }

        try
        {
            return DeploymentCredentials.Load(folder);
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return null;
        }
    }

    /// <summary>Reads <c>host:port</c> values; every malformed one goes into <paramref name="problems"/> with its option's name.</summary>
    public static List<ClusterEndpoint> Endpoints(string option, IEnumerable<string> values, List<string> problems, bool allowAnyPort = false)
    {
        var endpoints = new List<ClusterEndpoint>();
        foreach (var value in values)
        {
            try
            {
                endpoints.Add(ClusterEndpoint.Parse(value, allowAnyPort));
            }
            catch (FormatException ex)
            {
                problems.Add($"{option}: {ex.Message}");
            }
        }

        return endpoints;
    }
}
