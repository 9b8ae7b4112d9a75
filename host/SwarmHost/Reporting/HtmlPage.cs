using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace SwarmHost.Reporting;

/// <summary>
/// Builds a self-contained HTML page: inline style, plots as inline PNG data, no script and no
/// reference to anything outside the file, so it opens offline and can be mailed or archived as is.
/// </summary>
internal sealed class HtmlPage
{
    private const string Style = """
        :root { color-scheme: light; --ink: #1d2329; --muted: #5b6670; --line: #d8dee4; --good: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; padding: 24px 32px 48px; max-width: 1200px; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.2rem; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        .sub { color: var(--muted); margin: 0; font-size: .92rem; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0 8px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px; }
        .card b { display: block; font-size: 1.5rem; } .card span { color: var(--muted); font-size: .85rem; }
        .card.good b { color: var(--good); } .card.bad b { color: var(--bad); } .card.warn b { color: var(--warn); }
        nav a { margin-right: 14px; font-size: .9rem; }
        figure { margin: 12px 0 24px; } figure img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
        figcaption { color: var(--muted); font-size: .88rem; margin-top: 4px; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-size: .88rem; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; max-width: 640px; overflow-wrap: anywhere; }
        table.facts td:first-child { white-space: nowrap; color: var(--muted); }
        th { background: #f6f8fa; } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .wide { overflow-x: auto; }
        .warning { border-left: 4px solid var(--warn); background: #fff8c5; padding: 6px 12px; margin: 12px 0; }
        footer { margin-top: 40px; color: var(--muted); font-size: .8rem; }
        """;

    private readonly StringBuilder _html = new();

    /// <summary>Starts the page with its title, heading and a line under it.</summary>
    public HtmlPage(string title, string heading, string subheading)
    {
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<header>\n<h1>")
            .Append(Encode(heading)).Append("</h1>\n<p class=\"sub\">").Append(Encode(subheading)).Append("</p>\n</header>\n");
    }

    /// <summary>Formats a number with <paramref name="format"/>, or "n/a" when it was not measured.</summary>
    public static string Number(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Adds a heading.</summary>
    public HtmlPage Heading(string id, string text)
    {
        _html.Append("<h2 id=\"").Append(Encode(id)).Append("\">").Append(Encode(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlPage Paragraph(string text)
    {
        _html.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds a highlighted warning.</summary>
    public HtmlPage Warning(string text)
    {
        _html.Append("<p class=\"warning\">").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds a row of headline figures; each card's <c>Tone</c> is <c>good</c>, <c>bad</c>, <c>warn</c> or empty.</summary>
    public HtmlPage Cards(IEnumerable<(string Value, string Label, string Tone)> cards)
    {
        _html.Append("<section class=\"cards\">\n");
        foreach (var (value, label, tone) in cards)
        {
            _html.Append("<div class=\"card ").Append(tone).Append("\"><b>").Append(Encode(value)).Append("</b><span>").Append(Encode(label)).Append("</span></div>\n");
        }

        _html.Append("</section>\n");
        return this;
    }

    /// <summary>Adds links to the charts.</summary>
    public HtmlPage Contents(IEnumerable<(string Id, string Text)> links)
    {
        _html.Append("<nav>");
        foreach (var (id, text) in links)
        {
            _html.Append("<a href=\"#").Append(Encode(id)).Append("\">").Append(Encode(text)).Append("</a>");
        }

        _html.Append("</nav>\n");
        return this;
    }

    /// <summary>Adds a chart as an inline PNG with its title and caption.</summary>
    public HtmlPage Chart(ReportChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        _html.Append("<figure id=\"").Append(Encode(chart.Id)).Append("\">\n<h2>").Append(Encode(chart.Title)).Append("</h2>\n")
            .Append(CultureInfo.InvariantCulture, $"<img class=\"plot\" width=\"{chart.Width}\" height=\"{chart.Height}\" alt=\"")
            .Append(Encode(chart.Title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(chart.Png)).Append("\">\n<figcaption>")
            .Append(Encode(chart.Caption)).Append("</figcaption>\n</figure>\n");
        return this;
    }

    /// <summary>Adds a table of name and value pairs.</summary>
    public HtmlPage Facts(IEnumerable<(string Name, string Value)> facts)
    {
        _html.Append("<table class=\"facts\">\n<tbody>\n");
        foreach (var (name, value) in facts)
        {
            _html.Append("<tr><td>").Append(Encode(name)).Append("</td><td>").Append(Encode(value)).Append("</td></tr>\n");
        }

        _html.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>Adds a table; a cell that parses as a number is right-aligned.</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        _html.Append("<div class=\"wide\"><table>\n<thead><tr>");
        foreach (var cell in header)
        {
            _html.Append("<th>").Append(Encode(cell)).Append("</th>");
        }

        _html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row)
            {
                var numeric = double.TryParse(cell.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out _) || cell == "n/a";
                _html.Append(numeric ? "<td class=\"n\">" : "<td>").Append(Encode(cell)).Append("</td>");
            }

            _html.Append("</tr>\n");
        }

        _html.Append("</tbody>\n</table></div>\n");
        return this;
    }

    /// <summary>Closes the page with a footer naming the product version and when it was written; returns the HTML.</summary>
    public string Finish()
    {
        var version = typeof(HtmlPage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
        _html.Append("<footer>Written by SwarmHost ").Append(Encode(version)).Append(" on ")
            .Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append(". Self-contained: it needs no network to view.</footer>\n</body>\n</html>\n");
        return _html.ToString();
    }

    /// <summary>Writes <paramref name="html"/> to <paramref name="path"/> through a temporary file, so a page being replaced is never seen half-written.</summary>
    public static void Save(string html, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, full, overwrite: true);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
