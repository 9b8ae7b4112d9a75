using System.Text.Json.Serialization;

namespace SwarmHost.Telemetry;

/// <summary>
/// One event of a run as a typed record (docs/events.md): <see cref="Type"/> names it and
/// <see cref="Sequence"/> is the slot it concerns; every other public property is a field of the
/// event, written by the run's event log in declaration order, camelCase, a
/// non-finite number as <c>null</c>.
/// </summary>
public abstract record SwarmEvent
{
    /// <summary>The event type, e.g. <c>encoder-state</c>.</summary>
    [JsonIgnore]
    public abstract string Type { get; }

    /// <summary>The slot the event concerns, or <c>null</c>.</summary>
    [JsonIgnore]
    public long? Sequence { get; init; }
}
