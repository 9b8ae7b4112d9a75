using System.Globalization;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary>The JSON shapes of <c>swarmhost plugins --json</c> rows and <c>swarmhost inspect --json</c>.</summary>
public static class ComponentViews
{
    /// <summary>One row of <c>plugins --json</c>: package, id, kind, version, status, reason, file.</summary>
    public static object Row(ComponentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new
        {
            package = record.Package,
            id = record.Id,
            kind = record.Descriptor is { } d ? KindName(d.Kind) : null,
            version = record.Descriptor?.Version,
            status = record.Status.ToString(),
            reason = record.Reason,
            file = record.File,
        };
    }

    /// <summary>The full description of one component for <c>inspect --json</c>.</summary>
    public static object Detail(ComponentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var d = record.Descriptor!;
        return new
        {
            id = d.Id,
            kind = KindName(d.Kind),
            longName = d.LongName,
            description = d.Description,
            author = d.Author,
            version = d.Version,
            license = d.License,
            rank = RankName(d.Rank),
            package = record.Package,
            file = record.File,
            status = record.Status.ToString(),
            reason = record.Reason,
            contractVersion = ContractVersion(record),
            capabilities = new
            {
                keyframes = KeyframesName(d.Capabilities.Keyframes),
                typicalDelayFrames = d.Capabilities.TypicalDelayFrames,
                gopSwitching = d.Capabilities.GopSwitching,
                features = d.Capabilities.Features ?? [],
            },
            options = d.Options.Select(o => new
            {
                name = o.Name,
                type = o.Type.ToString().ToLowerInvariant(),
                @default = o.Default,
                required = o.Required,
                minimum = o.Minimum,
                maximum = o.Maximum,
                allowedValues = o.AllowedValues,
                componentKind = o.ComponentKind is { } k ? KindName(k) : null,
                help = o.Help,
            }),
        };
    }

    /// <summary>The contract version as major.minor, or <c>null</c> when unknown.</summary>
    public static string? ContractVersion(ComponentRecord record) => record?.ContractVersion?.ToString(2);

    /// <summary>The kind's lowercase name.</summary>
    public static string KindName(ComponentKind kind) => ComponentResolver.Name(kind);

    /// <summary>The rank as "primary (256)".</summary>
    public static string RankName(ComponentRank rank) =>
        string.Create(CultureInfo.InvariantCulture, $"{rank.ToString().ToLowerInvariant()} ({(int)rank})");

    /// <summary>How keyframes can be placed, in words.</summary>
    public static string KeyframesName(KeyframeControl control) => control switch
    {
        KeyframeControl.PerFrame => "per-frame",
        KeyframeControl.FixedInterval => "fixed-interval",
        _ => "n/a",
    };
}
