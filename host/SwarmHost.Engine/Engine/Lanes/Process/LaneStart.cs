using System.Text.Json;
using System.Text.Json.Nodes;
using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>Everything a lane process needs to run its encoder, sent by the host as the first message.</summary>
/// <param name="EncoderId">The manifest's instance id.</param>
/// <param name="Generation">1 for the first instance, then +1 per rejoin.</param>
/// <param name="Encoder">The encoder component and its typed options.</param>
/// <param name="Profile">The output profile.</param>
/// <param name="Verify">Decode every unit and compare it with its source picture, in the lane.</param>
/// <param name="SsimEvery">With verification: SSIM on every n-th frame; 0 never.</param>
/// <param name="PluginRoots">The host's plugin roots; the lane loads nothing outside them.</param>
/// <param name="Packages">The package folders the encoder needs (its own, and those of components it wraps).</param>
/// <param name="RingPath">Where the frame ring is opened.</param>
/// <param name="RingSlotBytes">Bytes per ring slot.</param>
/// <param name="RingSlots">Slots in the ring.</param>
internal sealed record LaneStart(
    string EncoderId,
    int Generation,
    ComponentSpec Encoder,
    OutputProfile Profile,
    bool Verify,
    int SsimEvery,
    IReadOnlyList<string> PluginRoots,
    IReadOnlyList<string> Packages,
    string RingPath,
    int RingSlotBytes,
    int RingSlots)
{
    /// <summary>As sent on the wire.</summary>
    public string ToJson() => new JsonObject
    {
        ["encoderId"] = EncoderId,
        ["generation"] = Generation,
        ["encoder"] = ComponentSpecJson.Write(Encoder),
        ["profile"] = new JsonObject
        {
            ["codec"] = Profile.Codec,
            ["width"] = Profile.Width,
            ["height"] = Profile.Height,
            ["rateNumerator"] = Profile.FrameRate.Numerator,
            ["rateDenominator"] = Profile.FrameRate.Denominator,
            ["gop"] = Profile.Gop,
        },
        ["verify"] = Verify,
        ["ssimEvery"] = SsimEvery,
        ["pluginRoots"] = new JsonArray([.. PluginRoots.Select(r => JsonValue.Create(r))]),
        ["packages"] = new JsonArray([.. Packages.Select(p => JsonValue.Create(p))]),
        ["ringPath"] = RingPath,
        ["ringSlotBytes"] = RingSlotBytes,
        ["ringSlots"] = RingSlots,
    }.ToJsonString();

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="InvalidDataException">It is not such JSON.</exception>
    public static LaneStart Parse(string json)
    {
        try
        {
            var root = JsonNode.Parse(json) ?? throw new InvalidDataException("an empty lane start");
            var profile = root["profile"]!;
            return new LaneStart(
                root["encoderId"]!.GetValue<string>(),
                root["generation"]!.GetValue<int>(),
                ComponentSpecJson.Read(root["encoder"]),
                new OutputProfile(profile["codec"]!.GetValue<string>(), profile["width"]!.GetValue<int>(), profile["height"]!.GetValue<int>(),
                    new Rational(profile["rateNumerator"]!.GetValue<int>(), profile["rateDenominator"]!.GetValue<int>()), profile["gop"]!.GetValue<int>()),
                root["verify"]!.GetValue<bool>(),
                root["ssimEvery"]!.GetValue<int>(),
                [.. root["pluginRoots"]!.AsArray().Select(r => r!.GetValue<string>())],
                [.. root["packages"]!.AsArray().Select(p => p!.GetValue<string>())],
                root["ringPath"]!.GetValue<string>(),
                root["ringSlotBytes"]!.GetValue<int>(),
                root["ringSlots"]!.GetValue<int>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InvalidDataException("a malformed lane start: " + ex.Message, ex);
        }
    }
}
