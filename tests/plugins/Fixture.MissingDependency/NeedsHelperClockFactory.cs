using Fixture.MissingDependency.Helper;
using SwarmHost.Abstractions;

namespace Fixture.MissingDependency;

/// <summary>A clock whose constructor needs a library the package does not ship.</summary>
public sealed class NeedsHelperClockFactory : IClockFactory
{
    /// <summary>Calls into the missing helper library.</summary>
    public NeedsHelperClockFactory() => Descriptor = new(LicenceCheck.ComponentName(), ComponentKind.Clock, "Needs helper", "Needs Fixture.MissingDependency.Helper.");

    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; }

    /// <inheritdoc />
    public IClock Create(ComponentOptions options, ComponentContext context) => throw new NotSupportedException();
}
