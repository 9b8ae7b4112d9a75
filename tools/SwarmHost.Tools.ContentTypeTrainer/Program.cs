using System.CommandLine;
using SwarmHost.Tools.ContentTypeTrainer;

var root = FindRepositoryRoot();
var output = new Option<string>("--out", "-o") { Description = "Where to write the head.", DefaultValueFactory = _ => Path.Combine(root, "plugins/analyzers/SwarmHost.Analyzers.ContentType/models/content-type.onnx") };
var clips = new Option<string>("--clips") { Description = "Folder of the real clips (scripts/fetch-clips.sh fills it).", DefaultValueFactory = _ => Path.Combine(root, ".cache/clips") };
var images = new Option<string>("--images") { Description = "Folder of the photos (scripts/fetch-clips.sh fills it).", DefaultValueFactory = _ => Path.Combine(root, ".cache/images") };
var frames = new Option<int>("--frames") { Description = "Frames read from the start of each clip, at most.", DefaultValueFactory = _ => 600 };
var seed = new Option<int>("--seed") { Description = "ML.NET's seed.", DefaultValueFactory = _ => 1 };
var cache = new Option<string>("--cache") { Description = "Folder caching the backbone's features per clip; 'none' computes them all.", DefaultValueFactory = _ => Path.Combine(root, ".cache/content-type-features") };
var json = new Option<string?>("--json") { Description = "Also write the held-out figures (per class, by frame and by clip, with and without smoothing; each clip's verdict) to this JSON file." };
var command = new RootCommand("""
    Builds the onnx-content-type analyzer's default head, reproducibly: reads real clips from Debian
    and npm packages (and films a few photographs with a moving camera), runs the shipped backbone
    and face detector on every 15th frame, trains a softmax head with ML.NET on a fixed
    seed, writes the .onnx file, and prints per-class accuracy on held-out real clips from packages
    the class never trained on: by frame and by clip (the class on top on most frames), with and
    without smoothing, and the confusion matrices.

    Example:
      scripts/fetch-clips.sh && scripts/build.sh --all
      dotnet tools/SwarmHost.Tools.ContentTypeTrainer/bin/Release/net10.0/linux-x64/SwarmHost.Tools.ContentTypeTrainer.dll
    """)
{
    output, clips, images, frames, seed, cache, json,
};
command.SetAction(parse =>
{
    var trainer = new ContentTypeTrainer(Console.Out);
    var recipe = new TrainingRecipe(parse.GetValue(clips)!, parse.GetValue(images)!, parse.GetValue(frames));
    var folder = parse.GetValue(cache);
    return trainer.Run(recipe, parse.GetValue(output)!, parse.GetValue(seed), folder == "none" ? null : folder, parse.GetValue(json));
});
return command.Parse(args).Invoke();

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
