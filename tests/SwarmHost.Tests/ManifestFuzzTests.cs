using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SwarmHost.Cli;
using Xunit.Abstractions;

namespace SwarmHost.Tests;

/// <summary>
/// Seeded mutants of the repository's real manifests through the real command line: every one
/// gives exit 0, or exit 2 with a located message — never a crash, a raw exception or a hang.
/// </summary>
public sealed class ManifestFuzzTests(ITestOutputHelper log) : IDisposable
{
    private const int Seed = 1616;
    private const int MutantsPerManifest = 60;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly string[] Unicode = ["é漢字🎥", "\u202Eevil", "\uFEFFbom", "a\u0301", "ｌａｖｆｉ:testsrc2"];
    private static readonly string[] Extremes = ["1e400", "-1e400", "1e308", "-1", "0", "-0", "2147483648", "9223372036854775808", "1e-400", "0.5", "99999999999999999999999", "-5"];
    private static readonly string[] Kinds = ["delete", "type", "extreme", "long", "duplicate", "unicode", "nesting", "huge", "nul", "top-level", "truncate", "bytes"];
    private static readonly string[] Policies = ["seed", "reactive", "predictive"];
    private static readonly string[] Optional = ["summary", "events", "report", "analyzers", "weighting"];
    private readonly string _folder = Directory.CreateTempSubdirectory("swarmhost-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<string> Originals() =>
        [Path.Combine(TestPaths.RepoRoot, "host", "SwarmHost", "Demo", "demo-swarm.json"), .. Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "scenarios"), "*.json").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Every_mutant_is_valid_or_refused_with_a_located_message()
    {
        var random = new Random(Seed);
        var tallies = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var (mutants, valid, refused) = (0, 0, 0);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var original in Originals())
        {
            var text = File.ReadAllText(original);
            for (var i = 0; i < MutantsPerManifest; i++)
            {
                var (kind, mutant) = Mutate(text, random);
                var file = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(original)}-{i}.json");
                File.WriteAllText(file, mutant);
                var started = Stopwatch.GetTimestamp();
                var run = Task.Run(() => ValidationCliTests.Run("validate", file, "--plugins", TestPaths.ShippedPlugins));
                var (code, output, error) = await run.WaitAsync(Limit);
                mutants++;
                tallies[kind] = tallies.GetValueOrDefault(kind) + 1;
                var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (code == ExitCodes.Success)
                {
                    valid++;
                }
                else if (code == ExitCodes.InvalidInput && lines.Length >= 2 && lines[..^1].All(l => l.StartsWith('$')) && lines[^1].Contains("problem(s)", StringComparison.Ordinal)
                         && !lines[^1].Contains(" 0 problem(s)", StringComparison.Ordinal))
                {
                    refused++;
                }
                else
                {
                    failures.Add($"{kind} mutant {i} of {Path.GetFileName(original)}: exit {code}, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s\n{output}{error}\n--- mutant (first 400 chars):\n{mutant[..Math.Min(400, mutant.Length)]}");
                    File.Copy(file, Path.Combine(Path.GetTempPath(), $"swarmhost-fuzz-failure-{kind}-{i}.json"), overwrite: true);
                }

                Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
            }
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mutants {mutants}: exit 0 {valid}, exit 2 {refused}, other {failures.Count}; {clock.Elapsed.TotalSeconds:F1} s (seed {Seed})"));
        log.WriteLine("by kind: " + string.Join(", ", tallies.Select(t => $"{t.Key} {t.Value}")));
        Assert.True(mutants >= 300, $"only {mutants} mutants");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
    }

    [Fact]
    public void Valid_mutants_run_as_validated()
    {
        var random = new Random(Seed + 1);
        var text = File.ReadAllText(Originals()[0]);
        var ran = 0;
        for (var i = 0; i < 40 && ran < 3; i++)
        {
            var root = JsonNode.Parse(text)!;
            MutateWithinRange(root, random);
            var file = Path.Combine(_folder, $"valid-{i}.json");
            File.WriteAllText(file, root.ToJsonString());
            if (ValidationCliTests.Run("validate", file, "--plugins", TestPaths.ShippedPlugins).Code != ExitCodes.Success)
            {
                continue;
            }

            var (code, output, error) = ValidationCliTests.Run("run", file, "--plugins", TestPaths.ShippedPlugins, "--frames", "10", "--quiet");
            log.WriteLine($"valid mutant {i}: run exit {code}");
            Assert.True(code == ExitCodes.Success || (code == ExitCodes.InvalidInput && !output.Contains("frames in", StringComparison.Ordinal)), $"exit {code}\n{output}\n{error}\n{root.ToJsonString()}");
            ran++;
        }

        Assert.Equal(3, ran);
    }

    private static void MutateWithinRange(JsonNode root, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                root["profile"]!["gop"] = random.Next(1, 200);
                break;
            case 1:
                root["weighting"] = new JsonObject { ["policy"] = Policies[random.Next(3)], ["weightAdjustmentRate"] = Math.Round(random.NextDouble(), 3) + 0.001 };
                break;
            case 2:
                root.AsObject().Remove(Optional[random.Next(5)]);
                break;
            default:
                root["health"] = new JsonObject { ["ssimEvery"] = random.Next(0, 10), ["failAfterMisses"] = random.Next(1, 100) };
                break;
        }
    }

    private static (string Kind, string Text) Mutate(string text, Random random)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var root = JsonNode.Parse(text, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var (parent, key) = PickProperty(root, random);
        switch (kind)
        {
            case "delete":
                Remove(parent, key);
                return (kind, root.ToJsonString());
            case "type":
                Set(parent, key, new JsonNode?[] { "640", 640, true, null, new JsonArray(), new JsonObject(), 1.5, "" }[random.Next(8)]);
                return (kind, root.ToJsonString());
            case "extreme":
                const string Marker = "\"@extreme@\"";
                Set(parent, key, "@extreme@");
                var number = Extremes[random.Next(Extremes.Length)];
                return (kind, root.ToJsonString().Replace(Marker, number, StringComparison.Ordinal));
            case "long":
                Set(parent, key, new string((char)random.Next('a', 'z' + 1), random.Next(1_000, 200_000)));
                return (kind, root.ToJsonString());
            case "duplicate":
                var json = root.ToJsonString();
                var at = json.IndexOf('{', random.Next(json.Length / 2));
                return (kind, at < 0 ? json : json.Insert(at + 1, $"\"{key}\": 0, \"{key}\": 1,"));
            case "unicode":
                Set(parent, key, Unicode[random.Next(Unicode.Length)]);
                var unicode = root.ToJsonString();
                return (kind, random.Next(2) == 0 ? unicode : unicode.Replace("\"source\"", "\"\\ud800source\"", StringComparison.Ordinal));
            case "nesting":
                var depth = random.Next(2) == 0 ? 60 : 5_000;
                Set(parent, key, "@nest@");
                return (kind, root.ToJsonString().Replace("\"@nest@\"", new string('[', depth) + new string(']', depth), StringComparison.Ordinal));
            case "huge":
                Set(parent, key, new string('x', (1 << 20) + random.Next(1, 1 << 20)));
                return (kind, root.ToJsonString());
            case "nul":
                Set(parent, key, "a\0b");
                return (kind, root.ToJsonString());
            case "top-level":
                return (kind, new[] { "null", "[]", "42", "\"swarm\"", "true", "", "   ", "[" + text + "]" }[random.Next(8)]);
            case "truncate":
                return (kind, text[..random.Next(text.Length)]);
            default:
                var bytes = Encoding.UTF8.GetBytes(text);
                for (var i = 0; i < 1 + random.Next(8); i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (kind, Encoding.UTF8.GetString(bytes));
        }
    }

    private static (JsonNode Parent, string Key) PickProperty(JsonNode root, Random random)
    {
        var candidates = new List<(JsonNode, string)>();
        void Walk(JsonNode node)
        {
            if (node is JsonObject o)
            {
                foreach (var (name, value) in o.ToList())
                {
                    candidates.Add((o, name));
                    if (value is not null)
                    {
                        Walk(value);
                    }
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    candidates.Add((a, i.ToString(CultureInfo.InvariantCulture)));
                    if (a[i] is { } item)
                    {
                        Walk(item);
                    }
                }
            }
        }

        Walk(root);
        return candidates[random.Next(candidates.Count)];
    }

    private static void Set(JsonNode parent, string key, JsonNode? value)
    {
        if (parent is JsonArray array)
        {
            array[int.Parse(key, CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[key] = value;
        }
    }

    private static void Remove(JsonNode parent, string key)
    {
        if (parent is JsonArray array)
        {
            array.RemoveAt(int.Parse(key, CultureInfo.InvariantCulture));
        }
        else
        {
            parent.AsObject().Remove(key);
        }
    }
}
