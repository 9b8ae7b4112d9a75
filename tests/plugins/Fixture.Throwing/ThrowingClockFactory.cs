using SwarmHost.Abstractions;

namespace Fixture.Throwing;

/// <summary>A clock factory that fails in its constructor, as a package with a broken setup would.</summary>
public sealed class ThrowingClockFactory : IClockFactory
{
    /// <summary>Always throws.</summary>
    public ThrowingClockFactory() => throw new InvalidOperationException("licence server unreachable");

    /// <inheritdoc />
    public ComponentDescriptor Descriptor => throw new NotSupportedException();

    /// <inheritdoc />
    public IClock Create(ComponentOptions options, ComponentContext context) => throw new NotSupportedException();
}
