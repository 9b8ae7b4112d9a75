using SwarmHost.Abstractions;

namespace Fixture.Good;

/// <summary>A mock combiner: passes on the unit of the highest-weight encoder that delivered one.</summary>
public sealed class MockCombinerFactory : ICombinerFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new("mock-combiner", ComponentKind.Combiner, "Mock combiner", "Passes on the highest-weight unit of each slot; for host tests.")
    {
        Options = [new OptionDescriptor("hysteresis", OptionType.Number, "Weight margin before switching.") { Default = 0.1, Minimum = 0, Maximum = 1 }],
    };

    /// <inheritdoc />
    public IOutputCombiner Create(ComponentOptions options, ComponentContext context) => new MockCombiner();

    private sealed class MockCombiner : IOutputCombiner
    {
        public void Open(OutputProfile profile, IReadOnlyDictionary<string, EncoderSession> encoders)
        {
        }

        public CombinerOutput Combine(CombinerSlot slot)
        {
            var best = slot.Units.Keys.OrderByDescending(id => slot.Weights.GetValueOrDefault(id)).FirstOrDefault();
            return best is null ? new CombinerOutput([], 1, null) : new CombinerOutput([slot.Units[best]], 0, best);
        }

        public CombinerOutput Flush() => CombinerOutput.Nothing;

        public void Dispose()
        {
        }
    }
}
