using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmHost.Testing;

/// <summary>
/// A three-encoder H.264 swarm that forces a handover to the encoder under test: two libx264
/// encoders (the host's <c>ffmpeg</c> component, each wrapped in <c>chaos</c>) throw from
/// <see cref="FailAtFrame"/> on and never rejoin, so from the GOP holding that frame to the end
/// the output can only come from the encoder under test. The swarm may end with that encoder
/// alone (<c>health.minEncoders</c> 1), so the run's exit code says whether the output is complete.
/// </summary>
/// <remarks>
/// The input is FFmpeg's <c>testsrc2</c> test pattern at <see cref="Width"/>x<see cref="Height"/>
/// unless <see cref="Source"/> says otherwise; the combiner is <c>switch</c> (whole GOPs, zero
/// loss). After a run, <see cref="RunSummary.LostFrames"/> should be 0 and the encoder under test
/// should have carried at least <see cref="FramesAfterHandover"/> frames
/// (<see cref="EncoderRunSummary.LeadFrames"/>).
/// </remarks>
/// <param name="ComponentId">The component id of the encoder under test (its descriptor's id).</param>
public sealed record HandoverSwarm(string ComponentId)
{
    /// <summary>The instance ids of the two libx264 encoders that fail.</summary>
    public static IReadOnlyList<string> FailingEncoderIds { get; } = ["x264-ultrafast", "x264-veryfast"];

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>The instance id of the encoder under test in the manifest and the summary. Default: the component id.</summary>
    public string InstanceId { get; init; } = ComponentId;

    /// <summary>Options for the encoder under test, as its options table names them; none by default.</summary>
    public IReadOnlyDictionary<string, object?> Options { get; init; } = new Dictionary<string, object?>();

    /// <summary>The input URI (a file, a URL, or <c>lavfi:&lt;graph&gt;</c>); <c>null</c> for the <c>testsrc2</c> pattern at the profile's size and rate.</summary>
    public string? Source { get; init; }

    /// <summary>Frames to run. Default 150 (5 s at 30 fps).</summary>
    public int Frames { get; init; } = 150;

    /// <summary>Picture width of the profile. Default 320.</summary>
    public int Width { get; init; } = 320;

    /// <summary>Picture height of the profile. Default 180.</summary>
    public int Height { get; init; } = 180;

    /// <summary>Frames per second of the profile. Default 30.</summary>
    public int FrameRate { get; init; } = 30;

    /// <summary>Frames per GOP: every encoder is asked for a keyframe every this many frames. Default 15.</summary>
    public int Gop { get; init; } = 15;

    /// <summary>The frame from which the two libx264 encoders throw. Default 40.</summary>
    public int FailAtFrame { get; init; } = 40;

    /// <summary>
    /// How long an encoder call may take before the host judges it hung (<c>health.hangTimeoutMs</c>).
    /// Default 2000 ms: generous, so a machine busy with other work cannot fail the encoder under
    /// test for one slow call; the two libx264 encoders fail by throwing, not by hanging.
    /// </summary>
    public int HangTimeoutMs { get; init; } = 2000;

    /// <summary>Frames from the start of the GOP holding <see cref="FailAtFrame"/> to the end: the output must take every one of them from the encoder under test.</summary>
    public int FramesAfterHandover => Frames - FailAtFrame / Gop * Gop;

    /// <summary>Writes the manifest as <c>swarm.json</c> in <paramref name="folder"/> (created if missing); the output goes to <c>program.ts</c> beside it.</summary>
    /// <returns>The manifest's path.</returns>
    /// <exception cref="ArgumentException">The settings cannot force a handover (a GOP below 1, a negative frame, or a failure too late to leave the encoder under test a whole GOP); the message says which.</exception>
    public string WriteManifest(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(ComponentId);
        if (Gop < 1 || FailAtFrame < 0)
        {
            throw new ArgumentException($"Gop ({Gop}) must be at least 1 and FailAtFrame ({FailAtFrame}) at least 0.", nameof(folder));
        }

        if (FramesAfterHandover < Gop)
        {
            throw new ArgumentException($"A swarm of {Frames} frames with GOPs of {Gop} that fails at frame {FailAtFrame} leaves the encoder under test less than one whole GOP; give more frames or fail earlier.", nameof(folder));
        }

        Directory.CreateDirectory(folder);
        var rate = FrameRate.ToString(CultureInfo.InvariantCulture);
        var manifest = new JsonObject
        {
            ["source"] = new JsonObject
            {
                ["uri"] = Source ?? $"lavfi:testsrc2=size={Width}x{Height}:rate={rate}",
                ["frames"] = Frames,
            },
            ["profile"] = new JsonObject { ["codec"] = "h264", ["width"] = Width, ["height"] = Height, ["frameRate"] = rate + "/1", ["gop"] = Gop },
            ["encoders"] = new JsonArray(
                FailingLibx264(FailingEncoderIds[0], "ultrafast"),
                FailingLibx264(FailingEncoderIds[1], "veryfast"),
                new JsonObject { ["id"] = InstanceId, ["plugin"] = ComponentId, ["options"] = JsonSerializer.SerializeToNode(Options) }),
            ["health"] = new JsonObject { ["rejoinAfterFrames"] = 0, ["minEncoders"] = 1, ["hangTimeoutMs"] = HangTimeoutMs },
            ["combiner"] = new JsonObject { ["plugin"] = "switch" },
            ["output"] = new JsonObject { ["uri"] = "program.ts" },
        };
        var path = Path.Combine(folder, "swarm.json");
        File.WriteAllText(path, manifest.ToJsonString(IndentedJson));
        return path;
    }

    private JsonObject FailingLibx264(string id, string preset) => new()
    {
        ["id"] = id,
        ["plugin"] = "chaos",
        ["options"] = new JsonObject
        {
            ["mode"] = "throw",
            ["frame"] = FailAtFrame,
            ["inner"] = new JsonObject { ["plugin"] = "ffmpeg", ["options"] = new JsonObject { ["codec"] = "libx264", ["preset"] = preset, ["bitrate"] = "600k" } },
        },
    };
}
