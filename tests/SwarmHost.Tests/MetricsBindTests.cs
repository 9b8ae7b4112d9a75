using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace SwarmHost.Tests;

/// <summary>
/// Where <c>--metrics</c> listens: loopback unless asked; every interface only with
/// <c>--metrics-bind-any</c>; a taken port said to be taken.
/// </summary>
[Collection(MediaTestGroup.Name)]
public sealed class MetricsBindTests
{
    [Fact]
    public void Every_interface_without_the_flag_is_refused_before_anything_runs()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-metrics-bind-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20");

        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "20", "--metrics", $"http://0.0.0.0:{FreePort()}/");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("serves on every interface", result.Error, StringComparison.Ordinal);
        Assert.Contains("--metrics-bind-any", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "program.ts")));
    }

    [Fact]
    public async Task With_bind_any_the_metrics_are_served_on_every_interface()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-metrics-any-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20");
        var port = FreePort();
        using var process = ExternalTool.Start("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--realtime", "--frames", "400", "--quiet",
            "--metrics", $"http://0.0.0.0:{port}/", "--metrics-bind-any");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            // loopback, and an address of another interface when the machine has one
            var addresses = new List<IPAddress> { IPAddress.Loopback };
            addresses.AddRange(NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
                .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).Take(1));
            foreach (var address in addresses)
            {
                var body = await Scrape(new Uri($"http://{address}:{port}/metrics"), process);
                Assert.True(body.Contains("swarmhost_frames_in", StringComparison.Ordinal), $"no metrics at {address}:{port} within 60 s; stderr: {(process.HasExited ? await error : "(running)")}");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        Assert.Contains("served on every interface", await error, StringComparison.Ordinal);
        await output;
    }

    [Fact]
    public void A_taken_port_is_reported_as_taken()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-metrics-taken-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = ExternalTool.Run("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--frames", "20", "--metrics", $"http://127.0.0.1:{port}/");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Port {port} is taken: choose a free port", result.Error, StringComparison.Ordinal);
    }

    private static async Task<string> Scrape(Uri uri, System.Diagnostics.Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                last = await http.GetStringAsync(uri);
                if (last.Contains("swarmhost_frames_in", StringComparison.Ordinal))
                {
                    return last; // the swarm's own figures, not only the exporter's
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or slow under load
            }

            await Task.Delay(250);
        }

        return last;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
