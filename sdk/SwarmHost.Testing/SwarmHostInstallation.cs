using System.Diagnostics;
using System.Text.Json;

namespace SwarmHost.Testing;

/// <summary>
/// A built <c>swarmhost</c> host (the folder holding <c>swarmhost.dll</c> and its default plugin
/// root <c>plugins/</c>), and the commands a plugin test runs through it.
/// </summary>
/// <remarks>
/// Every command runs the real host as a child process (<c>dotnet swarmhost.dll ...</c>), with the
/// host's default plugin root plus the roots a test gives (a root is a folder of package folders,
/// <c>&lt;root&gt;/&lt;Package&gt;/&lt;Package&gt;.dll</c>). Instances are immutable and safe to
/// share between tests; commands may run in parallel.
/// </remarks>
public sealed class SwarmHostInstallation
{
    /// <summary>The environment variable naming the host folder: <c>artifacts/swarmhost</c> of a SwarmHost build.</summary>
    public const string HomeVariable = "SWARMHOST_HOME";

    private const string HostAssembly = "swarmhost.dll";

    private static readonly JsonSerializerOptions ListingJson = new(JsonSerializerDefaults.Web);

    private SwarmHostInstallation(string folder) => Folder = folder;

    /// <summary>The host folder (holds <c>swarmhost.dll</c>).</summary>
    public string Folder { get; }

    /// <summary>The host's own plugin root, <c>plugins/</c> beside the executable: <c>ffmpeg</c>, <c>chaos</c>, <c>switch</c>, ...</summary>
    public string DefaultPluginRoot => Path.Combine(Folder, "plugins");

    /// <summary>
    /// Finds the host: the folder <c>SWARMHOST_HOME</c> names if it is set, else a <c>swarmhost</c>
    /// on <c>PATH</c> (the executable in a host folder, or a SwarmHost checkout's launcher script,
    /// whose <c>artifacts/swarmhost</c> is then used).
    /// </summary>
    /// <exception cref="InvalidOperationException">No host was found; the message says what to set.</exception>
    public static SwarmHostInstallation Locate()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            return File.Exists(Path.Combine(home, HostAssembly))
                ? new SwarmHostInstallation(Path.GetFullPath(home))
                : throw new InvalidOperationException($"{HomeVariable} is '{home}', but that folder holds no {HostAssembly}. Point {HomeVariable} at the built host folder (artifacts/swarmhost of a SwarmHost build, the folder holding {HostAssembly} and plugins/).");
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var launcher = new FileInfo(Path.Combine(directory, "swarmhost"));
            if (!launcher.Exists)
            {
                continue;
            }

            var target = launcher.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? launcher.FullName;
            var folder = Path.GetDirectoryName(target)!;
            foreach (var candidate in new[] { folder, Path.Combine(folder, "artifacts", "swarmhost") })
            {
                if (File.Exists(Path.Combine(candidate, HostAssembly)))
                {
                    return new SwarmHostInstallation(candidate);
                }
            }
        }

        throw new InvalidOperationException($"No swarmhost found: {HomeVariable} is not set and no swarmhost on PATH leads to a host folder. Set {HomeVariable} to the built host folder (artifacts/swarmhost of a SwarmHost build, the folder holding {HostAssembly} and plugins/), or put that folder's swarmhost on PATH.");
    }

    /// <summary>The host in <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder holds no <c>swarmhost.dll</c>.</exception>
    public static SwarmHostInstallation At(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return File.Exists(Path.Combine(folder, HostAssembly))
            ? new SwarmHostInstallation(Path.GetFullPath(folder))
            : throw new DirectoryNotFoundException($"'{folder}' holds no {HostAssembly}; give the built host folder (artifacts/swarmhost of a SwarmHost build).");
    }

    /// <summary>Runs <c>swarmhost</c> with <paramref name="arguments"/> and waits for it.</summary>
    /// <param name="arguments">Everything after <c>swarmhost</c>, e.g. <c>["inspect", "acme-encoder", "--json"]</c>.</param>
    /// <param name="timeout">How long it may take; then it is killed.</param>
    /// <param name="cancellationToken">Kills the host and cancels the wait.</param>
    /// <returns>Its exit code and output, whatever the exit code.</returns>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/>.</exception>
    public async Task<CommandResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Folder, HostAssembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName} {Path.Combine(Folder, HostAssembly)}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"swarmhost {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:F0} s and was killed.");
        }

        return new CommandResult(arguments, process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary>Lists every component and failed package in the default plugin root and <paramref name="pluginRoots"/> (<c>swarmhost plugins --json</c>).</summary>
    /// <param name="pluginRoots">Further plugin roots, e.g. the folder a plugin project builds its package folder into.</param>
    /// <param name="cancellationToken">Kills the host and cancels the wait.</param>
    /// <exception cref="DirectoryNotFoundException">A plugin root does not exist (the plugin is not built).</exception>
    /// <exception cref="InvalidOperationException">The host failed; the message has its output.</exception>
    public async Task<IReadOnlyList<PluginListing>> ListPluginsAsync(IEnumerable<string> pluginRoots, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(["plugins", "--json", .. PluginRootArguments(pluginRoots)], TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe());
        }

        return JsonSerializer.Deserialize<List<PluginListing>>(result.StandardOutput, ListingJson)
            ?? throw new InvalidOperationException("swarmhost plugins --json printed null. " + result.Describe());
    }

    /// <summary>
    /// Runs a swarm (<c>swarmhost run</c>) with the default plugin root plus <paramref name="pluginRoots"/>,
    /// writing <c>summary.json</c> and <c>events.jsonl</c> beside the manifest.
    /// </summary>
    /// <param name="manifest">The manifest, e.g. from <see cref="HandoverSwarm.WriteManifest"/>.</param>
    /// <param name="pluginRoots">Further plugin roots, e.g. the folder a plugin project builds its package folder into.</param>
    /// <param name="timeout">How long the run may take; default three minutes.</param>
    /// <param name="cancellationToken">Kills the host and cancels the wait.</param>
    /// <returns>The run, also when the swarm failed (exit 1; see <see cref="RunSummary.Error"/>).</returns>
    /// <exception cref="DirectoryNotFoundException">A plugin root does not exist (the plugin is not built).</exception>
    /// <exception cref="InvalidOperationException">The run wrote no summary (an invalid manifest, an unknown component, an input that cannot be read); the message has the host's output.</exception>
    public async Task<SwarmRun> RunSwarmAsync(string manifest, IEnumerable<string> pluginRoots, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var summary = Path.Combine(folder, "summary.json");
        var events = Path.Combine(folder, "events.jsonl");
        File.Delete(summary);
        var result = await RunAsync(
            ["run", manifest, "--quiet", "--summary", summary, "--events", events, .. PluginRootArguments(pluginRoots)],
            timeout ?? TimeSpan.FromMinutes(3),
            cancellationToken).ConfigureAwait(false);
        return File.Exists(summary)
            ? new SwarmRun(result, RunSummary.Load(summary), summary, events)
            : throw new InvalidOperationException("The run wrote no summary. " + result.Describe());
    }

    private List<string> PluginRootArguments(IEnumerable<string> pluginRoots)
    {
        ArgumentNullException.ThrowIfNull(pluginRoots);
        var arguments = new List<string> { "--plugins", DefaultPluginRoot };
        foreach (var root in pluginRoots)
        {
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"Plugin root '{root}' does not exist; build the plugin project first (it puts its package folder there).");
            }

            arguments.AddRange(["--plugins", Path.GetFullPath(root)]);
        }

        return arguments;
    }

    private static string DotnetExecutable()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return !string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, executable)) ? Path.Combine(root, executable) : executable;
    }
}
