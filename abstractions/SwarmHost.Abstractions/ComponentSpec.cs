namespace SwarmHost.Abstractions;

/// <summary>
/// A reference to a component plus the options for one instance of it, as written in a manifest
/// (<c>{ "plugin": "ffmpeg", "options": { ... } }</c>). Used as the value of an
/// <see cref="OptionType.Component"/> option, so a wrapper component can create the component it wraps.
/// </summary>
/// <param name="Plugin">The component id.</param>
/// <param name="Options">The options for the instance, already validated against the component's options table, defaults applied.</param>
public sealed record ComponentSpec(string Plugin, ComponentOptions Options);
