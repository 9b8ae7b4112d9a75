namespace SwarmHost.Media.Audio;

/// <summary>
/// One compressed audio packet of a source, placed against the video: it plays
/// <see cref="OffsetNs"/> after the picture numbered <see cref="AnchorSequence"/> (a picture read
/// from the same input, shortly before it), so wherever the swarm writes that picture, the
/// packet goes at the same distance from it.
/// </summary>
/// <param name="Track">The track (<see cref="AudioTrack.Index"/>).</param>
/// <param name="Data">The packet's bytes, as the input carried them.</param>
/// <param name="AnchorSequence">The sequence number of the picture the packet is placed against.</param>
/// <param name="OffsetNs">How long after that picture's presentation the packet starts (negative when it starts before it).</param>
/// <param name="DurationNs">How long the packet plays.</param>
public sealed record AudioPacket(int Track, byte[] Data, long AnchorSequence, long OffsetNs, long DurationNs);
