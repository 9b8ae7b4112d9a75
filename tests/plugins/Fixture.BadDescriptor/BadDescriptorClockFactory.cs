using SwarmHost.Abstractions;

namespace Fixture.BadDescriptor;

/// <summary>A clock whose descriptor breaks the rules: an id that is not kebab-case and a default outside its range.</summary>
public sealed class BadDescriptorClockFactory : IClockFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new("Bad_Clock", ComponentKind.Clock, "Bad clock", "Breaks the descriptor rules.")
    {
        Options = [new OptionDescriptor("poll", OptionType.Integer, "Poll interval.") { Default = 99L, Minimum = 1, Maximum = 10 }],
    };

    /// <inheritdoc />
    public IClock Create(ComponentOptions options, ComponentContext context) => throw new NotSupportedException();
}
