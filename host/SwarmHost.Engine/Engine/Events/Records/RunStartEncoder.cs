namespace SwarmHost.Engine.Events;

/// <summary>One encoder's session in the <c>run-start</c> event.</summary>
/// <param name="Codec">The codec it reported.</param>
/// <param name="Size">Its picture size, e.g. <c>640x360</c>.</param>
/// <param name="DelayFrames">Its delay in frames.</param>
/// <param name="Keyframes">How it places keyframes.</param>
internal sealed record RunStartEncoder(string Codec, string Size, int DelayFrames, string Keyframes);
