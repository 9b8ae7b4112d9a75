using SwarmHost.Abstractions;

namespace Fixture.FutureContract;

/// <summary>A clock compiled against contract 2.0.</summary>
public sealed class FutureClockFactory : IClockFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new("future-clock", ComponentKind.Clock, "Future clock", "Built against contract 2.0.");

    /// <inheritdoc />
    public IClock Create(ComponentOptions options, ComponentContext context) => throw new NotSupportedException();
}
