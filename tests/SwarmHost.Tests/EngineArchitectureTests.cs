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
}
