namespace SwarmHost.Media.Audio;

/// <summary>How the source's audio goes into the output.</summary>
/// <param name="Encoder">The encoder for tracks that are not copied: <c>aac</c> (the default), <c>ac3</c> or <c>mp2</c>.</param>
/// <param name="Bitrate">Bits per second of an encoded track, per track.</param>
/// <param name="Copy">Copy a track unchanged where the output container accepts its codec; <c>false</c> encodes every track.</param>
public sealed record AudioOutputSettings(string Encoder = "aac", long Bitrate = 128_000, bool Copy = true)
{
    /// <summary>The encoders offered, with the sample format each takes.</summary>
    public static IReadOnlyDictionary<string, string> Encoders { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["aac"] = "fltp",
        ["ac3"] = "fltp",
        ["mp2"] = "s16",
    };

    /// <summary>The sample rate of an encoded track.</summary>
    public const int SampleRate = 48_000;
}
