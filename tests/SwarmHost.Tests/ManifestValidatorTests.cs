using SwarmHost.Abstractions;

namespace SwarmHost.Tests;

public sealed class ManifestValidatorTests : IDisposable
{
    private readonly ManifestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void The_valid_manifest_is_valid_with_defaults_applied_and_paths_resolved()
    {
        var result = _workspace.Validate(_workspace.Write());

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var m = result.Manifest!;
        Assert.Equal(["hq", "fast", "mid"], m.Encoders.Select(e => e.InstanceId));
        Assert.Equal(4_000_000L, m.Encoders[0].Spec.Options.GetInt64("bitrate"));
        Assert.Equal(3_000_000L, m.Encoders[1].Spec.Options.GetInt64("bitrate"));
        Assert.Equal("medium", m.Encoders[2].Spec.Options.GetString("preset"));
        Assert.Equal(23.5, m.Encoders[2].Spec.Options.GetDouble("crf"));
        var inner = Assert.IsType<ComponentSpec>(m.Encoders[2].Spec.Options["inner"]);
        Assert.Equal(200_000L, inner.Options.GetInt64("bitrate"));
        Assert.Equal(Path.Combine(_workspace.Folder, "labels.txt"), m.Analyzers[0].Spec.Options.GetString("labels"));
        Assert.Equal("system", m.Clock.Spec.Plugin);
        Assert.Equal(0.0, m.Clock.Spec.Options.GetDouble("offsetMs"));
        Assert.Equal(new Rational(30, 1), m.Profile.FrameRate);
        Assert.Equal(Path.Combine(_workspace.Folder, "out", "program.ts"), m.OutputUri);
        Assert.Equal(0.25, m.Weighting.WeightAdjustmentRate);
        Assert.Equal([_workspace.PluginRoot], m.PluginRoots);
    }

    [Theory]
    [InlineData("/encoders/2", null, "$.encoders", "a swarm needs at least 3 encoders, found 2")]
    [InlineData("/encoders/1/id", "\"hq\"", "$.encoders[1].id", "duplicate encoder id 'hq' (also $.encoders[0])")]
    [InlineData("/encoders/0/id", "\"HQ\"", "$.encoders[0].id", "not a valid id")]
    [InlineData("/encoders/1/plugin", "\"mock-encodr\"", "$.encoders[1].plugin", "did you mean 'mock-encoder'?")]
    [InlineData("/encoders/1/plugin", "\"system\"", "$.encoders[1].plugin", "'system' is a clock component, not an encoder")]
    [InlineData("/combiner/plugin", "\"mock-analyzer\"", "$.combiner.plugin", "is an analyzer component, not a combiner")]
    [InlineData("/clock", "{\"plugin\": \"ptp\"}", "$.clock.plugin", "no clock component 'ptp' is installed")]
    [InlineData("/encoders/0/options/bitrat", "5000000", "$.encoders[0].options.bitrat", "did you mean 'bitrate'?")]
    [InlineData("/encoders/0/options/bitrate", "\"fast\"", "$.encoders[0].options.bitrate", "expected an integer, got the string \"fast\"")]
    [InlineData("/encoders/0/options/bitrate", "\"0.001k\"", "$.encoders[0].options.bitrate", "below the minimum")]
    [InlineData("/encoders/0/options/bitrate", "2.5", "$.encoders[0].options.bitrate", "expected an integer")]
    [InlineData("/encoders/0/options/bitrate", "50", "$.encoders[0].options.bitrate", "below the minimum")]
    [InlineData("/encoders/0/options/preset", "\"ultrafast\"", "$.encoders[0].options.preset", "'ultrafast' is not one of fast, medium, slow")]
    [InlineData("/encoders/0/options/lowLatency", "1", "$.encoders[0].options.lowLatency", "expected true or false")]
    [InlineData("/encoders/2/options/inner/options/bitrate", "1", "$.encoders[2].options.inner.options.bitrate", "below the minimum")]
    [InlineData("/encoders/2/options/inner/plugin", "\"mock-combiner\"", "$.encoders[2].options.inner.plugin", "not an encoder")]
    [InlineData("/encoders/2/options/extra/threads", "[2]", "$.encoders[2].options.extra.threads", "expected a string, number or boolean")]
    [InlineData("/analyzers/0/options", "{}", "$.analyzers[0].options", "needs option 'labels'")]
    [InlineData("/analyzers/0/options/labels", "\"nope.txt\"", "$.analyzers[0].options.labels", "file not found")]
    [InlineData("/source/uri", "\"clips/missing.mp4\"", "$.source.uri", "input file not found")]
    [InlineData("/plugins/0", "\"../plugins\"", "$.plugins[0]", "outside the manifest's folder")]
    [InlineData("/plugins/0", "\"plugins/../../plugins\"", "$.plugins[0]", "outside the manifest's folder")]
    [InlineData("/plugins/0", "\"no-such-folder\"", "$.plugins[0]", "plugin folder not found")]
    [InlineData("/profile/frameRate", "\"thirty\"", "$.profile.frameRate", "not a frame rate")]
    [InlineData("/profile/width", "321", "$.profile.width", "multiple")]
    [InlineData("/profile/fps", "30", "$.profile.fps", "unknown property")]
    [InlineData("/encoder", "[]", "$.encoder", "did you mean 'encoders'?")]
    [InlineData("/weighting/weightAdjustmentRate", "1.5", "$.weighting.weightAdjustmentRate", "1")]
    [InlineData("/source", null, "$", "source")]
    [InlineData("/output/hls", "{}", "$.output.hls", "is not an HLS playlist")]
    [InlineData("/output/ts", "{\"pmtPid\": 260}", "$.output.ts.pmtPid", "among the 16 PIDs from 256")]
    [InlineData("/output/audio", "{\"codec\": \"opus\"}", "$.output.audio.codec", "not one of")]
    [InlineData("/output", "{\"uri\": \"udp://127.0.0.1:5000\", \"audio\": {\"measureSync\": true}}", "$.output.audio.measureSync", "is a stream")]
    [InlineData("/scheduledSwitches", "[{\"seq\": 10, \"to\": \"nope\"}]", "$.scheduledSwitches[0].to", "not one of the manifest's encoders")]
    [InlineData("/scheduledSwitches", "[{\"seq\": 10, \"to\": \"hq\"}, {\"seq\": 10, \"to\": \"fast\"}]", "$.scheduledSwitches[1].seq", "does not come after the switch before it")]
    [InlineData("/scheduledSwitches", "[{\"seq\": 10, \"to\": \"hq\"}]", "$.scheduledSwitches", "does not switch between encoders")]
    public void Each_mistake_is_reported_at_its_json_path(string pointer, string? json, string path, string fragment)
    {
        var result = _workspace.Validate(_workspace.Write((pointer, json)));

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems, p => p.Path == path);
        Assert.Contains(fragment, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlink_that_leads_plugins_out_of_the_manifest_folder_is_refused()
    {
        var outside = Directory.CreateTempSubdirectory("swarmhost-outside-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(_workspace.Folder, "linked"), outside);

            var result = _workspace.Validate(_workspace.Write(("/plugins/0", "\"linked\"")));

            var problem = Assert.Single(result.Problems, p => p.Path == "$.plugins[0]");
            Assert.Contains("outside the manifest's folder", problem.Message);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void An_absolute_plugin_path_is_the_integrators_explicit_choice()
    {
        var result = _workspace.Validate(_workspace.Write(("/plugins/0", $"\"{_workspace.PluginRoot}\"")));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = _workspace.Validate(_workspace.Write(
            ("/encoders/1/id", "\"hq\""),
            ("/encoders/0/options/bitrate", "\"fast\""),
            ("/encoders/2/plugin", "\"mock-encodr\""),
            ("/profile/frameRate", "\"thirty\""),
            ("/analyzers/0/options/labels", "\"nope.txt\"")));

        Assert.Equal(
            ["$.analyzers[0].options.labels", "$.encoders[0].options.bitrate", "$.encoders[1].id", "$.encoders[2].plugin", "$.profile.frameRate"],
            result.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Switching_into_plain_mp4_is_refused_with_the_reason()
    {
        // no combiner named: the installed one ranked first is the switching combiner (Primary, above the mock's Secondary)
        using var switching = new ManifestWorkspace("SwarmHost.Combiners.Switch");
        var result = switching.Validate(switching.Write(("/combiner", null), ("/output/uri", "\"out/program.mp4\"")));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.output.uri", problem.Path);
        Assert.Contains("cannot carry the parameter-set changes", problem.Message);
    }

    [Fact]
    public void A_slot_left_out_gets_the_installed_component_ranked_first_and_mp4_is_fine_without_switching()
    {
        var result = _workspace.Validate(_workspace.Write(("/combiner", null), ("/clock", null), ("/output/uri", "\"out/program.mp4\"")));

        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Path}: {p.Message}")));
        Assert.Equal("mock-combiner", result.Manifest!.Combiner.Spec.Plugin);
        Assert.Equal("system", result.Manifest.Clock.Spec.Plugin);
        Assert.False(result.Manifest.CombinerSwitches);
    }

    [Fact]
    public void Broken_json_is_reported_with_its_line()
    {
        var file = Path.Combine(_workspace.Folder, "broken.json");
        File.WriteAllText(file, "{\n  \"source\": { \"uri\": \"x\" },\n  \"profile\": [ }\n");

        var problem = Assert.Single(_workspace.Validate(file).Problems);

        Assert.Equal("$", problem.Path);
        Assert.Contains("not valid JSON at line 3", problem.Message);
    }

    [Fact]
    public void A_missing_plugins_folder_from_the_command_line_is_reported()
    {
        var result = new SwarmHost.Manifest.ManifestValidator(TestDiscovery.Create())
            .Validate(_workspace.Write(), ["/nonexistent/swarmhost-plugins"], [TestPaths.ShippedPlugins]);

        Assert.Contains(result.Problems, p => p.Path == "$" && p.Message == "plugin folder given with --plugins not found: /nonexistent/swarmhost-plugins");
    }

    [Fact]
    public void A_missing_manifest_is_one_clear_problem()
    {
        var problem = Assert.Single(_workspace.Validate(Path.Combine(_workspace.Folder, "absent.json")).Problems);

        Assert.Contains("manifest not found", problem.Message);
    }
}
