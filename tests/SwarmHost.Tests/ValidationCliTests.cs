using System.Text.Json;
using System.Text.Json.Nodes;
using SwarmHost.Cli;

namespace SwarmHost.Tests;

/// <summary>Validation refuses what the run would refuse, with a located message and exit 2, through the real command line.</summary>
public sealed class ValidationCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swarmhost-validation-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SwarmHostCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Demo => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "host", "SwarmHost", "Demo", "demo-swarm.json"));

    private string WriteText(string text, string name = "swarm.json")
    {
        var file = Path.Combine(_folder, name);
        File.WriteAllText(file, text);
        return file;
    }

    private string WriteDemo(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(Demo)!;
        change(root);
        return WriteText(root.ToJsonString());
    }

    private static (int Code, string Out, string Err) Validate(string file, params string[] more) =>
        Run(["validate", file, "--plugins", TestPaths.ShippedPlugins, .. more]);

    private static void AssertProblem((int Code, string Out, string Err) result, string path, string fragment)
    {
        Assert.Equal(ExitCodes.InvalidInput, result.Code);
        var line = Assert.Single(result.Out.Split('\n'), l => l.StartsWith(path + ": ", StringComparison.Ordinal) && l.Contains(fragment, StringComparison.Ordinal));
        Assert.DoesNotContain("0 problem(s)", result.Out, StringComparison.Ordinal);
        Assert.NotNull(line);
    }

    [Fact]
    public void The_demo_manifest_is_valid()
    {
        var (code, output, _) = Validate(WriteText(Demo));

        Assert.True(code == ExitCodes.Success, output);
    }

    [Fact]
    public void A_duplicate_key_is_a_problem_at_its_json_path()
    {
        var text = Demo.Replace("\"gop\": 30", "\"gop\": 30, \"gop\": 0", StringComparison.Ordinal);
        Assert.NotEqual(Demo, text);

        AssertProblem(Validate(WriteText(text)), "$.profile.gop", "duplicate key 'gop'");
    }

    [Theory]
    [InlineData("frameRate", "\"1000000000/1\"", "$.profile.frameRate", "not a frame rate")]
    [InlineData("frameRate", "\"30/0\"", "$.profile.frameRate", "not a frame rate")]
    [InlineData("frameRate", "\"5000/1\"", "$.profile.frameRate", "outside 1..1000")]
    [InlineData("width", "\"640\"", "$.profile.width", "string")]
    [InlineData("width", "null", "$.profile.width", "null is not a value here")]
    [InlineData("width", "8192", "$.profile", "more than the 35,389,440 of 8192x4320")]
    [InlineData("gop", "30.0", null, null)]
    public void Profile_values_are_checked_where_they_are(string property, string json, string? path, string? fragment)
    {
        var file = WriteDemo(root => root["profile"]![property] = JsonNode.Parse(json));
        if (property == "width" && json == "8192")
        {
            file = WriteDemo(root => (root["profile"]!["width"], root["profile"]!["height"]) = (8192, 8192));
        }

        var result = Validate(file);
        if (path is null)
        {
            Assert.True(result.Code == ExitCodes.Success, result.Out);
            return;
        }

        AssertProblem(result, path, fragment!);
    }

    [Theory]
    [InlineData("null", "found null")]
    [InlineData("[]", "found an array")]
    [InlineData("42", "found a number")]
    [InlineData("\"swarm\"", "found a string")]
    public void A_top_level_that_is_not_an_object_is_a_located_problem(string text, string fragment) =>
        AssertProblem(Validate(WriteText(text)), "$", fragment);

    [Fact]
    public void A_nul_character_in_a_path_is_a_problem_at_its_json_path()
    {
        var file = WriteDemo(root => root["output"]!["uri"] = "out/pro\0gram.ts");

        AssertProblem(Validate(file), "$.output.uri", "NUL character");
    }

    [Fact]
    public void A_null_in_component_options_is_a_problem_at_its_json_path()
    {
        var file = WriteDemo(root => root["encoders"]![1]!["options"]!["bitrate"] = null);

        AssertProblem(Validate(file), "$.encoders[1].options.bitrate", "null is not a value here");
    }

    [Fact]
    public void A_manifest_must_be_a_regular_file_of_at_most_one_mebibyte()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "a-folder")).FullName;
        var fifo = Path.Combine(_folder, "pipe.json");
        Assert.Equal(0, ExternalTool.Run("mkfifo", fifo).ExitCode);
        var big = WriteText(Demo.TrimEnd().TrimEnd('}') + new string(' ', 2 << 20) + "}", "big.json");

        AssertProblem(Validate("/dev/zero"), "$", "is a device");
        AssertProblem(Validate(folder), "$", "is a folder");
        var started = DateTime.UtcNow;
        AssertProblem(Validate(fifo), "$", "named pipe (FIFO)");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "a FIFO must not be opened");
        AssertProblem(Validate(big), "$", "at most 1,048,576 bytes");
    }

    [Theory]
    [InlineData("run", "0")]
    [InlineData("run", "-5")]
    [InlineData("demo", "0")]
    [InlineData("compare", "-5")]
    [InlineData("analyze", "0")]
    [InlineData("encode", "-5")]
    [InlineData("bench", "0")]
    public void Frames_below_one_are_bad_usage_before_anything_runs(string command, string frames)
    {
        var file = WriteText(Demo);
        var outFolder = Path.Combine(_folder, "demo-out");
        string[] args = command switch
        {
            "run" or "compare" => [command, file, "--frames", frames],
            "demo" => [command, "--out", outFolder, "--frames", frames],
            "analyze" => [command, "lavfi:testsrc2=size=64x64:rate=10", "--frames", frames],
            "encode" => [command, "-i", "lavfi:testsrc2=size=64x64:rate=10", "-o", Path.Combine(_folder, "x.ts"), "--frames", frames],
            _ => [command, "encoders", "--frames", frames],
        };

        var (code, _, error) = Run(args);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--frames must be at least 1", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outFolder), "nothing may run");
        Assert.False(File.Exists(Path.Combine(_folder, "x.ts")), "nothing may run");
    }

    [Fact]
    public void A_lavfi_source_with_a_library_loading_filter_is_refused_unless_allowed()
    {
        const string Graph = "lavfi:testsrc2=size=64x64:rate=10,ladspa=file=/tmp/evil.so";
        var file = WriteDemo(root => root["source"]!["uri"] = Graph);

        var refused = Validate(file);
        AssertProblem(refused, "$.source.uri", "'ladspa'");
        Assert.Contains("--allow-filter ladspa", refused.Out, StringComparison.Ordinal);
        var allowed = Validate(file, "--allow-filter", "ladspa");
        Assert.Equal(ExitCodes.Success, allowed.Code);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("analyze")]
    [InlineData("encode")]
    [InlineData("bench")]
    public void Every_command_that_opens_an_input_refuses_a_filter_not_allowed(string command)
    {
        const string Graph = "lavfi:movie=/etc/passwd";
        string[] args = command switch
        {
            "run" => [command, WriteText(Demo), "--input", Graph, "--plugins", TestPaths.ShippedPlugins, "--quiet"],
            "analyze" => [command, Graph, "--plugins", TestPaths.ShippedPlugins],
            "encode" => [command, "-i", Graph, "-o", Path.Combine(_folder, "x.ts"), "--plugins", TestPaths.ShippedPlugins],
            _ => [command, "encoders", "--input", Graph, "--plugins", TestPaths.ShippedPlugins],
        };

        var (code, output, error) = Run(args);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("'movie'", output + error, StringComparison.Ordinal);
        Assert.Contains("--allow-filter movie", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_alone_cannot_name_a_plugin_root_outside_its_folder()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        var manifestFolder = Directory.CreateDirectory(Path.Combine(_folder, "manifest")).FullName;
        var link = Path.Combine(manifestFolder, "linked-plugins");
        Directory.CreateSymbolicLink(link, elsewhere);
        var root = JsonNode.Parse(Demo)!;
        root["plugins"] = new JsonArray(elsewhere);
        var absolute = Path.Combine(manifestFolder, "absolute.json");
        File.WriteAllText(absolute, root.ToJsonString());
        root["plugins"] = new JsonArray("linked-plugins");
        var linked = Path.Combine(manifestFolder, "linked.json");
        File.WriteAllText(linked, root.ToJsonString());

        var refused = Run("validate", absolute);
        AssertProblem(refused, "$.plugins[0]", "outside the manifest's folder");
        Assert.Contains($"--allow-plugin-root {elsewhere}", refused.Out, StringComparison.Ordinal);
        AssertProblem(Run("validate", linked), "$.plugins[0]", "outside the manifest's folder");
        var allowed = Run("validate", absolute, "--allow-plugin-root", elsewhere);
        Assert.DoesNotContain("$.plugins[0]", allowed.Out, StringComparison.Ordinal); // the folder is empty: components are missing, the root is accepted
    }

    [Fact]
    public void Two_packages_claiming_one_id_are_both_reported_and_neither_is_used()
    {
        using var root = new PluginRootBuilder().WithShippedPackage("SwarmHost.Clocks.System").WithShippedPackage("SwarmHost.Clocks.System", asName: "Aaa.Clocks.System");
        var file = WriteDemo(manifest => manifest["clock"] = new JsonObject { ["plugin"] = "system" });

        var (code, output, _) = Run("plugins", "--json", "--plugins", root.Root);
        var validation = Run("validate", file, "--plugins", root.Root);

        Assert.Equal(ExitCodes.Success, code);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().Where(r => r.GetProperty("id").GetString() == "system").ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("Malfunctioned", r.GetProperty("status").GetString());
            Assert.Contains(Path.Combine(root.Root, "Aaa.Clocks.System"), r.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains(Path.Combine(root.Root, "SwarmHost.Clocks.System"), r.GetProperty("reason").GetString(), StringComparison.Ordinal);
        });
        AssertProblem(validation, "$.clock.plugin", "claimed by 2 packages");
    }
}
