namespace SwarmHost.Abstractions;

/// <summary>The type of a component option, as written in a manifest.</summary>
public enum OptionType
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON integer (held as <see cref="long"/>).</summary>
    Integer,

    /// <summary>A JSON number (held as <see cref="double"/>).</summary>
    Number,

    /// <summary>A JSON boolean.</summary>
    Boolean,

    /// <summary>A JSON string that must be one of <see cref="OptionDescriptor.AllowedValues"/>.</summary>
    Enum,

    /// <summary>A file path; relative paths resolve against the manifest's folder and the file must exist.</summary>
    Path,

    /// <summary>
    /// A nested component specification (<c>{ "plugin": "...", "options": { ... } }</c>), as a
    /// wrapper component (e.g. fault injection) needs; held as <see cref="ComponentSpec"/>.
    /// </summary>
    Component,

    /// <summary>A JSON object of string keys to scalar values passed through untouched (e.g. codec-private options).</summary>
    Map,
}
