using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SwarmHost.Analyzers.Complexity;
using SwarmHost.Tools.ComplexityFit;

var root = FindRepositoryRoot();
var clipsFolder = new Option<string>("--clips") { Description = "Folder of the real clips (scripts/fetch-clips.sh fills it).", DefaultValueFactory = _ => Path.Combine(root, ".cache/clips") };
var frames = new Option<int>("--frames") { Description = "Frames read per clip at most.", DefaultValueFactory = _ => 300 };
var gop = new Option<int>("--gop") { Description = "Frames per GOP given to the encoders (and per GOP of the per-GOP correlation).", DefaultValueFactory = _ => 30 };
var codecs = new Option<string>("--codecs") { Description = "The codecs to measure, comma-separated (x264 is fitted on; x265 is the second).", DefaultValueFactory = _ => "x264,x265" };
var cache = new Option<string>("--cache") { Description = "Where measured clips are kept between runs ('none' for nowhere).", DefaultValueFactory = _ => Path.Combine(root, ".cache/complexity-fit") };
var check = new Option<bool>("--check") { Description = "Fit nothing: score the held-out clips with the analyzer's defaults." };
var json = new Option<string?>("--json") { Description = "Also write the held-out correlations and anchor scores to this JSON file." };
var command = new RootCommand("""
    Fits the complexity analyzer's encoding-cost model on real clips and reports how well its
    complexity ranks clips it never saw by what they cost to encode at constant quality.

    Every clip is decoded once, scaled to 640x360; the analyzer measures each picture and the
    ffmpeg CLI encodes the same pictures (x264 veryfast CRF 23 and x265 veryfast CRF 28, 30-frame
    GOPs, one thread, no scene-cut keyframes). Which features the model uses is chosen by
    leave-one-package-out cross-validation on the fitted clips; the model is then fitted on them
    against x264's kbit per frame per GOP, and its scale runs from what it predicts for static bars
    (complexity 0) to what full-frame noise measurably costs (1). The held-out clips come from
    packages no fitted clip comes from and play no part in any choice. Deterministic: the same
    clips give the same coefficients.

    Examples:
      scripts/fetch-clips.sh && dotnet run --project tools/SwarmHost.Tools.ComplexityFit -c Release
      ... --check --codecs x264 --json held-out.json     the shipped defaults on the held-out clips
    """)
{
    clipsFolder, frames, gop, codecs, cache, check, json,
};
command.SetAction(parse =>
{
    var codecList = parse.GetValue(codecs)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    if (codecList.Length == 0 || codecList.FirstOrDefault(c => !EncoderPipe.Codecs.ContainsKey(c)) is { } unknown)
    {
        Console.Error.WriteLine($"--codecs: give one or more of {string.Join(", ", EncoderPipe.Codecs.Keys)}.");
        return 2;
    }

    var cacheFolder = parse.GetValue(cache) is "none" ? null : parse.GetValue(cache);
    var measurer = new ClipMeasurer(parse.GetValue(frames), parse.GetValue(gop), codecList, cacheFolder);
    var recipe = new FitRecipe(parse.GetValue(clipsFolder)!).Clips();
    var checkOnly = parse.GetValue(check);
    var measured = recipe.Where(c => !checkOnly || c.Role != FitRole.Fit)
        .Select(c =>
        {
            Console.Error.WriteLine($"measuring {c.Name} ({c.Package})");
            return measurer.Measure(c);
        }).ToList();
    var low = measured.Single(m => m.Clip == FitRecipe.Low);
    var high = measured.Single(m => m.Clip == FitRecipe.High);
    EncodingCostModel model;
    if (checkOnly)
    {
        model = Defaults();
    }
    else
    {
        var fitted = measured.Where(m => m.Clip.Role == FitRole.Fit).ToList();
        var anchors = measured.Where(m => m.Clip.Role == FitRole.Anchor).ToList();
        var choice = FeatureSelection.Choose(fitted, anchors, codecList[0], low, high);
        var names = EncodingCostModel.FeatureNames.Where((_, f) => (choice.Mask & (1 << f)) != 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Features chosen by leave-one-package-out cross-validation on the fitted clips: {string.Join(", ", names)}; anchors fitted on: {(choice.WithAnchors ? "yes" : "no")}; cross-validated RMS error {choice.CrossValidatedError:F3} in ln(kbit), ρ {choice.CrossValidatedRho:F3}."));
        Console.WriteLine();
        model = CostModelFit.Scaled(CostModelFit.Fit([.. fitted, .. choice.WithAnchors ? anchors : []], codecList[0], low, high, choice.Mask), low, high, codecList[0]);
    }

    var report = new FitReport(model, codecList);
    var heldOut = measured.Where(m => m.Clip.Role == FitRole.HeldOut && m.Clip.Package != "lavfi").ToList();
    if (!checkOnly)
    {
        report.WriteClips(Console.Out, "Fitted clips", [.. measured.Where(m => m.Clip.Role == FitRole.Fit)]);
    }

    report.WriteClips(Console.Out, "Held-out clips (packages never fitted on)", heldOut);
    report.WriteClips(Console.Out, "Generated", [.. measured.Where(m => m.Clip.Package == "lavfi")]);
    report.WriteModel(Console.Out);
    if (parse.GetValue(json) is { } path)
    {
        var result = new Dictionary<string, object>
        {
            ["heldOutClips"] = heldOut.Count,
            ["spearmanByClip"] = codecList.ToDictionary(c => c, c => FitReport.ClipCorrelation(heldOut, report.Complexity, c)),
            ["spearmanByGop"] = codecList.ToDictionary(c => c, c => FitReport.GopCorrelation(heldOut, report.Complexity, c)),
            ["formerSpearmanByClip"] = codecList.ToDictionary(c => c, c => FitReport.ClipCorrelation(heldOut, FitReport.FormerComplexity, c)),
            ["generated"] = measured.Where(m => m.Clip.Package == "lavfi").ToDictionary(m => m.Clip.Name, m => m.Mean(i => report.Complexity(m, i))),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    }

    return 0;
});
return command.Parse(args).Invoke();

static EncodingCostModel Defaults() => ComplexitySettings.FromOptions(ClipMeasurer.DefaultOptions()).CostModel;

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "SwarmHost.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
