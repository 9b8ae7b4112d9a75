using System.Text;

namespace SwarmHost.Media;

/// <summary>
/// Reads the filter names out of an FFmpeg filtergraph description the way libavfilter's graph
/// parser does: chains separated by <c>;</c>, filters by <c>,</c>, each as
/// <c>[in]…name[@instance][=arguments][out]…</c>, with <c>'…'</c> quoting and <c>\</c> escaping
/// (FFmpeg's <c>av_get_token</c>). Anything it cannot read the same way is refused.
/// </summary>
public static class FilterGraphParser
{
    private const string Whitespace = " \n\t\r";

    /// <summary>The filter names in <paramref name="graph"/>, in order (instance suffixes such as <c>@a</c> removed).</summary>
    /// <exception cref="FormatException">The description is malformed: an unclosed label, an empty or odd filter name, a stray character.</exception>
    public static IReadOnlyList<string> FilterNames(string graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var names = new List<string>();
        var at = 0;
        char separator;
        do
        {
            Labels(graph, ref at);
            var name = Token(graph, ref at, "=,;[");
            if (at < graph.Length && graph[at] == '=')
            {
                at++;
                _ = Token(graph, ref at, "[],;");
            }

            var instance = name.IndexOf('@', StringComparison.Ordinal);
            var filter = instance >= 0 ? name[..instance] : name;
            if (filter.Length == 0 || !filter.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                throw new FormatException(filter.Length == 0 ? $"a filter name is missing at character {at + 1}" : $"'{name}' is not a filter name");
            }

            names.Add(filter);
            Labels(graph, ref at);
            SkipWhitespace(graph, ref at);
            separator = at < graph.Length ? graph[at++] : '\0';
            if (separator is not (',' or ';' or '\0'))
            {
                throw new FormatException($"unexpected '{separator}' at character {at}");
            }
        }
        while (separator is ',' or ';');

        return names;
    }

    private static void Labels(string graph, ref int at)
    {
        SkipWhitespace(graph, ref at);
        while (at < graph.Length && graph[at] == '[')
        {
            at++;
            _ = Token(graph, ref at, "]");
            if (at >= graph.Length || graph[at] != ']')
            {
                throw new FormatException("a link label '[' is not closed with ']'");
            }

            at++;
            SkipWhitespace(graph, ref at);
        }
    }

    private static void SkipWhitespace(string graph, ref int at)
    {
        while (at < graph.Length && Whitespace.Contains(graph[at], StringComparison.Ordinal))
        {
            at++;
        }
    }

    /// <summary>FFmpeg's <c>av_get_token</c>: up to a terminator outside quotes, unescaped, outer whitespace trimmed.</summary>
    private static string Token(string graph, ref int at, string terminators)
    {
        SkipWhitespace(graph, ref at);
        var text = new StringBuilder();
        var end = 0;
        while (at < graph.Length && !terminators.Contains(graph[at], StringComparison.Ordinal))
        {
            var c = graph[at++];
            if (c == '\\' && at < graph.Length)
            {
                text.Append(graph[at++]);
                end = text.Length;
            }
            else if (c == '\'')
            {
                while (at < graph.Length && graph[at] != '\'')
                {
                    text.Append(graph[at++]);
                }

                if (at < graph.Length)
                {
                    at++;
                }

                end = text.Length;
            }
            else
            {
                text.Append(c);
            }
        }

        while (text.Length > end && Whitespace.Contains(text[^1], StringComparison.Ordinal))
        {
            text.Length--;
        }

        return text.ToString();
    }
}
