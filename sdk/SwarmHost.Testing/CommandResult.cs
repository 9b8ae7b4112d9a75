namespace SwarmHost.Testing;

/// <summary>What one <c>swarmhost</c> command did: its exit code and everything it printed.</summary>
/// <param name="Arguments">The arguments it ran with (after <c>swarmhost</c>), for failure messages.</param>
/// <param name="ExitCode">0 success, 1 runtime failure, 2 bad usage or invalid input (see the README's exit codes).</param>
/// <param name="StandardOutput">What it wrote to stdout (the result: a summary, a listing, JSON).</param>
/// <param name="StandardError">What it wrote to stderr (progress, warnings, error messages).</param>
public sealed record CommandResult(IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The command line and its exit code, stderr and stdout, for an assertion message.</summary>
    public string Describe() =>
        $"swarmhost {string.Join(' ', Arguments)} exited {ExitCode}.{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}";
}
