namespace SwarmHost.Tests;

/// <summary>The test lab itself: two namespaces that reach each other over the veth pair, and nothing left behind.</summary>
[Collection(ClockPeersGroup.Name)]
public sealed class NetworkLabTests
{
    [LabFact]
    public void The_lab_joins_two_namespaces_and_removes_them_and_its_processes()
    {
        string server;
        string client;
        int pid;
        using (var lab = new NetworkLab("lab"))
        {
            (server, client) = (lab.ServerNs, lab.ClientNs);
            var ping = lab.Run(lab.ClientNs, TimeSpan.FromSeconds(10), null, "ping", "-c", "1", "-W", "2", NetworkLab.ServerAddress);
            Assert.True(ping.ExitCode == 0, ping.Output + ping.Error);
            var sleeper = lab.Start(lab.ServerNs, null, "sleep", "600");
            pid = sleeper.Pid;
            Assert.False(sleeper.HasExited);
        }

        var namespaces = ExternalTool.Run("ip", "netns", "list").Output;
        Assert.DoesNotContain(server, namespaces, StringComparison.Ordinal);
        Assert.DoesNotContain(client, namespaces, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"/proc/{pid}") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("sleep", StringComparison.Ordinal), $"process {pid} outlived the lab");
    }
}
