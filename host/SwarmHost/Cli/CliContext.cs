using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary>What every command shares: the output streams, the global options, and the generic host that provides services.</summary>
public sealed class CliContext
{
    /// <summary>Creates the context for one invocation.</summary>
    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
    }

    /// <summary>Where results go (stdout).</summary>
    public TextWriter Output { get; }

    /// <summary>Where diagnostics go (stderr).</summary>
    public TextWriter Error { get; }

    /// <summary><c>--plugins &lt;dir&gt;</c>: plugin roots replacing the default (repeatable).</summary>
    public Option<string[]> PluginsOption { get; } = new("--plugins")
    {
        Description = "Plugin root to search instead of the plugins/ folder beside the executable (and instead of the manifest's \"plugins\"); repeat for several. Packages are loaded only from inside these folders.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "dir",
    };

    /// <summary><c>--allow-filter NAME</c>: a filter a <c>lavfi:</c> input may use beyond the default list (repeatable).</summary>
    public Option<string[]> AllowFilterOption { get; } = new("--allow-filter")
    {
        Description = "Let a lavfi: input use this FFmpeg filter beyond the default list of test sources and plain picture filters (docs/input-safety.md); repeat for several. Only for graphs you trust: some filters load libraries, read or write files or open sockets.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "name",
    };

    /// <summary><c>--allow-plugin-root DIR</c>: a folder outside the manifest's own that its <c>plugins</c> may name (repeatable).</summary>
    public Option<string[]> AllowPluginRootOption { get; } = new("--allow-plugin-root")
    {
        Description = "Let a manifest's \"plugins\" name this folder (or one under it) outside the manifest's own folder and the installation's plugins; repeat for several. A manifest alone cannot make SwarmHost load code from elsewhere.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "dir",
    };

    /// <summary><c>--verbose</c>: debug logging to stderr.</summary>
    public Option<bool> VerboseOption { get; } = new("--verbose", "-v")
    {
        Description = "Log debug detail (plugin discovery, loading) to stderr.",
        Recursive = true,
    };

    /// <summary>JSON settings for machine-readable output: camelCase, indented, enums as strings.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // output is for terminals and files, not HTML
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The plugin roots searched when neither <c>--plugins</c> nor a manifest names any: <c>plugins/</c> beside the executable.</summary>
    public static IReadOnlyList<string> DefaultRoots { get; } = [Path.Combine(AppContext.BaseDirectory, "plugins")];

    /// <summary>The roots given with <c>--plugins</c>, made absolute; empty when none.</summary>
    public IReadOnlyList<string> PluginRoots(ParseResult parse) =>
        (parse.GetValue(PluginsOption) ?? []).Select(Path.GetFullPath).ToList();

    /// <summary>What the command line allows beyond the defaults: <c>--allow-plugin-root</c> (made absolute) and <c>--allow-filter</c>.</summary>
    public ManifestAllowances Allowances(ParseResult parse) =>
        new((parse.GetValue(AllowPluginRootOption) ?? []).Select(Path.GetFullPath).ToList(), parse.GetValue(AllowFilterOption) ?? []);

    /// <summary>
    /// Refuses an input given on the command line whose <c>lavfi:</c> graph uses a filter not allowed
    /// (printed to stderr with the option it came from); <c>true</c> when it may be opened.
    /// </summary>
    public bool InputAllowed(ParseResult parse, string? uri, string option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (uri is null || Media.FilterAllowlist.Refusal(uri, Allowances(parse).Filters) is not { } refusal)
        {
            return true;
        }

        Error.WriteLine($"{option}: {refusal}; nothing was run.");
        return false;
    }

    /// <summary>Builds the generic host for one command: logging to stderr, plugin discovery and manifest validation services.</summary>
    public IHost BuildHost(ParseResult parse)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(parse.GetValue(VerboseOption) ? LogLevel.Debug : LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton<PluginDiscovery>();
        builder.Services.AddSingleton<ManifestValidator>();
        return builder.Build();
    }

    /// <summary>
    /// Validates a manifest for a command that runs it: on problems, prints each to stderr with a
    /// closing count and returns <c>null</c> (the caller exits with <see cref="ExitCodes.InvalidInput"/>).
    /// </summary>
    public ManifestValidation? ValidForRun(IHost host, ParseResult parse, string file)
    {
        ArgumentNullException.ThrowIfNull(host);
        var validation = host.Services.GetRequiredService<ManifestValidator>().Validate(file, PluginRoots(parse), DefaultRoots, Allowances(parse));
        foreach (var warning in validation.Warnings)
        {
            Error.WriteLine($"warning: {warning}");
        }

        if (validation.IsValid)
        {
            return validation;
        }

        foreach (var problem in validation.Problems)
        {
            Error.WriteLine(problem);
        }

        Error.WriteLine($"{file}: {validation.Problems.Count} problem(s); nothing was run.");
        return null;
    }

    /// <summary>Discovers plugins from <c>--plugins</c> or the default roots, and warns on stderr about roots that do not exist.</summary>
    public PluginCatalog Discover(IHost host, ParseResult parse)
    {
        var roots = PluginRoots(parse);
        var catalog = host.Services.GetRequiredService<PluginDiscovery>().Discover(roots.Count > 0 ? roots : DefaultRoots);
        foreach (var missing in catalog.MissingRoots)
        {
            Error.WriteLine($"warning: plugin folder not found: {missing}");
        }

        return catalog;
    }

    /// <summary>Writes <paramref name="value"/> as JSON to the output.</summary>
    public void WriteJson(object value) => Output.WriteLine(JsonSerializer.Serialize(value, Json));
}
