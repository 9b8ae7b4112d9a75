using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>
/// The ntp clock component, loaded from artifacts/ through the real plugin loader: against a fake
/// server on loopback (crafted timestamps, bad replies, silence) and against a real chronyd in the
/// network lab (plain, with a known client offset from libfaketime, and unsynchronised).
/// </summary>
[Collection(ClockPeersGroup.Name)]
public sealed class NtpClockTests(ITestOutputHelper output)
{
    private const long Ms = 1_000_000;
    private const string Package = "SwarmHost.Clocks.Ntp";
    private const string LibFakeTime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // an upper limit only: every wait ends as soon as its state is reached

    [Fact]
    public void The_component_describes_its_options()
    {
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        var (factory, _) = Load(root);

        Assert.Equal(ComponentKind.Clock, factory.Descriptor.Kind);
        var options = factory.Descriptor.Options.ToDictionary(o => o.Name);
        Assert.True(options["servers"].Required);
        Assert.Equal(1000L, options["pollMs"].Default);
        Assert.Equal(100, options["pollMs"].Minimum);
        Assert.Equal(8L, options["samples"].Default);
        Assert.Equal(500L, options["timeoutMs"].Default);
        Assert.Equal(500.0, options["maxSlewPpm"].Default);
        Assert.Equal(3L, options["lockSamples"].Default);
        Assert.Contains("holdoverAfterMs", options.Keys);
    }

    [Theory]
    [InlineData(123_456_789L)]
    [InlineData(-500 * Ms)]
    public async Task Offset_and_delay_follow_the_on_wire_formula_and_the_first_lock_steps_onto_the_estimate(long serverAheadNs)
    {
        using var server = new FakeNtpServer(serverAheadNs);
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        using var clock = Create(root, ("servers", server.Address), ("pollMs", 100L));

        await clock.StartAsync(CancellationToken.None);
        var status = WaitFor(clock, ClockState.Synchronised);

        // T2 = T3 = T1 + X, so θ = X − δ/2 to the nanosecond (NTP fractions round-trip exactly).
        Assert.NotNull(status.OffsetNs);
        Assert.NotNull(status.DelayNs);
        Assert.InRange(status.DelayNs.Value, 0, 50 * Ms);
        Assert.InRange(status.OffsetNs.Value + (status.DelayNs.Value / 2) - serverAheadNs, -2, 2);
        Assert.Equal(server.Address, status.Source);
        Assert.NotNull(status.LastUpdate);
        Assert.Contains("stratum 2, refid 192.0.2.99", status.Detail, StringComparison.Ordinal);

        // Nothing read the clock before it locked, so it stepped onto the server's time at once.
        Assert.InRange(clock.NowNs() - WallNs() - serverAheadNs, -2 * Ms, 2 * Ms);
        output.WriteLine($"offset {status.OffsetNs} ns, delay {status.DelayNs} ns: {status.Detail}");
    }

    [Theory]
    [InlineData("Unsynchronised", "the server is not synchronised (leap indicator 3 = alarm, stratum 0)")]
    [InlineData("WrongOrigin", "origin timestamp does not echo our request")]
    [InlineData("KissRate", "kiss-o'-death 'RATE'")]
    [InlineData("WrongMode", "mode 3 reply, not mode 4 (server)")]
    public async Task Bogus_replies_are_rejected_counted_and_named_in_the_detail(string behaviour, string reason)
    {
        using var server = new FakeNtpServer(10 * Ms) { Mode = Enum.Parse<FakeNtpServer.Behaviour>(behaviour) };
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        using var clock = Create(root, ("servers", server.Address), ("pollMs", 100L), ("timeoutMs", 50L));

        await clock.StartAsync(CancellationToken.None);
        WaitUntil(() => server.Requests >= 4, "the clock to poll a few times");
        Thread.Sleep(100);
        var status = clock.Status;

        output.WriteLine(status.Detail);
        Assert.Equal(ClockState.Listening, status.State);
        Assert.Null(status.OffsetNs);
        Assert.Null(status.LastUpdate);
        Assert.Contains($"last rejected reply: {server.Address}: {reason}", status.Detail, StringComparison.Ordinal);
        Assert.Contains("0 good, ", status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 rejected", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lowest_delay_server_is_followed_and_one_that_only_sends_bogus_replies_is_ignored()
    {
        using var slow = new FakeNtpServer(20 * Ms) { ReplyDelay = TimeSpan.FromMilliseconds(30) };
        using var fast = new FakeNtpServer(-7 * Ms);
        using var bogus = new FakeNtpServer(300 * Ms) { Mode = FakeNtpServer.Behaviour.Unsynchronised };
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        using var clock = Create(root, ("servers", $"{slow.Address}, {bogus.Address},{fast.Address}"), ("pollMs", 100L), ("timeoutMs", 200L));

        await clock.StartAsync(CancellationToken.None);
        WaitFor(clock, ClockState.Synchronised);
        Thread.Sleep(300);
        var status = clock.Status;

        output.WriteLine($"{status.Source}: offset {status.OffsetNs} ns, delay {status.DelayNs} ns; {status.Detail}");
        Assert.Equal(fast.Address, status.Source);
        Assert.InRange(status.OffsetNs!.Value + (status.DelayNs!.Value / 2) - (-7 * Ms), -2, 2);
        Assert.Contains($"last rejected reply: {bogus.Address}: the server is not synchronised", status.Detail, StringComparison.Ordinal);
        Assert.True(slow.Requests > 0 && bogus.Requests > 0 && fast.Requests > 0, "every server is polled");
    }

    [Fact]
    public async Task NowNs_never_goes_backwards_and_slews_at_the_bounded_rate_when_the_estimate_jumps_by_100_ms()
    {
        const double slewPpm = 100_000; // 10 %: 100 ms of correction takes 1 s
        using var server = new FakeNtpServer(50 * Ms);
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        using var clock = Create(root, ("servers", server.Address), ("pollMs", 100L), ("samples", 1L), ("timeoutMs", 100L), ("maxSlewPpm", slewPpm));
        await clock.StartAsync(CancellationToken.None);
        WaitFor(clock, ClockState.Synchronised);

        var all = new List<long>();
        var clean = new List<(long ElapsedNs, long Correction)>();
        var watch = Stopwatch.StartNew();
        var phase = 0;
        var maxDelayNs = 0L;
        while (watch.Elapsed < TimeSpan.FromSeconds(4.6))
        {
            if (phase == 0 && watch.Elapsed > TimeSpan.FromSeconds(0.1))
            {
                server.OffsetNs = -50 * Ms;
                phase = 1;
            }
            else if (phase == 1 && watch.Elapsed > TimeSpan.FromSeconds(1.8))
            {
                server.OffsetNs = 50 * Ms;
                phase = 2;
            }

            maxDelayNs = Math.Max(maxDelayNs, clock.Status.DelayNs ?? 0);
            var before = watch.Elapsed;
            var now = clock.NowNs();
            var after = watch.Elapsed;
            all.Add(now);
            if (after - before < TimeSpan.FromMicroseconds(20))
            {
                var elapsedNs = (long)(before.TotalNanoseconds + after.TotalNanoseconds) / 2;
                clean.Add((elapsedNs, now - elapsedNs));
            }

            Thread.Sleep(1);
        }

        for (var i = 1; i < all.Count; i++)
        {
            Assert.True(all[i] >= all[i - 1], $"NowNs went back by {all[i - 1] - all[i]} ns at reading {i}");
        }

        // Over any 100 ms the correction moves by at most 10 % of the time passed (no jump).
        var fastest = 0.0;
        for (int i = 0, j = 0; i < clean.Count; i++)
        {
            while (j < clean.Count && clean[j].ElapsedNs < clean[i].ElapsedNs + (100 * Ms))
            {
                j++;
            }

            if (j == clean.Count)
            {
                break;
            }

            var rate = Math.Abs(clean[j].Correction - clean[i].Correction) / (double)(clean[j].ElapsedNs - clean[i].ElapsedNs);
            fastest = Math.Max(fastest, rate);
            Assert.True(Math.Abs(clean[j].Correction - clean[i].Correction) <= ((clean[j].ElapsedNs - clean[i].ElapsedNs) * slewPpm / 1e6 * 1.02) + 200_000, $"the correction moved {(clean[j].Correction - clean[i].Correction) / 1e6:F3} ms in {(clean[j].ElapsedNs - clean[i].ElapsedNs) / 1e6:F1} ms");
        }

        var start = clean[0].Correction;
        var lowest = clean.Min(c => c.Correction) - start;
        var end = clean[^1].Correction - start;
        output.WriteLine($"fastest slew {fastest * 1e6:F0} ppm; lowest {lowest / 1e6:F3} ms; end {end / 1e6:F3} ms; largest round trip {maxDelayNs / 1e6:F3} ms; {all.Count} readings");

        // An NTP offset is off by at most half the round trip it was measured over (the asymmetry NTP cannot see): on a
        // quiet machine a few µs, under load milliseconds. The margin is that bound, at least 2 ms.
        var margin = Math.Max(2 * Ms, (maxDelayNs / 2) + (Ms / 2));
        Assert.InRange(lowest, (-100 * Ms) - margin, (-100 * Ms) + margin);
        Assert.InRange(end, -margin, margin);
        Assert.InRange(fastest * 1e6, slewPpm * 0.9, slewPpm * 1.05);
    }

    [Fact]
    public async Task Silence_after_lock_is_holdover_with_time_running_on_and_a_good_reply_recovers()
    {
        using var server = new FakeNtpServer(3 * Ms);
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        using var clock = Create(root, ("servers", server.Address), ("pollMs", 100L), ("timeoutMs", 50L));
        await clock.StartAsync(CancellationToken.None);
        WaitFor(clock, ClockState.Synchronised);

        server.Mode = FakeNtpServer.Behaviour.Silent;
        var holdover = WaitFor(clock, ClockState.Holdover);
        output.WriteLine(holdover.Detail);
        Assert.Contains("holdover: no good reply for", holdover.Detail, StringComparison.Ordinal);
        Assert.Contains($"last error: no reply from {server.Address} within 50 ms", holdover.Detail, StringComparison.Ordinal);
        Assert.NotNull(holdover.OffsetNs); // the last estimate is kept

        // Time keeps running at the local rate: bracket each reading with the stopwatch so a pre-emption cannot fake a gap.
        var watch = Stopwatch.StartNew();
        var (before1, first, after1) = (watch.Elapsed.TotalNanoseconds, clock.NowNs(), watch.Elapsed.TotalNanoseconds);
        Thread.Sleep(300);
        var (before2, second, after2) = (watch.Elapsed.TotalNanoseconds, clock.NowNs(), watch.Elapsed.TotalNanoseconds);
        Assert.InRange(second - first, before2 - after1 - 200_000, after2 - before1 + 200_000);

        server.Mode = FakeNtpServer.Behaviour.Good;
        var recovered = WaitFor(clock, ClockState.Synchronised);
        output.WriteLine(recovered.Detail);
        Assert.True(clock.NowNs() >= second);
    }

    [Theory]
    [InlineData("no-such-host.invalid", "could not be resolved")]
    [InlineData("127.0.0.1:99999", "port '99999', which is not a UDP port")]
    [InlineData("127.0.0.1:ntp", "port 'ntp', which is not a UDP port")]
    [InlineData(" , ", "'servers' option is empty")]
    [InlineData("192.0.2.1,,192.0.2.2", "has an empty entry")]
    public async Task A_server_that_cannot_be_used_fails_the_start_with_a_message_saying_what_to_fix(string servers, string message)
    {
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        using var clock = Create(root, ("servers", servers));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => clock.StartAsync(CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(ClockState.Listening, clock.Status.State);
    }

    [Fact]
    public void A_holdover_shorter_than_one_poll_cycle_is_refused_when_the_clock_is_created()
    {
        using var root = new PluginRootBuilder().WithShippedPackage(Package);

        var error = Assert.Throws<ArgumentException>(() => Create(root, ("servers", "192.0.2.1"), ("holdoverAfterMs", 1500L)));

        Assert.Contains("must be longer than pollMs + burst × timeoutMs (2000)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_stops_polling_at_once_even_while_a_reply_is_awaited()
    {
        using var server = new FakeNtpServer { Mode = FakeNtpServer.Behaviour.Silent };
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        var clock = Create(root, ("servers", server.Address), ("pollMs", 100L), ("timeoutMs", 5000L));
        await clock.StartAsync(CancellationToken.None);
        WaitUntil(() => server.Requests >= 1, "the first request");

        var watch = Stopwatch.StartNew();
        clock.Dispose();
        var took = watch.Elapsed;
        clock.Dispose();
        var requests = server.Requests;
        Thread.Sleep(400);

        Assert.True(took < TimeSpan.FromSeconds(1), $"Dispose took {took.TotalMilliseconds:F0} ms with a 5 s reply timeout pending");
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public void A_clock_that_never_started_disposes_cleanly_and_runs_on_the_local_clock()
    {
        using var root = new PluginRootBuilder().WithShippedPackage(Package);
        var clock = Create(root, ("servers", "192.0.2.1"));

        var first = clock.NowNs();
        Assert.InRange(first - WallNs(), -5 * Ms, 5 * Ms);
        Assert.Equal(ClockState.Listening, clock.Status.State);
        clock.Dispose();
        clock.Dispose();
    }

    [LabFact]
    public void Follows_chronyd_across_the_lab_network_to_within_200_us()
    {
        using var lab = new NetworkLab("ntp");
        StartChronyd(lab, localStratum: true);

        var watch = WatchNtp(lab, null, out var exitCode);

        Report("chronyd local stratum 8", watch);
        Assert.Equal(0, exitCode);
        Assert.Equal("Synchronised", watch.GetProperty("finalState").GetString());
        var median = watch.GetProperty("offsetNs").GetProperty("median").GetDouble();
        Assert.True(Math.Abs(median) < 200_000, $"median offset {median / 1000:F1} µs from a server on the same kernel clock");
    }

    [LabFact]
    public void A_client_shifted_by_libfaketime_measures_the_known_offset_of_minus_500_ms()
    {
        Assert.True(File.Exists(LibFakeTime), $"{LibFakeTime} is missing; scripts/bootstrap.sh installs libfaketime");
        using var lab = new NetworkLab("ntp");
        StartChronyd(lab, localStratum: true);

        // Faking the client's wall clock +0.5 s puts the server 500 ms behind it: θ = server − client = −500 ms.
        var environment = new Dictionary<string, string> { ["LD_PRELOAD"] = LibFakeTime, ["FAKETIME"] = "+0.5" };
        var watch = WatchNtp(lab, environment, out var exitCode);

        Report("client +0.5 s via libfaketime", watch);
        Assert.Equal(0, exitCode);
        Assert.Equal("Synchronised", watch.GetProperty("finalState").GetString());
        var median = watch.GetProperty("offsetNs").GetProperty("median").GetDouble();
        Assert.True(Math.Abs(median - (-500 * Ms)) < 1 * Ms, $"median offset {median / 1e6:F3} ms, expected −500 ms ± 1 ms");
    }

    [LabFact]
    public void An_unsynchronised_chronyd_never_synchronises_the_client_and_the_detail_says_why()
    {
        using var lab = new NetworkLab("ntp");
        StartChronyd(lab, localStratum: false);

        var watch = WatchNtp(lab, null, out var exitCode);

        Report("chronyd without a source", watch);
        Assert.Equal(1, exitCode); // never synchronised
        Assert.Equal(JsonValueKind.Null, watch.GetProperty("lockedAfterMs").ValueKind);
        Assert.NotEqual("Synchronised", watch.GetProperty("finalState").GetString());
        var samples = watch.GetProperty("samples").EnumerateArray().ToList();
        Assert.All(samples, s => Assert.NotEqual("Synchronised", s.GetProperty("state").GetString()));
        var detail = samples[^1].GetProperty("detail").GetString();
        Assert.Contains("the server is not synchronised (leap indicator 3 = alarm, stratum 0)", detail, StringComparison.Ordinal);
    }

    private static (IClockFactory Factory, ComponentContext Context) Load(PluginRootBuilder root)
    {
        var catalog = TestDiscovery.Discover(root.Root);
        Assert.True(catalog.TryGetActive("ntp", out var record), string.Join("; ", catalog.Records.Select(r => $"{r.Package}: {r.Status} {r.Reason}")));
        var factory = Assert.IsAssignableFrom<IClockFactory>(record.Factory);
        return (factory, new ComponentActivator(catalog, NullLoggerFactory.Instance).ContextFor("ntp"));
    }

    private static IClock Create(PluginRootBuilder root, params (string Name, object Value)[] options)
    {
        var (factory, context) = Load(root);
        var values = factory.Descriptor.Options.Where(o => o.Default is not null).ToDictionary(o => o.Name, o => o.Default);
        foreach (var (name, value) in options)
        {
            values[name] = value;
        }

        return factory.Create(new ComponentOptions(values), context);
    }

    private static long WallNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Waits for <paramref name="state"/> reading only Status (never NowNs, which would forbid the first-lock step).</summary>
    private static ClockStatus WaitFor(IClock clock, ClockState state)
    {
        ClockStatus status = clock.Status;
        WaitUntil(() => (status = clock.Status).State == state, $"state {state} (last: {status.State}, {status.Detail})");
        return status;
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Patience, $"timed out after {Patience.TotalSeconds} s waiting for {what}");
            Thread.Sleep(10);
        }
    }

    private static void StartChronyd(NetworkLab lab, bool localStratum)
    {
        var config = lab.WriteFile("chrony.conf", $"""
            port 123
            bindaddress {NetworkLab.ServerAddress}
            allow 192.0.2.0/24
            {(localStratum ? "local stratum 8" : "")}
            cmdport 0
            bindcmdaddress /
            pidfile {Path.Combine(lab.Folder, "chronyd.pid")}
            """);
        var chronyd = lab.Start(lab.ServerNs, null, "chronyd", "-d", "-x", "-u", "root", "-f", config);
        Thread.Sleep(300); // first reply ~90 ms after launch
        Assert.False(chronyd.HasExited, "chronyd exited at once: " + chronyd.Log());
    }

    private static JsonElement WatchNtp(NetworkLab lab, IDictionary<string, string>? environment, out int exitCode)
    {
        var result = lab.Swarmhost(lab.ClientNs, environment, "clock", "ntp", "--option", $"servers={NetworkLab.ServerAddress}", "--option", "pollMs=200", "--seconds", "4", "--json");
        exitCode = result.ExitCode;
        try
        {
            using var json = JsonDocument.Parse(result.Output);
            return json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"swarmhost clock printed no JSON (exit {result.ExitCode}): {e.Message}\n{result.Output}\n{result.Error}");
            throw;
        }
    }

    private void Report(string label, JsonElement watch)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"{label}: final state {watch.GetProperty("finalState").GetString()}, locked after {(watch.GetProperty("lockedAfterMs").ValueKind == JsonValueKind.Number ? watch.GetProperty("lockedAfterMs").GetDouble().ToString("F0", inv) + " ms" : "never")}");
        foreach (var figure in new[] { "offsetNs", "delayNs" })
        {
            if (watch.GetProperty(figure) is { ValueKind: JsonValueKind.Object } spread)
            {
                string Us(string name) => (spread.GetProperty(name).GetDouble() / 1000).ToString("F1", inv);
                output.WriteLine($"  {figure[..^2]}: median {Us("median")} µs, min {Us("min")}, p5 {Us("p5")}, p95 {Us("p95")}, max {Us("max")} µs ({spread.GetProperty("count").GetInt32()} readings)");
            }
        }

        var last = watch.GetProperty("samples").EnumerateArray().LastOrDefault();
        if (last.ValueKind == JsonValueKind.Object)
        {
            output.WriteLine($"  last: {last.GetProperty("state").GetString()} {last.GetProperty("source").GetString()}: {last.GetProperty("detail").GetString()}");
        }
    }
}
