using System.Text.RegularExpressions;

namespace SwarmHost.Media;

/// <summary>Media addresses as they may be shown: in messages, events, summaries and logs a secret in a URL (an SRT <c>passphrase</c>) is replaced by <c>***</c>.</summary>
public static partial class MediaUris
{
    /// <summary><paramref name="uri"/> with the value of every <c>passphrase</c> option hidden.</summary>
    public static string Redact(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return Secret().Replace(uri, "$1***");
    }

    [GeneratedRegex("((?:^|[?&])passphrase=)[^&]*", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}
