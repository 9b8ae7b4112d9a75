using System.Diagnostics;
using System.Text.Json;
using SwarmHost.Cli;

namespace SwarmHost.Tests;

public sealed class CliTests : IDisposable
{
    private readonly ManifestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SwarmHostCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Plugins_json_lists_a_broken_package_as_malfunctioned_beside_an_active_system_clock_and_exits_0()
    {
        using var root = new PluginRootBuilder().WithShippedPackage("SwarmHost.Clocks.System");
        File.WriteAllText(Path.Combine(root.Folder("Acme.Broken"), "Acme.Broken.dll"), "not an assembly");

        var (code, output, _) = Run("plugins", "--json", "--plugins", root.Root);

        Assert.Equal(ExitCodes.Success, code);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        var system = Assert.Single(rows, r => r.GetProperty("id").GetString() == "system");
        Assert.Equal("Active", system.GetProperty("status").GetString());
        Assert.Equal("clock", system.GetProperty("kind").GetString());
        Assert.EndsWith("SwarmHost.Clocks.System.dll", system.GetProperty("file").GetString(), StringComparison.Ordinal);
        var broken = Assert.Single(rows, r => r.GetProperty("package").GetString() == "Acme.Broken");
        Assert.Equal("Malfunctioned", broken.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(broken.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, broken.GetProperty("id").ValueKind);
    }

    [Fact]
    public void Plugins_table_shows_status_and_reason()
    {
        using var root = new PluginRootBuilder().WithShippedPackage("SwarmHost.Clocks.System").WithTestPackage("Fixture.Throwing");

        var (code, output, _) = Run("plugins", "--plugins", root.Root);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Active         clock  system", output, StringComparison.Ordinal);
        Assert.Contains("licence server unreachable", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_json_prints_the_descriptor_and_options_table()
    {
        var (code, output, _) = Run("inspect", "system", "--json", "--plugins", TestPaths.ShippedPlugins);

        Assert.Equal(ExitCodes.Success, code);
        var d = JsonDocument.Parse(output).RootElement;
        Assert.Equal("system", d.GetProperty("id").GetString());
        Assert.Equal("clock", d.GetProperty("kind").GetString());
        Assert.Equal("Active", d.GetProperty("status").GetString());
        Assert.Equal("1.3", d.GetProperty("contractVersion").GetString());
        Assert.Equal("MIT", d.GetProperty("license").GetString());
        var option = Assert.Single(d.GetProperty("options").EnumerateArray());
        Assert.Equal("offsetMs", option.GetProperty("name").GetString());
        Assert.Equal("number", option.GetProperty("type").GetString());
        Assert.Equal(0.0, option.GetProperty("default").GetDouble());
        Assert.Equal(-86_400_000, option.GetProperty("minimum").GetDouble());
    }

    [Fact]
    public void Inspect_text_reads_like_gst_inspect()
    {
        var (code, output, _) = Run("inspect", "mock-encoder", "--plugins", TestPaths.TestPlugins);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Component Details:", output, StringComparison.Ordinal);
        Assert.Contains("per-frame", output, StringComparison.Ordinal);
        Assert.Contains("Range: 100000..100000000. Default: 3000000", output, StringComparison.Ordinal);
        Assert.Contains("Allowed: fast, medium, slow. Default: \"medium\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_of_an_unknown_id_exits_2_and_suggests_the_closest()
    {
        var (code, _, error) = Run("inspect", "sytem", "--plugins", TestPaths.ShippedPlugins);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("Did you mean 'system'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_prints_every_problem_with_its_path_and_exits_2()
    {
        var file = _workspace.Write(("/encoders/1/id", "\"hq\""), ("/encoders/0/options/bitrate", "\"fast\""), ("/profile/fps", "30"));

        var (code, output, _) = Run("validate", file);

        Assert.Equal(ExitCodes.InvalidInput, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines[..3], l => Assert.StartsWith("$.", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("$.encoders[0].options.bitrate: expected an integer", StringComparison.Ordinal));
        Assert.EndsWith("3 problem(s); nothing was run.", lines[3].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_of_a_valid_manifest_exits_0_with_a_summary_line_and_the_memory_estimate()
    {
        var (code, output, _) = Run("validate", _workspace.Write());

        Assert.Equal(ExitCodes.Success, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("valid — 3 encoders (hq=mock-encoder, fast=mock-encoder, mid=mock-encoder)", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^memory: about [0-9]+ MB of [0-9.]+ GB available", lines[1]);
    }

    [Fact]
    public void Plugins_on_the_command_line_override_the_manifest()
    {
        var (code, output, _) = Run("validate", _workspace.Write(), "--plugins", TestPaths.ShippedPlugins);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("$.encoders[0].plugin: no encoder component 'mock-encoder' is installed", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("plugins", "--jsn")]
    [InlineData("validate")]
    public void Bad_usage_exits_2(params string[] args)
    {
        var (code, _, error) = Run(args);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_names_the_product_and_contract()
    {
        var (code, output, _) = Run("--version");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Matches(@"^swarmhost \d+\.\d+\.\d+ \(plugin contract 1\.3\)", output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("plugins", "--help")]
    [InlineData("inspect", "--help")]
    [InlineData("validate", "--help")]
    public void Help_teaches_at_every_level(params string[] args)
    {
        var (code, output, _) = Run(args);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Examples:", output.Replace("Typical use:", "Examples:", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("--plugins", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_executable_finds_the_plugins_folder_beside_itself()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "plugins", "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        var system = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray(), r => r.GetProperty("id").GetString() == "system");
        Assert.Equal("Active", system.GetProperty("status").GetString());
        Assert.StartsWith(TestPaths.ShippedPlugins, system.GetProperty("file").GetString(), StringComparison.Ordinal);
    }
}
