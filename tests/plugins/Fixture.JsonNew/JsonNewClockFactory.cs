using Newtonsoft.Json;
using SwarmHost.Abstractions;

namespace Fixture.JsonNew;

/// <summary>A clock that reports, in its description, which Newtonsoft.Json version its package loaded.</summary>
public sealed class JsonNewClockFactory : IClockFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new("json-new", ComponentKind.Clock, "Json new", "Newtonsoft.Json " + typeof(JsonConvert).Assembly.GetName().Version);

    /// <inheritdoc />
    public IClock Create(ComponentOptions options, ComponentContext context) => throw new NotSupportedException();
}
