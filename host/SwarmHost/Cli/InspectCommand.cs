using System.CommandLine;
using SwarmHost.Abstractions;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost inspect &lt;id&gt;</c>: everything about one component, modelled on gst-inspect.</summary>
public static class InspectCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = new Argument<string>("id") { Description = "The component id, as listed by `swarmhost plugins` (e.g. system)." };
        var json = new Option<bool>("--json") { Description = "Print the descriptor, status, file, contract version, capabilities and options table as one JSON object." };
        var command = new Command("inspect", """
            Show one component: its descriptor (long name, description, author, version, licence,
            rank), where it was loaded from and the contract version it was built against, its
            capabilities, and its options table with types, defaults, ranges and allowed values —
            everything a manifest may set.

            Exits 2 when no component has that id (with the closest id, if any).

            Examples:
              swarmhost inspect system
              swarmhost inspect system --json
            """)
        {
            id,
            json,
        };
        command.SetAction(parse =>
        {
            using var host = context.BuildHost(parse);
            var catalog = context.Discover(host, parse);
            var wanted = parse.GetValue(id)!;
            var record = catalog.Find(wanted);
            if (record?.Descriptor is null)
            {
                var hint = catalog.Closest(wanted) is { } closest ? $" Did you mean '{closest}'?" : "";
                context.Error.WriteLine($"error: no component '{wanted}' in {string.Join(", ", catalog.Roots.DefaultIfEmpty("(no plugin root)"))}.{hint} Run `swarmhost plugins` to list them.");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(json))
            {
                context.WriteJson(ComponentViews.Detail(record));
            }
            else
            {
                WriteText(context.Output, record);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteText(TextWriter output, ComponentRecord record)
    {
        var d = record.Descriptor!;
        void Field(string name, object? value) => output.WriteLine($"  {name,-22}{value}");

        output.WriteLine("Component Details:");
        Field("Id", d.Id);
        Field("Kind", ComponentViews.KindName(d.Kind));
        Field("Long name", d.LongName);
        Field("Description", d.Description);
        Field("Author", d.Author);
        Field("Version", d.Version);
        Field("License", d.License);
        Field("Rank", ComponentViews.RankName(d.Rank));
        output.WriteLine();
        output.WriteLine("Package Details:");
        Field("Package", record.Package);
        Field("File", record.File);
        Field("Status", record.Reason is null ? record.Status.ToString() : $"{record.Status}: {record.Reason}");
        Field("Contract version", ComponentViews.ContractVersion(record) ?? "unknown");
        output.WriteLine();
        output.WriteLine("Capabilities:");
        Field("Keyframes", ComponentViews.KeyframesName(d.Capabilities.Keyframes));
        Field("Typical delay", $"{d.Capabilities.TypicalDelayFrames} frame(s)");
        if (d.Kind == ComponentKind.Combiner)
        {
            Field("GOP switching", d.Capabilities.GopSwitching ? "yes: writes the encoders' own units, so every encoder must produce the profile's codec" : "no");
        }

        Field("Features", d.Capabilities.Features is { Count: > 0 } f ? string.Join(", ", f) : "(none)");
        output.WriteLine();
        output.WriteLine("Options:");
        if (d.Options.Count == 0)
        {
            output.WriteLine("  (none)");
        }

        foreach (var option in d.Options)
        {
            output.WriteLine($"  {option.Name,-22}: {option.Help}");
            output.WriteLine($"  {"",-22}  {Summary(option)}");
        }
    }

    private static string Summary(OptionDescriptor option)
    {
        var parts = new List<string> { option.Type.ToString().ToLowerInvariant() };
        if (option.Type is OptionType.Integer or OptionType.Number && (option.Minimum is not null || option.Maximum is not null))
        {
            parts.Add($"Range: {OptionValues.Range(option)}");
        }

        if (option.AllowedValues is { Count: > 0 } allowed)
        {
            parts.Add($"Allowed: {string.Join(", ", allowed)}");
        }

        if (option.ComponentKind is { } kind)
        {
            parts.Add($"Component kind: {ComponentViews.KindName(kind)}");
        }

        parts.Add(option.Required ? "Required" : option.Default is null ? "Optional, no default" : $"Default: {OptionValues.Format(option.Default)}");
        return string.Join(". ", parts);
    }
}
