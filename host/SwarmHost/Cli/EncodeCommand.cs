using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Media;
using SwarmHost.Pipeline;
using SwarmHost.Plugins;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost encode</c>: one encoder component on one input, to a file or URL — the single-encoder reference for a swarm, and a quick way to try a plugin.</summary>
public static class EncodeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Option<string>("--input", "-i") { Description = "File, URL (udp://, srt://, rtmp://) or lavfi:<graph> test source, e.g. lavfi:testsrc2=size=1280x720:rate=30.", Required = true, HelpName = "uri" };
        var output = new Option<string>("--output", "-o") { Description = "File or URL to write: .ts (MPEG-TS), .mkv, .mp4, .h264/.hevc/.m2v/.ivf/.obu (raw stream), udp://host:port (MPEG-TS), or .y4m for the decoded pictures.", Required = true, HelpName = "uri" };
        var encoder = new Option<string>("--encoder", "-e") { Description = "The encoder component id (`swarmhost plugins` lists them).", DefaultValueFactory = _ => "ffmpeg", HelpName = "id" };
        var options = new Option<string[]>("--option", "-O") { Description = "An option of the encoder component as name=value (repeatable); `swarmhost inspect <id>` lists them. Bitrates take k/M suffixes.", HelpName = "name=value", AllowMultipleArgumentsPerToken = false };
        var frames = new Option<long>("--frames", "-n") { Description = "Stop after this many frames, at least 1 (default: the whole input).", HelpName = "count" }.AtLeastOne();
        var size = new Option<string?>("--size") { Description = "Profile picture size WxH the input is scaled to (default: the input's).", HelpName = "WxH" };
        var gop = new Option<int>("--gop") { Description = "Frames per GOP: a keyframe is requested every gop frames (default: one second of frames).", HelpName = "frames" };
        var realtime = new Option<bool>("--realtime") { Description = "Read the input no faster than real time (live behaviour)." };
        var command = new Command("encode", """
            Encode one input with one encoder component and write the result: the single-encoder
            reference a swarm is compared with, and the quickest way to try an encoder plugin.
            Keyframes are requested every GOP, as in a swarm. Progress goes to stderr, a summary to
            stdout. Ctrl+C (or SIGTERM) stops cleanly: the encoder is flushed and the output
            finished, so what was written stays playable.

            Examples:
              swarmhost encode -i lavfi:testsrc2=size=1280x720:rate=30 -n 300 -o out/test.ts
              swarmhost encode -i clip.mp4 -o out/clip.mkv -O codec=libx265 -O preset=fast -O bitrate=2M
              swarmhost encode -i clip.mp4 -o out/vp9.y4m -O codec=libvpx-vp9 -O private={"deadline":"realtime"}
            """)
        {
            input, output, encoder, options, frames, size, gop, realtime,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = context.BuildHost(parse);
            var catalog = context.Discover(host, parse);
            var outputUri = OutputLocation.Prepare(parse.GetValue(output)!);
            var pairs = (parse.GetValue(options) ?? []).ToList();
            var wantsPictures = outputUri.EndsWith(".y4m", StringComparison.OrdinalIgnoreCase);
            var problems = new List<ManifestProblem>();
            if (!wantsPictures && MediaSink.NeedsGlobalHeader(outputUri) && !pairs.Any(p => p.StartsWith("globalHeader=", StringComparison.Ordinal))
                && catalog.TryGetActive(parse.GetValue(encoder)!, out var record) && record.Descriptor!.Options.Any(o => o.Name == "globalHeader"))
            {
                pairs.Add("globalHeader=true"); // the container keeps codec headers out of band
            }

            var spec = ComponentArguments.Resolve(catalog, parse.GetValue(encoder)!, pairs, ComponentKind.Encoder, problems);
            var (width, height) = (0, 0);
            if (parse.GetValue(size) is { } sizeText && !TryParseSize(sizeText, out width, out height))
            {
                problems.Add(new("--size", $"'{sizeText}' is not an even WxH size", "e.g. --size 1280x720"));
                (width, height) = (0, 0);
            }

            MediaSource? opened = null;
            try
            {
                opened = MediaSource.Open(new MediaSourceOptions(parse.GetValue(input)!)
                {
                    MaxFrames = parse.GetValue(frames),
                    AllowedFilters = context.Allowances(parse).Filters,
                    Realtime = parse.GetValue(realtime),
                    Width = width > 0 ? width : null,
                    Height = height > 0 ? height : null,
                });
            }
            catch (MediaInputException ex)
            {
                problems.Add(new("--input", ex.Message));
            }

            using var source = opened;
            if (spec is null || source is null || problems.Count > 0)
            {
                ComponentArguments.Report(context.Error, problems);

                return ExitCodes.InvalidInput;
            }

            var info = source.Info;
            var rate = info.FrameRate;
            var gopFrames = parse.GetValue(gop) is > 0 and var g ? g : Math.Max(1, (int)Math.Round((double)rate.Numerator / rate.Denominator));
            var profile = new OutputProfile("any", info.Width, info.Height, rate, gopFrames);
            var activator = new ComponentActivator(catalog, host.Services.GetRequiredService<ILoggerFactory>());
            using var instance = activator.CreateEncoder(spec, spec.Plugin);
            using var stop = new StopSignal();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancellationToken);
            context.Error.WriteLine($"encode: {info.Uri} ({info.Format}, {info.Codec} {info.SourceSize} @ {Fps(rate)} fps) → {info.Width}x{info.Height}, GOP {gopFrames}, encoder {spec.Plugin}; Ctrl+C stops cleanly");
            var progress = new ProgressLine(context.Error, ProgressLine.IsTerminal(context.Error));
            string? written = null;
            SingleEncoderResult result;
            try
            {
                result = await SingleEncoderRun.RunAsync(source, instance, profile, session =>
                {
                    IUnitSink sink = wantsPictures
                        ? new DecodedPictureSink(outputUri, session, rate)
                        : new MuxedUnitSink(MediaSink.Open(outputUri, session, rate), outputUri);
                    written = sink.Description;
                    return sink;
                }, new Progress<SingleEncoderResult>(r => progress.Report(Describe(r, rate))), linked.Token).ConfigureAwait(false);
            }
            finally
            {
                progress.Done();
            }

            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(result.Stopped ? "stopped" : "done")}: {result.Frames} frames in {result.Elapsed.TotalSeconds:F1} s ({result.FramesPerSecond:F1} fps), {result.Units} units, {Kbps(result, rate):F0} kbit/s, encode time {result.EncodeTime.TotalMilliseconds / Math.Max(1, result.Frames):F2} ms/frame, damaged input packets {result.DamagedPackets}, input stalls {result.Stalls} → {written}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static bool TryParseSize(string text, out int width, out int height)
    {
        width = height = 0;
        var parts = text.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out width) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out height)
            && width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0;
    }

    private static double Fps(Rational rate) => (double)rate.Numerator / rate.Denominator;

    private static double Kbps(SingleEncoderResult result, Rational rate) => result.Frames == 0 ? 0 : result.Bytes * 8.0 * Fps(rate) / result.Frames / 1000;

    private static string Describe(SingleEncoderResult r, Rational rate) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Frames} frames  {r.FramesPerSecond:F1} fps  {r.FramesPerSecond / Fps(rate):F2}x real time  {Kbps(r, rate):F0} kbit/s  {r.Bytes / 1e6:F1} MB{(r.Stalls > 0 ? $"  stalls {r.Stalls}" : "")}");
}
