namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>What a clip is used for.</summary>
public enum ClipSet
{
    /// <summary>The head is trained on it.</summary>
    Training,

    /// <summary>Generated like the training clips but with seeds (or photos) never trained on; measures fit.</summary>
    HeldOut,

    /// <summary>Real footage or real photos never trained on; measures how the stand-ins carry over.</summary>
    Real,
}
