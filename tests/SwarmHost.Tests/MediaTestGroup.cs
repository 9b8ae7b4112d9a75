namespace SwarmHost.Tests;

/// <summary>Tests that encode, decode or run the ffmpeg CLI share this collection, so they run one after another on a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class MediaTestGroup
{
    public const string Name = "FFmpeg media";
}

/// <summary>
/// Media tests that judge no time (analysis, decoding damaged clips, round trips, the model's
/// training): one after another, beside <see cref="MediaTestGroup"/> — a busy neighbour costs
/// them time, never a verdict.
/// </summary>
[CollectionDefinition(Name)]
public sealed class UntimedMediaTestGroup
{
    public const string Name = "FFmpeg media, untimed";
}
