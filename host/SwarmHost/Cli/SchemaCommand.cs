using System.CommandLine;
using SwarmHost.Manifest;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost schema [--markdown]</c>: the manifest's JSON Schema, or the reference generated from it.</summary>
public static class SchemaCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var markdown = new Option<bool>("--markdown") { Description = "Print the manifest reference generated from the schema (docs/manifest.md) instead of the schema itself." };
        var command = new Command("schema", """
            Print the JSON Schema every manifest is validated against (point an editor's $schema at
            it for completion), or with --markdown the manifest reference generated from it: every
            property with its type, whether it is required, its default, the allowed values and its
            meaning. docs/manifest.md is this output, so it cannot drift from the validator.

            Examples:
              swarmhost schema > swarm-manifest.schema.json
              swarmhost schema --markdown > docs/manifest.md
            """)
        {
            markdown,
        };
        command.SetAction(parse =>
        {
            context.Output.Write(parse.GetValue(markdown) ? ManifestReference.Markdown() : ManifestSchema.Text);
            return ExitCodes.Success;
        });
        return command;
    }
}
