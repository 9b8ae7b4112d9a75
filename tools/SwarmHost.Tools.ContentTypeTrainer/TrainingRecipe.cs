using OpenCvSharp;
using SwarmHost.Media;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// The data recipe of the default model: which clips of which class, generated from which seeds or
/// read from which Debian-packaged files, and which are held out. Everything is deterministic.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>animation</c>: <see cref="CartoonScene"/> (stand-in); real check: Megamind.avi (a computer-animated film excerpt).</item>
/// <item><c>sports</c>: <see cref="SportsScene"/> (stand-in); real check: opencv-doc's basketball1.png and messi5.jpg filmed by <see cref="StillCameraScene"/>.</item>
/// <item><c>talking_head</c>: <see cref="PresenterScene"/> (stand-in); real check: imageio's astronaut.png portrait filmed by <see cref="StillCameraScene"/>.</item>
/// <item><c>other</c>: real photos from opencv-doc and imageio filmed by <see cref="StillCameraScene"/>, and FFmpeg's mandelbrot, sierpinski and noise sources (all seeded: their output is the same on every run); real check: cockatoo.mp4, realshort.mp4, motion.mov, vtest.avi, tree.avi.</item>
/// </list>
/// Generated clips with index ≡ 3 (mod 4) and the photos in <see cref="HeldOutPhotos"/> are held out.
/// </remarks>
public sealed class TrainingRecipe(string clips, string images, int clipsPerClass, int framesPerClip)
{
    /// <summary>The classes, in the model's output order.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["sports", "animation", "talking_head", "other"];

    /// <summary>Photos for <c>other</c> that are held out.</summary>
    public static IReadOnlyList<string> HeldOutPhotos { get; } = ["fruits.jpg", "building.jpg", "chelsea.png", "rubberwhale1.png"];

    private static readonly string[] OtherPhotos =
    [
        "baboon.jpg", "starry_night.jpg", "home.jpg", "board.jpg", "aero1.jpg", "graf1.png", "leuvenA.jpg", "aloeL.jpg",
        "butterfly.jpg", "orange.jpg", "apple.jpg", "squirrel_cls.jpg", "pic2.png", "HappyFish.jpg", "smarties.png",
    ];

    private static readonly string[] Patterns =
    [
        "mandelbrot=s=640x360:r=30", "sierpinski=s=640x360:r=30:seed=3:type=carpet", "color=c=gray:s=640x360:r=30,noise=alls=50:allf=t:all_seed=11",
        "mandelbrot=s=640x360:r=30:start_scale=0.5:end_scale=0.001:maxiter=512", "sierpinski=s=640x360:r=30:seed=5:type=triangle", "color=c=0x405060:s=640x360:r=30,noise=alls=25:allf=t+u:all_seed=12",
    ];

    /// <summary>Every clip of the recipe, in a fixed order.</summary>
    /// <exception cref="FileNotFoundException">A clip or photo is missing (run scripts/fetch-clips.sh).</exception>
    public IReadOnlyList<LabelledClip> Clips()
    {
        var list = new List<LabelledClip>();
        var photos = OtherPhotos.Concat(HeldOutPhotos).ToDictionary(p => p, p => Photo(Path.Combine(images, p)));
        var backdrops = OtherPhotos.Select(p => photos[p]).ToArray();
        for (var i = 0; i < clipsPerClass; i++)
        {
            var set = i % 4 == 3 ? ClipSet.HeldOut : ClipSet.Training;
            var seed = 1000 + i;
            list.Add(Generated($"cartoon-{i}", "animation", set, () => new CartoonScene(seed)));
            list.Add(Generated($"sports-{i}", "sports", set, () => new SportsScene(seed)));
            var backdrop = backdrops[i % backdrops.Length];
            list.Add(Generated($"presenter-{i}", "talking_head", set, () => new PresenterScene(seed, backdrop)));
        }

        var photoClips = 0;
        for (var round = 0; photoClips < clipsPerClass; round++)
        {
            foreach (var name in OtherPhotos.Concat(HeldOutPhotos))
            {
                var seed = 2000 + (round * 100) + photoClips;
                var speed = (round % 3) switch { 0 => 0.0, 1 => 0.04, _ => 0.3 }; // a still camera, a slow drift, a quick pan
                var photo = photos[name];
                list.Add(Generated($"photo-{name}-{round}", "other", HeldOutPhotos.Contains(name) ? ClipSet.HeldOut : ClipSet.Training, () => new StillCameraScene(seed, photo, framesPerClip, speed)));
                if (++photoClips >= clipsPerClass)
                {
                    break;
                }
            }
        }

        for (var p = 0; p < Patterns.Length; p++)
        {
            var uri = "lavfi:" + Patterns[p];
            list.Add(new LabelledClip($"lavfi-{Patterns[p].Split('=')[0]}-{p}", "other", p % 3 == 2 ? ClipSet.HeldOut : ClipSet.Training, () => Read(uri, framesPerClip)));
        }

        foreach (var (photo, label, seed) in new[] { ("basketball1.png", "sports", 1), ("messi5.jpg", "sports", 2), ("astronaut.png", "talking_head", 3) })
        {
            var picture = Photo(Path.Combine(images, photo));
            list.Add(Generated($"{photo} (camera moves)", label, ClipSet.Real, () => new StillCameraScene(seed, picture, 300, 0.2), 300));
        }

        foreach (var (clip, label) in new[] { ("Megamind.avi", "animation"), ("cockatoo.mp4", "other"), ("realshort.mp4", "other"), ("motion.mov", "other"), ("vtest.avi", "other"), ("tree.avi", "other") })
        {
            var path = Path.Combine(clips, clip);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The real clip '{path}' is missing; run scripts/fetch-clips.sh.", path);
            }

            list.Add(new LabelledClip(clip, label, ClipSet.Real, () => Read(path, 600)));
        }

        return list;
    }

    private static Mat Photo(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The photo '{path}' is missing; run scripts/fetch-clips.sh.", path);
        }

        return Cv2.ImRead(path, ImreadModes.Color);
    }

    private static IEnumerable<I420Picture> Read(string uri, long frames)
    {
        using var source = MediaSource.Open(new MediaSourceOptions(uri) { MaxFrames = frames });
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

    private LabelledClip Generated(string name, string label, ClipSet set, Func<SyntheticScene> scene, int frames = 0) =>
        new(name, label, set, () => Render(scene, frames > 0 ? frames : framesPerClip));

    private static IEnumerable<I420Picture> Render(Func<SyntheticScene> create, int frames)
    {
        using var scene = create();
        using var bgr = new Mat(SyntheticScene.Height, SyntheticScene.Width, MatType.CV_8UC3);
        using var yuv = new Mat();
        for (var f = 0; f < frames; f++)
        {
            scene.Render(f, bgr);
            Cv2.CvtColor(bgr, yuv, ColorConversionCodes.BGR2YUV_I420);
            var bytes = new byte[yuv.Total()];
            System.Runtime.InteropServices.Marshal.Copy(yuv.Data, bytes, 0, bytes.Length);
            yield return new I420Picture(SyntheticScene.Width, SyntheticScene.Height, bytes);
        }
    }
}
