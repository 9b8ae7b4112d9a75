using Newtonsoft.Json;
using SwarmHost.Abstractions;

namespace Fixture.JsonOld;

/// <summary>A clock that reports, in its description, which Newtonsoft.Json version its package loaded.</summary>
public sealed class JsonOldClockFactory : IClockFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new("json-old", ComponentKind.Clock, "Json old", "Newtonsoft.Json " + typeof(JsonConvert).Assembly.GetName().Version);

    /// <inheritdoc />
    public IClock Create(ComponentOptions options, ComponentContext context) => throw new NotSupportedException();
}
