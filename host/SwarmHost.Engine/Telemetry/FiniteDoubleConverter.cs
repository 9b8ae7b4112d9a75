using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwarmHost.Telemetry;

/// <summary>Writes a double that is not a finite number (a figure nothing was measured for) as JSON <c>null</c>, which every JSON reader accepts.</summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    /// <summary>The value as a JSON node: the number, or <c>null</c> when it is not finite.</summary>
    public static System.Text.Json.Nodes.JsonNode? Node(double value) => double.IsFinite(value) ? value : null;

    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
