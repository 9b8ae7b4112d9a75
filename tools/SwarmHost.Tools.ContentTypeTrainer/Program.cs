using System.CommandLine;
using SwarmHost.Tools.ContentTypeTrainer;

var root = FindRepositoryRoot();
var output = new Option<string>("--out", "-o") { Description = "Where to write the model.", DefaultValueFactory = _ => Path.Combine(root, "plugins/analyzers/SwarmHost.Analyzers.ContentType/models/content-type.onnx") };
var clips = new Option<string>("--clips") { Description = "Folder of the real clips (scripts/fetch-clips.sh fills it).", DefaultValueFactory = _ => Path.Combine(root, ".cache/clips") };
var images = new Option<string>("--images") { Description = "Folder of the photos (scripts/fetch-clips.sh fills it).", DefaultValueFactory = _ => Path.Combine(root, ".cache/images") };
var perClass = new Option<int>("--clips-per-class") { Description = "Generated clips per class (a quarter are held out).", DefaultValueFactory = _ => 40 };
var frames = new Option<int>("--frames") { Description = "Frames per generated clip.", DefaultValueFactory = _ => 48 };
var seed = new Option<int>("--seed") { Description = "ML.NET's seed.", DefaultValueFactory = _ => 1 };
var real = new Option<bool>("--skip-real") { Description = "Skip the accuracy check on real clips." };
var command = new RootCommand("""
    Builds the onnx-content-type analyzer's default model, reproducibly: generates stand-in clips
    (cartoons, sports fields, presenters) and reads photos and clips from Debian packages, computes
    the model's features with its own ONNX feature graph, trains a softmax head with ML.NET on fixed
    seeds, writes the .onnx file and prints per-class accuracy on held-out generated clips and,
    separately, on real footage never trained on.

    Example:
      scripts/fetch-clips.sh && dotnet run --project tools/SwarmHost.Tools.ContentTypeTrainer -c Release
    """)
{
    output, clips, images, perClass, frames, seed, real,
};
command.SetAction(parse =>
{
    var trainer = new ContentTypeTrainer(Console.Out);
    var recipe = new TrainingRecipe(parse.GetValue(clips)!, parse.GetValue(images)!, parse.GetValue(perClass), parse.GetValue(frames));
    return trainer.Run(recipe, parse.GetValue(output)!, parse.GetValue(seed), !parse.GetValue(real));
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
