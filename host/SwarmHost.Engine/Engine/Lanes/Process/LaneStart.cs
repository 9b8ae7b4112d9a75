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
    public string ToJson()
    {
        var json = WriteEncoder(EncoderId, Generation, Encoder, Profile, Verify, SsimEvery);
        json["pluginRoots"] = new JsonArray([.. PluginRoots.Select(r => JsonValue.Create(r))]);
        json["packages"] = new JsonArray([.. Packages.Select(p => JsonValue.Create(p))]);
        json["ringPath"] = RingPath;
        json["ringSlotBytes"] = RingSlotBytes;
        json["ringSlots"] = RingSlots;
        return json.ToJsonString();
    }

    /// <summary>What every lane start holds, as JSON: the encoder instance and generation, its component, the output profile and verification.</summary>
    internal static JsonObject WriteEncoder(string encoderId, int generation, ComponentSpec encoder, OutputProfile profile, bool verify, int ssimEvery) => new()
    {
        ["encoderId"] = encoderId,
        ["generation"] = generation,
        ["encoder"] = ComponentSpecJson.Write(encoder),
        ["profile"] = WriteProfile(profile),
        ["verify"] = verify,
        ["ssimEvery"] = ssimEvery,
    };

    /// <summary>Reads what <see cref="WriteEncoder"/> wrote.</summary>
    internal static (string EncoderId, int Generation, ComponentSpec Encoder, OutputProfile Profile, bool Verify, int SsimEvery) ReadEncoder(JsonObject root) =>
        (Value<string>(root, "encoderId"), Value<int>(root, "generation"), ComponentSpecJson.Read(Need(root, "encoder")), ReadProfile(Need(root, "profile")), Value<bool>(root, "verify"), Value<int>(root, "ssimEvery"));

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="InvalidDataException">It is not such JSON.</exception>
    public static LaneStart Parse(string json)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("a lane start that is not a JSON object");
            var (encoderId, generation, encoder, profile, verify, ssimEvery) = ReadEncoder(root);
            return new LaneStart(
                encoderId,
                generation,
                encoder,
                profile,
                verify,
                ssimEvery,
                Strings(root, "pluginRoots"),
                Strings(root, "packages"),
                Value<string>(root, "ringPath"),
                Value<int>(root, "ringSlotBytes"),
                Value<int>(root, "ringSlots"));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("a malformed lane start: " + ex.Message, ex);
        }
    }

    /// <summary>An output profile as JSON.</summary>
    internal static JsonObject WriteProfile(OutputProfile profile) => new()
    {
        ["codec"] = profile.Codec,
        ["width"] = profile.Width,
        ["height"] = profile.Height,
        ["rateNumerator"] = profile.FrameRate.Numerator,
        ["rateDenominator"] = profile.FrameRate.Denominator,
        ["gop"] = profile.Gop,
    };

    /// <summary>Reads what <see cref="WriteProfile"/> wrote.</summary>
    internal static OutputProfile ReadProfile(JsonNode profile) =>
        new(Value<string>(profile, "codec"), Value<int>(profile, "width"), Value<int>(profile, "height"),
            new Rational(Value<int>(profile, "rateNumerator"), Value<int>(profile, "rateDenominator")), Value<int>(profile, "gop"));

    /// <summary>A property that must be there.</summary>
    internal static JsonNode Need(JsonNode node, string name) => node[name] ?? throw new InvalidDataException($"a lane start without '{name}'");

    /// <summary>A property's value.</summary>
    internal static T Value<T>(JsonNode node, string name) => Need(node, name).GetValue<T>();

    /// <summary>A property's array of strings.</summary>
    internal static List<string> Strings(JsonNode node, string name) => [.. Need(node, name).AsArray().Select(item => item?.GetValue<string>() ?? throw new InvalidDataException($"a null in '{name}'"))];
}
