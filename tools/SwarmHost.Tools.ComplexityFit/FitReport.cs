using System.Globalization;
using MathNet.Numerics.Statistics;
using SwarmHost.Analyzers.Complexity;

namespace SwarmHost.Tools.ComplexityFit;

/// <summary>How well a cost model's complexity ranks measured clips by what they cost: the tables the tool prints and the figures a check reads.</summary>
/// <param name="model">The model whose complexity is scored.</param>
/// <param name="codecs">The codecs measured.</param>
public sealed class FitReport(EncodingCostModel model, IReadOnlyList<string> codecs)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The complexity of frame <paramref name="i"/> of <paramref name="clip"/>.</summary>
    public double Complexity(ClipMeasurement clip, int i) => model.Complexity(model.LogKbit(clip.Features[i]));

    /// <summary>The complexity score the analyzer used before the cost model (its former defaults), for comparison.</summary>
    public static double FormerComplexity(ClipMeasurement clip, int i)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var r = clip.Raw[i];
        return (0.3 * Math.Min(r[0] / 100, 1)) + (0.3 * Math.Min(r[1] / 50, 1)) + (0.2 * Math.Min(r[2] / 0.2, 1)) + (0.2 * Math.Min(r[3] / 16, 1));
    }

    /// <summary>Spearman's rank correlation between the clips' mean score and their mean kbit per frame.</summary>
    public static double ClipCorrelation(IReadOnlyList<ClipMeasurement> clips, Func<ClipMeasurement, int, double> score, string codec) =>
        Correlation.Spearman(clips.Select(c => c.Mean(i => score(c, i))), clips.Select(c => c.MeanKbit(codec)));

    /// <summary>Spearman's rank correlation between every GOP's mean score and its kbit per frame, over all the clips' GOPs.</summary>
    public static double GopCorrelation(IReadOnlyList<ClipMeasurement> clips, Func<ClipMeasurement, int, double> score, string codec)
    {
        var gops = clips.SelectMany(c => Enumerable.Range(0, c.Gops).Select(g => (Score: c.GopMean(i => score(c, i), g), Kbit: c.GopKbit(codec, g)))).ToList();
        return Correlation.Spearman(gops.Select(g => g.Score), gops.Select(g => g.Kbit));
    }

    /// <summary>Writes the clip table and the correlations of one group of clips as Markdown.</summary>
    public void WriteClips(TextWriter output, string title, IReadOnlyList<ClipMeasurement> clips)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(clips);
        output.WriteLine($"### {title}");
        output.WriteLine();
        output.WriteLine($"| clip | package | frames | {string.Join(" | ", codecs.Select(c => $"{c} kbit/frame"))} | complexity | former score | TI |");
        output.WriteLine($"|---|---|---|{string.Concat(codecs.Select(_ => "---|"))}---|---|---|");
        foreach (var clip in clips.OrderBy(c => c.MeanKbit(codecs[0])))
        {
            var kbit = string.Join(" | ", codecs.Select(c => clip.MeanKbit(c).ToString("F1", Inv)));
            output.WriteLine(string.Create(Inv, $"| {clip.Clip.Name} | {clip.Clip.Package} | {clip.Features.Count} | {kbit} | {clip.Mean(i => Complexity(clip, i)):F3} | {clip.Mean(i => FormerComplexity(clip, i)):F3} | {clip.Mean(i => clip.Raw[i][1]):F1} |"));
        }

        output.WriteLine();
        if (clips.Count < 3)
        {
            return;
        }

        output.WriteLine("| Spearman ρ against kbit per frame | " + string.Join(" | ", codecs.Select(c => $"{c}, by clip | {c}, by GOP")) + " |");
        output.WriteLine("|---|" + string.Concat(codecs.Select(_ => "---|---|")));
        foreach (var (name, score) in new (string, Func<ClipMeasurement, int, double>)[] { ("complexity", Complexity), ("former score", FormerComplexity), ("TI alone", (c, i) => c.Raw[i][1]) })
        {
            output.WriteLine($"| {name} | " + string.Join(" | ", codecs.Select(c => string.Create(Inv, $"{ClipCorrelation(clips, score, c):F3} | {GopCorrelation(clips, score, c):F3}"))) + " |");
        }

        output.WriteLine();
    }

    /// <summary>Writes the model's coefficients as Markdown and as the C# constants of the analyzer's defaults.</summary>
    public void WriteModel(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("### Coefficients");
        output.WriteLine();
        output.WriteLine("| option | value |");
        output.WriteLine("|---|---|");
        foreach (var (name, value) in Options(model))
        {
            output.WriteLine(string.Create(Inv, $"| `{name}` | {value:G6} |"));
        }

        output.WriteLine();
    }

    /// <summary>The model as the analyzer's option names and values.</summary>
    public static IEnumerable<(string Name, double Value)> Options(EncodingCostModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        yield return ("costIntercept", model.Intercept);
        for (var i = 0; i < model.Coefficients.Count; i++)
        {
            yield return (EncodingCostModel.FeatureNames[i], model.Coefficients[i]);
        }

        yield return ("lowCostKbit", model.LowKbit);
        yield return ("highCostKbit", model.HighKbit);
    }
}
