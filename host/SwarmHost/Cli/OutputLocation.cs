namespace SwarmHost.Cli;

/// <summary>Where a command writes its output.</summary>
internal static class OutputLocation
{
    /// <summary>A file output is made absolute (relative to the current folder) and its folder created; a URL passes through.</summary>
    public static string Prepare(string uri)
    {
        if (uri.Contains("://", StringComparison.Ordinal))
        {
            return uri;
        }

        var full = Path.GetFullPath(uri);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
