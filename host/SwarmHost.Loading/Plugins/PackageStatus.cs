namespace SwarmHost.Plugins;

/// <summary>What became of a plugin package folder (or one of its components) at discovery.</summary>
public enum PackageStatus
{
    /// <summary>Loaded; its components can be used.</summary>
    Active,

    /// <summary>Skipped on purpose: the folder holds a <c>.disabled</c> marker file.</summary>
    Disabled,

    /// <summary>Not loaded: built against a contract this host does not support, or not a SwarmHost package.</summary>
    NotSupported,

    /// <summary>Tried and failed: threw, missing dependency, bad descriptor, no loadable <c>&lt;package&gt;.dll</c>, or outside the plugin root.</summary>
    Malfunctioned,
}
