using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>The manifest's <c>output.hls</c>: how an HLS output (a <c>.m3u8</c> output) is cut and kept.</summary>
/// <param name="SegmentGops">GOPs per segment; <c>null</c>: as many as make about 2 s.</param>
/// <param name="ListSize">Segments the live playlist lists; older segments are deleted.</param>
/// <param name="KeepAll">Keep every segment and list them all (a recording, an EVENT playlist) instead of a bounded live playlist.</param>
public sealed record OutputHls(int? SegmentGops = null, int ListSize = 6, bool KeepAll = false)
{
    /// <summary>The defaults: about 2 s segments, six in the playlist, older ones deleted.</summary>
    public static OutputHls Default { get; } = new();

    /// <summary>Reads <c>output.hls</c> (the schema has checked its types and ranges), or <c>null</c> when absent.</summary>
    public static OutputHls? Read(JsonElement root)
    {
        if (JsonValues.Get(root, "output") is not { ValueKind: JsonValueKind.Object } output || JsonValues.Get(output, "hls") is not { ValueKind: JsonValueKind.Object } hls)
        {
            return null;
        }

        return new OutputHls(JsonValues.Int32(hls, "segmentGops"), JsonValues.Int32(hls, "listSize") ?? Default.ListSize, JsonValues.Boolean(hls, "keepAll") ?? Default.KeepAll);
    }
}
