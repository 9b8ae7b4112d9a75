namespace SwarmHost.Tests;

/// <summary>Tests that encode, decode or run the ffmpeg CLI share this collection, so they run one after another on a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class MediaTestGroup
{
    public const string Name = "FFmpeg media";
}
