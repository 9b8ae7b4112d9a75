using System.Text.Json.Nodes;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Lanes.Process;

namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// What a coordinator sends a node to start a lane there, as the first message on the lane's link:
/// the encoder, the profile and verification, the first sequence number, and how the node gets the
/// source: relayed by the coordinator over SRT, or read by the node itself (a file at the same
/// path, a <c>lavfi:</c> graph, a multicast stream). Either way the node numbers each picture
/// from its timestamp against the coordinator's epochs (<see cref="SourceEpoch"/>), sent on
/// the link before the pictures they number.
/// </summary>
/// <param name="EncoderId">The manifest's instance id.</param>
/// <param name="Generation">1 for the first instance, then +1 per rejoin.</param>
/// <param name="Encoder">The encoder component and its typed options.</param>
/// <param name="Profile">The output profile (the node scales the source to it).</param>
/// <param name="Verify">Decode every unit and compare it with its source picture, on the node.</param>
/// <param name="SsimEvery">With verification: SSIM on every n-th frame; 0 never.</param>
/// <param name="StartSequence">The first sequence number the lane encodes (a GOP boundary).</param>
/// <param name="Input">The source: what the node opens when it reads the source itself; for a relayed source, its name at the coordinator.</param>
/// <param name="AllowedFilters">Filters a <c>lavfi:</c> source may use beyond the default list, as the coordinator allowed.</param>
/// <param name="Cores">The cores the encoder takes on the node (the manifest's <c>cores</c>).</param>
/// <param name="Relayed">Whether the coordinator relays the source (the node tells it where to, <see cref="Process.LaneWireKind.RelayPort"/>).</param>
/// <param name="SrtLatencyMs">The relay's SRT latency, ms.</param>
internal sealed record RemoteLaneStart(
    string EncoderId,
    int Generation,
    ComponentSpec Encoder,
    OutputProfile Profile,
    bool Verify,
    int SsimEvery,
    long StartSequence,
    string Input,
    IReadOnlyList<string> AllowedFilters,
    double Cores,
    bool Relayed,
    int SrtLatencyMs)
{
    /// <summary>As sent on the wire.</summary>
    public string ToJson()
    {
        var json = LaneStart.WriteEncoder(EncoderId, Generation, Encoder, Profile, Verify, SsimEvery);
        json["startSequence"] = StartSequence;
        json["input"] = Input;
        json["allowedFilters"] = new JsonArray([.. AllowedFilters.Select(f => JsonValue.Create(f))]);
        json["cores"] = Cores;
        json["relayed"] = Relayed;
        json["srtLatencyMs"] = SrtLatencyMs;
        return json.ToJsonString();
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="InvalidDataException">It is not such JSON.</exception>
    public static RemoteLaneStart Parse(string json)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("a remote lane start that is not a JSON object");
            var (encoderId, generation, encoder, profile, verify, ssimEvery) = LaneStart.ReadEncoder(root);
            return new RemoteLaneStart(
                encoderId,
                generation,
                encoder,
                profile,
                verify,
                ssimEvery,
                LaneStart.Value<long>(root, "startSequence"),
                LaneStart.Value<string>(root, "input"),
                LaneStart.Strings(root, "allowedFilters"),
                LaneStart.Value<double>(root, "cores"),
                LaneStart.Value<bool>(root, "relayed"),
                LaneStart.Value<int>(root, "srtLatencyMs"));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("a malformed remote lane start: " + ex.Message, ex);
        }
    }
}
