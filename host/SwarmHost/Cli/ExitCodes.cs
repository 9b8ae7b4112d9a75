namespace SwarmHost.Cli;

/// <summary>The process exit codes of <c>swarmhost</c> (documented in the README and in <c>--help</c>).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Something failed while running (media, network, a component at run time).</summary>
    public const int RuntimeFailure = 1;

    /// <summary>Bad usage or invalid input: unknown command or option, invalid manifest, unknown component id.</summary>
    public const int InvalidInput = 2;
}
