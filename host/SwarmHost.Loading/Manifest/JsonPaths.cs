using System.Text;
using System.Text.RegularExpressions;

namespace SwarmHost.Manifest;

/// <summary>Builds JSONPath-style locations (<c>$.encoders[1].options.bitrate</c>) for messages.</summary>
public static partial class JsonPaths
{
    /// <summary>The document root.</summary>
    public const string Root = "$";

    /// <summary>Appends a property name (bracket-quoted when it is not a plain identifier).</summary>
    public static string Property(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{Escape(name)}']";

    /// <summary>Appends an array index.</summary>
    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>Converts a JSON Pointer (<c>/encoders/1/id</c>) to a path; all-digit segments are read as array indexes.</summary>
    public static string FromPointer(string pointer)
    {
        var path = new StringBuilder(Root);
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            var next = segment.All(char.IsAsciiDigit) ? Index(path.ToString(), int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)) : Property(path.ToString(), segment);
            path.Clear().Append(next);
        }

        return path.ToString();
    }

    private static string Escape(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            _ = c switch
            {
                '\'' => text.Append("\\'"),
                _ when char.IsControl(c) || char.IsSurrogate(c) => text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex PlainName();
}
