using System.Text.Json.Nodes;
using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// A resolved <see cref="ComponentSpec"/> as JSON that keeps each option's .NET type (a lane must
/// get the same typed options the host validated: <c>2.0</c> stays a double, a nested component
/// stays a spec). Each value is a one-entry object: <c>{"s": text}</c>, <c>{"i": long}</c>,
/// <c>{"d": double}</c>, <c>{"b": bool}</c>, <c>{"c": spec}</c>, <c>{"m": {name: value}}</c>, or null.
/// </summary>
internal static class ComponentSpecJson
{
    /// <summary>The spec as JSON.</summary>
    public static JsonObject Write(ComponentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = new JsonObject();
        foreach (var (name, value) in spec.Options)
        {
            options[name] = Value(value);
        }

        return new JsonObject { ["plugin"] = spec.Plugin, ["options"] = options };
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">It is not such JSON.</exception>
    public static ComponentSpec Read(JsonNode? node)
    {
        var plugin = node?["plugin"]?.GetValue<string>() ?? throw new InvalidDataException("a component spec without 'plugin'");
        var options = node["options"] as JsonObject ?? throw new InvalidDataException($"component '{plugin}': no 'options' object");
        return new ComponentSpec(plugin, new ComponentOptions(options.Select(o => KeyValuePair.Create(o.Key, Value(o.Value)))));
    }

    private static JsonObject? Value(object? value) => value switch
    {
        null => null,
        string s => new JsonObject { ["s"] = s },
        long l => new JsonObject { ["i"] = l },
        double d => new JsonObject { ["d"] = d },
        bool b => new JsonObject { ["b"] = b },
        ComponentSpec nested => new JsonObject { ["c"] = Write(nested) },
        IReadOnlyDictionary<string, object?> map => new JsonObject { ["m"] = new JsonObject(map.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)Value(e.Value)))) },
        _ => throw new InvalidDataException($"an option value of type {value.GetType().Name} cannot be sent to a lane process"),
    };

    private static object? Value(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var (tag, inner) = node is JsonObject { Count: 1 } tagged ? tagged.First() : throw new InvalidDataException($"an option value that is not tagged: {node.ToJsonString()}");
        return tag switch
        {
            "s" => inner!.GetValue<string>(),
            "i" => inner!.GetValue<long>(),
            "d" => inner!.GetValue<double>(),
            "b" => inner!.GetValue<bool>(),
            "c" => Read(inner),
            "m" => (IReadOnlyDictionary<string, object?>)((JsonObject)inner!).ToDictionary(e => e.Key, e => Value(e.Value), StringComparer.Ordinal),
            _ => throw new InvalidDataException($"an option value tagged '{tag}'"),
        };
    }
}
