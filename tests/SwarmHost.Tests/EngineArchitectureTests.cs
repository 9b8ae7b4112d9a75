using System.Reflection;
using NetArchTest.Rules;
using SwarmHost.Engine;

namespace SwarmHost.Tests;

/// <summary>
/// The engine's stages depend on each other in one direction only: lanes (the encoders) and events
/// at the bottom, then the slot book, then the stages that work on slots, then the audit that reads
/// them all, then the coordinator loop that moves messages and slots between them, then the wiring
/// (<see cref="SwarmEngine"/>). A reference against that order, or from
/// the engine to the command line, fails here.
/// </summary>
public sealed class EngineArchitectureTests
{
    private const string Engine = "SwarmHost.Engine";

    /// <summary>Each stage and the stages it must not use (those above it or beside it).</summary>
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "Events", ["Lanes", "Slots", "Health", "Intake", "Output", "Weights", "Audit", "Coordination"] },
        { "Lanes", ["Events", "Slots", "Health", "Intake", "Output", "Weights", "Audit", "Coordination"] },
        { "Slots", ["Health", "Intake", "Output", "Weights", "Audit", "Coordination"] },
        { "Health", ["Intake", "Output", "Weights", "Audit", "Coordination"] },
        { "Intake", ["Health", "Output", "Weights", "Audit", "Coordination"] },
        { "Output", ["Health", "Intake", "Weights", "Audit", "Slots", "Coordination"] },
        { "Weights", ["Health", "Intake", "Output", "Audit", "Coordination"] },
        { "Audit", ["Coordination"] },
        { "Coordination", [] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_stage_uses_no_stage_above_or_beside_it_and_nothing_of_the_wiring(string stage, string[] forbidden)
    {
        var types = Types.InAssembly(typeof(SwarmEngine).Assembly).That().ResideInNamespace($"{Engine}.{stage}");
        Assert.NotEmpty(types.GetTypes());

        var result = types.ShouldNot().HaveDependencyOnAny([.. forbidden.Select(f => $"{Engine}.{f}"), typeof(SwarmEngine).FullName!]).GetResult();

        Assert.True(result.IsSuccessful, $"{stage} uses a stage it must not: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_engine_uses_nothing_of_the_command_line_the_reports_or_the_benchmarks()
    {
        var result = Types.InAssembly(typeof(SwarmEngine).Assembly).That().ResideInNamespace(Engine)
            .ShouldNot().HaveDependencyOnAny("SwarmHost.Cli", "SwarmHost.Reporting", "SwarmHost.Bench", "SwarmHost.Comparison", "SwarmHost.Demo")
            .GetResult();

        Assert.True(result.IsSuccessful, $"engine types using the command line or reports: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_loading_library_and_the_engine_reference_no_assembly_above_them()
    {
        var loading = typeof(SwarmHost.Plugins.PluginCatalog).Assembly;
        var engine = typeof(SwarmEngine).Assembly;
        var cli = typeof(SwarmHost.Cli.SwarmHostCli).Assembly;
        Assert.Equal(["SwarmHost.Engine", "SwarmHost.Loading", "swarmhost"], new[] { engine, loading, cli }.Select(a => a.GetName().Name!).Order(StringComparer.Ordinal));

        Assert.DoesNotContain(loading.GetReferencedAssemblies(), r => r.Name is "SwarmHost.Engine" or "swarmhost");
        Assert.DoesNotContain(engine.GetReferencedAssemblies(), r => r.Name is "swarmhost");
        Assert.Contains(engine.GetReferencedAssemblies(), r => r.Name == "SwarmHost.Loading");
    }

    [Fact]
    public void The_host_folders_form_no_cycle()
    {
        Assembly[] assemblies = [typeof(SwarmHost.Plugins.PluginCatalog).Assembly, typeof(SwarmEngine).Assembly, typeof(SwarmHost.Cli.SwarmHostCli).Assembly];
        var folders = assemblies.SelectMany(a => a.GetTypes()).Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("SwarmHost.", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('.').Take(2))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var uses = folders.ToDictionary(f => f, f => folders.Where(other => other != f && Types.InAssemblies(assemblies).That().ResideInNamespace(f).And().HaveDependencyOn(other).GetTypes().Any()).ToList(), StringComparer.Ordinal);
        Assert.Contains("SwarmHost.Weighting", uses["SwarmHost.Engine"]); // the check sees dependencies at all

        foreach (var start in folders)
        {
            var path = CycleFrom(start, start, uses, [start]);
            Assert.True(path is null, $"folders that use each other in a circle: {string.Join(" -> ", path ?? [])}");
        }
    }

    private static List<string>? CycleFrom(string start, string at, Dictionary<string, List<string>> uses, List<string> path)
    {
        foreach (var next in uses[at])
        {
            if (next == start)
            {
                return [.. path, next];
            }

            if (!path.Contains(next) && CycleFrom(start, next, uses, [.. path, next]) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
