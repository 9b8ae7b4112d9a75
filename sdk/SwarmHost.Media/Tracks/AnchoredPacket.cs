namespace SwarmHost.Media.Tracks;

/// <summary>
/// One compressed packet of a source's audio or subtitle track, placed against the video: it plays
/// <see cref="OffsetNs"/> after the picture numbered <see cref="AnchorSequence"/> (a picture read
/// from the same input, shortly before it), so wherever the swarm writes that picture, the
/// packet goes at the same distance from it.
/// </summary>
/// <param name="Track">The track: its position among the source's tracks of its kind (<see cref="SourceTrack.Index"/>).</param>
/// <param name="Data">The packet's bytes, as the input carried them.</param>
/// <param name="AnchorSequence">The sequence number of the picture the packet is placed against.</param>
/// <param name="OffsetNs">How long after that picture's presentation the packet starts (negative when it starts before it).</param>
/// <param name="DurationNs">How long the packet plays (a subtitle: shows; 0 when the source does not say).</param>
public sealed record AnchoredPacket(int Track, byte[] Data, long AnchorSequence, long OffsetNs, long DurationNs);
