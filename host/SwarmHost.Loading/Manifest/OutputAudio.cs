using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>The manifest's <c>output.audio</c>: whether and how the source's audio tracks go into the output.</summary>
/// <param name="Carry">Carry every audio track of the source (default); <c>false</c> writes video only.</param>
/// <param name="Encoder">The encoder for tracks that are not copied (<c>output.audio.codec</c>): <c>aac</c> (default), <c>ac3</c> or <c>mp2</c>.</param>
/// <param name="Bitrate">Bits per second of an encoded track (default 128000).</param>
/// <param name="Copy">Copy a track unchanged where the container accepts its codec and the input is not live (default); <c>false</c> encodes every track.</param>
/// <param name="MeasureSync">After the run, measure A/V sync in the written file from a flash-and-tone pattern in its content; a run out of sync fails.</param>
public sealed record OutputAudio(bool Carry = true, string Encoder = "aac", long Bitrate = 128_000, bool Copy = true, bool MeasureSync = false)
{
    /// <summary>The defaults: every track carried, copied where possible, otherwise AAC at 128 kbit/s.</summary>
    public static OutputAudio Default { get; } = new();

    /// <summary>Reads <c>output.audio</c> (the schema has checked its types and ranges).</summary>
    public static OutputAudio Read(JsonElement root)
    {
        if (JsonValues.Get(root, "output") is not { ValueKind: JsonValueKind.Object } output || JsonValues.Get(output, "audio") is not { ValueKind: JsonValueKind.Object } audio)
        {
            return Default;
        }

        return new OutputAudio(
            JsonValues.Boolean(audio, "carry") ?? Default.Carry,
            JsonValues.Text(audio, "codec") ?? Default.Encoder,
            JsonValues.Integer(audio, "bitrate") ?? Default.Bitrate,
            JsonValues.Boolean(audio, "copy") ?? Default.Copy,
            JsonValues.Boolean(audio, "measureSync") ?? Default.MeasureSync);
    }
}
