using System.Text.Json.Serialization;
using SwarmHost.Telemetry;

namespace SwarmHost.Engine.Events;

/// <summary>The <c>weights</c> event, one per closed slot: the content the weighting saw, the weights it set and, for a forecasting policy, its forecasts.</summary>
/// <param name="Complexity">The slot's content complexity (0..1).</param>
/// <param name="Content">Every content metric of the slot.</param>
/// <param name="Weights">The normalised weight of every live encoder.</param>
/// <param name="Leader">The encoder with the highest weight.</param>
/// <param name="Forecasts">Each encoder's forecast, or <c>null</c> (not written) when the policy does not forecast.</param>
internal sealed record WeightsEvent(
    double Complexity,
    IReadOnlyDictionary<string, double> Content,
    IReadOnlyDictionary<string, double> Weights,
    string? Leader,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, ForecastFields>? Forecasts) : SwarmEvent
{
    /// <inheritdoc />
    public override string Type => "weights";
}
