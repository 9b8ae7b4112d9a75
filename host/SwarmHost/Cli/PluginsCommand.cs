using System.CommandLine;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost plugins</c>: every component and failed package found in the plugin roots.</summary>
public static class PluginsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print a JSON array, one object per component or failed package: package, id, kind, version, status, reason, file." };
        var command = new Command("plugins", """
            List every component in the plugin roots, and every package folder that failed to load.

            Each package folder <root>/<name>/ holds <name>.dll and its private dependencies and is
            loaded into its own context. Status is one of:
              Active         loaded; its components can be named in a manifest
              Disabled       the folder holds a .disabled file
              NotSupported   built against an incompatible contract version, or not a SwarmHost package
              Malfunctioned  threw, missing dependency, bad descriptor, no <name>.dll, or outside the root
            A failed package never stops the others; the command exits 0 whatever their status.

            Examples:
              swarmhost plugins
              swarmhost plugins --json
              swarmhost plugins --plugins /opt/swarmhost/plugins
            """)
        {
            json,
        };
        command.SetAction(parse =>
        {
            using var host = context.BuildHost(parse);
            var catalog = context.Discover(host, parse);
            if (parse.GetValue(json))
            {
                context.WriteJson(catalog.Records.Select(ComponentViews.Row));
                return ExitCodes.Success;
            }

            WriteTable(context.Output, catalog);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, PluginCatalog catalog)
    {
        output.WriteLine($"Plugin roots: {string.Join(", ", catalog.Roots.DefaultIfEmpty("(none found)"))}");
        if (catalog.Records.Count == 0)
        {
            output.WriteLine("No plugin packages found.");
            return;
        }

        var rows = catalog.Records.Select(r => new[]
        {
            r.Status.ToString(),
            r.Descriptor is { } d ? ComponentViews.KindName(d.Kind) : "-",
            r.Id ?? "-",
            r.Package,
            r.Descriptor?.Version ?? "-",
            r.Reason ?? r.Descriptor?.LongName ?? "",
        }).ToList();
        string[] header = ["STATUS", "KIND", "ID", "PACKAGE", "VERSION", "DETAIL"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine();
        output.WriteLine(Line(header));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }

        var active = catalog.Records.Count(r => r.Status == PackageStatus.Active);
        output.WriteLine();
        output.WriteLine($"{active} active component(s), {catalog.Records.Count - active} not active.");
    }
}
