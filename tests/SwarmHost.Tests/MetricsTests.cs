using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SwarmHost.Tests;

/// <summary><c>swarmhost run --metrics</c>: a Prometheus scrape endpoint serving the swarm's metrics while the run lasts.</summary>
[Collection(MediaTestGroup.Name)]
public sealed class MetricsTests
{
    private static readonly string[] Encoders = ["fast", "main", "lean"];

    [Fact]
    public async Task A_run_with_metrics_serves_frame_counts_and_encoder_weights()
    {
        var folder = Directory.CreateTempSubdirectory("swarm-metrics-").FullName;
        var manifest = SwarmRuns.Manifest(folder, "lavfi:testsrc2=size=640x360:rate=20");
        var port = FreePort();
        using var process = ExternalTool.Start("dotnet", Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "run", manifest, "--realtime", "--frames", "120",
            "--summary", Path.Combine(folder, "summary.json"), "--metrics", $"http://127.0.0.1:{port}/");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var scraped = "";
            var until = DateTime.UtcNow.AddSeconds(60); // start-up on a loaded machine can take many seconds; frames then flow for six
            while (DateTime.UtcNow < until && !process.HasExited)
            {
                try
                {
                    var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
                    if (FramesIn(body) > 0 && Encoders.All(id => body.Contains($"swarmhost_encoder_weight{{encoder=\"{id}\"}}", StringComparison.Ordinal)))
                    {
                        scraped = body;
                        break;
                    }

                    scraped = body;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException)
                {
                    // slow to answer
                }

                await Task.Delay(250);
            }

            Assert.True(FramesIn(scraped) > 0, $"no frames-in counter > 0 scraped within 60 s; last body: {scraped}");
            foreach (var id in Encoders)
            {
                Assert.Contains($"swarmhost_encoder_weight{{encoder=\"{id}\"}}", scraped, StringComparison.Ordinal);
            }

            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the run did not end");
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await error}");
            await output;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static double FramesIn(string body)
    {
        var match = Regex.Match(body, @"^swarmhost_frames_in (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
