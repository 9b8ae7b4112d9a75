namespace SwarmHost.Media;

/// <summary>What a <see cref="MediaSource.ReadAsync"/> call produced.</summary>
public enum SourceReadKind
{
    /// <summary>A picture.</summary>
    Frame,

    /// <summary>No picture arrived within the stall timeout; the source is still trying (a live input that stopped, a network input reconnecting).</summary>
    Stalled,

    /// <summary>The input ended, or the frame limit was reached. Every later read says so again.</summary>
    Ended,
}
