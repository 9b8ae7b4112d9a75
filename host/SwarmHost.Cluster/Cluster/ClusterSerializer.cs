using System.Text.Json;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;

namespace SwarmHost.Cluster;

/// <summary>A message between SwarmHost members; serialized by <see cref="ClusterSerializer"/>.</summary>
public interface IClusterMessage;

/// <summary>
/// Serializes <see cref="IClusterMessage"/>s as JSON (System.Text.Json), naming each by its short
/// type name from a fixed list: a peer can only ever make the receiver build one of these records,
/// never a type it names on the wire. Registered for <see cref="IClusterMessage"/> in the
/// configuration.
/// </summary>
public sealed class ClusterSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly Dictionary<string, Type> Known = new[]
    {
        typeof(AdvertRequest), typeof(NodeAdvert), typeof(ClusterReportRequest), typeof(ClusterReport),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <inheritdoc />
    public override int Identifier => 4711;

    /// <inheritdoc />
    public override string Manifest(object o) => o.GetType().Name;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) =>
        Known.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"an empty '{manifest}' message")
            : throw new SerializationException($"'{manifest}' is not a SwarmHost cluster message");
}
