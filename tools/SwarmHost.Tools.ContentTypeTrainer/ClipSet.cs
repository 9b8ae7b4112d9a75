namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>What a clip is used for.</summary>
public enum ClipSet
{
    /// <summary>The head is trained on it.</summary>
    Training,

    /// <summary>Real video never trained on, from packages other than its class's training clips: the accuracy tables.</summary>
    HeldOut,
}
