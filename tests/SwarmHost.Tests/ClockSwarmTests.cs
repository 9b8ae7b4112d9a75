using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmHost.Tests;

/// <summary>A swarm stamped by a network clock whose source goes silent mid-run: an event, holdover, and no frame lost.</summary>
[Collection(ClockPeersGroup.Name)]
public sealed class ClockSwarmTests
{
    [LabFact]
    public void A_swarm_on_the_ntp_clock_goes_on_through_holdover_when_the_server_stops()
    {
        using var lab = new NetworkLab("swarm");
        var config = lab.WriteFile("chrony.conf", $"""
            port 123
            bindaddress {NetworkLab.ServerAddress}
            allow 192.0.2.0/24
            local stratum 8
            cmdport 0
            bindcmdaddress /
            pidfile {Path.Combine(lab.Folder, "chronyd.pid")}
            """);
        var chronyd = lab.Start(lab.ServerNs, null, "chronyd", "-d", "-x", "-u", "root", "-f", config);
        var manifest = SwarmRuns.Manifest(lab.Folder, "lavfi:testsrc2=size=640x360:rate=20");
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        json["clock"] = new JsonObject { ["plugin"] = "ntp", ["options"] = new JsonObject { ["servers"] = NetworkLab.ServerAddress, ["pollMs"] = 200, ["holdoverAfterMs"] = 1500 } };
        File.WriteAllText(manifest, json.ToJsonString());
        var summaryPath = Path.Combine(lab.Folder, "summary.json");
        var eventsPath = Path.Combine(lab.Folder, "events.jsonl");

        var reportPath = Path.Combine(lab.Folder, "report.html");

        var run = Task.Run(() => lab.Swarmhost(lab.ClientNs, null, "run", manifest, "--realtime", "--frames", "300", "--summary", summaryPath, "--events", eventsPath, "--report", reportPath, "--metrics", $"http://127.0.0.1:{MetricsPort}/"));
        // waits for the clock's synchronised state rather than a time (a loaded machine starts the run slowly); 15 s of
        // input leave room for the 1.5 s holdover rule after the server stops
        var scraped = ScrapeWhileSynchronised(lab, TimeSpan.FromSeconds(30));
        chronyd.Stop();
        var result = run.GetAwaiter().GetResult();

        // the metrics carried the network clock while it was synchronised: its source and an offset of this machine's own clock (microseconds)
        var offset = System.Text.RegularExpressions.Regex.Match(scraped, @"swarmhost_clock_offset_ns\{clock=""(?<source>[^""]+)""\} (?<value>-?[0-9.e+]+)");
        Assert.True(offset.Success, $"no clock offset in the scrape: {scraped}");
        Assert.StartsWith(NetworkLab.ServerAddress, offset.Groups["source"].Value, StringComparison.Ordinal);
        Assert.InRange(Math.Abs(double.Parse(offset.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)), 0, 5_000_000);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        var root = summary.RootElement;
        Assert.Equal(300, root.GetProperty("framesIn").GetInt64());
        Assert.Equal(0, root.GetProperty("lostFrames").GetInt64());
        var transitions = root.GetProperty("clockTransitions").EnumerateArray().Select(t => t.GetProperty("to").GetString()).ToList();
        Assert.Contains("Holdover", transitions);
        Assert.Contains("ntp", root.GetProperty("clock").GetString(), StringComparison.Ordinal);
        var events = File.ReadLines(eventsPath).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        var atStart = events.Single(e => e.GetProperty("type").GetString() == "run-start").GetProperty("clock").GetString()!;
        Assert.True(atStart.Contains("Synchronised", StringComparison.Ordinal) || transitions.Contains("Synchronised"), $"never synchronised: at start {atStart}, then {string.Join(", ", transitions)}");
        var holdover = events.Single(e => e.GetProperty("type").GetString() == "clock-state" && e.GetProperty("state").GetString() == "Holdover");
        Assert.Equal(NetworkLab.ServerAddress, holdover.GetProperty("source").GetString()!.Split(':')[0]);
        Assert.InRange(holdover.GetProperty("seq").GetInt64(), 1, 299);
        Assert.Contains("clock changes:", result.Output, StringComparison.Ordinal);

        // the report lists the holdover among the events it marks on the weights plot
        Assert.Contains("→ Holdover", File.ReadAllText(reportPath), StringComparison.Ordinal);
    }

    private const int MetricsPort = 9477;

    /// <summary>Scrapes the run's metrics from inside the client namespace (bash's /dev/tcp: no HTTP client needed there) until the clock shows synchronised, for <paramref name="within"/> at most; returns the last body.</summary>
    private static string ScrapeWhileSynchronised(NetworkLab lab, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var body = "";
        while (DateTime.UtcNow < deadline)
        {
            Thread.Sleep(250);
            body = lab.Run(lab.ClientNs, TimeSpan.FromSeconds(5), null, "bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{MetricsPort} && printf 'GET /metrics HTTP/1.0\\r\\nHost: 127.0.0.1:{MetricsPort}\\r\\n\\r\\n' >&3 && cat <&3").Output;
            if (System.Text.RegularExpressions.Regex.IsMatch(body, @"swarmhost_clock_synchronised\{[^}]*\} 1\b") && body.Contains("swarmhost_clock_offset_ns{", StringComparison.Ordinal))
            {
                break;
            }
        }

        return body;
    }
}
