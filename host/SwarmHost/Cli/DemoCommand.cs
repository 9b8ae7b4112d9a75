using System.CommandLine;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost demo</c>: a real swarm on built-in content, one encoder failing part-way.</summary>
public static class DemoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var folder = new Option<string>("--out") { Description = "Folder for the manifest, output, summary and events.", DefaultValueFactory = _ => "out", HelpName = "dir" };
        var options = new RunOptions();
        var command = new Command("demo", """
            Run the built-in demo swarm: 10 s of FFmpeg test content at 640x360, 30 fps (calm bars, a
            busy noisy passage, a calm pattern) analysed by the complexity analyzer and encoded by three
            libx264 encoders in parallel; the
            leading one ('fast') hangs at frame 100. The watchdog notices, the switching combiner
            writes the same GOP from another encoder, and the output loses no frame; 'fast' rejoins
            later as a fresh instance. Writes out/demo-swarm.json (the manifest: copy it to start
            your own), out/program.ts, out/summary.json, out/events.jsonl and out/report.html (the
            run's report with plots: open it in a browser), and prints a summary.
            """)
        {
            folder,
        };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dir = Path.GetFullPath(parse.GetValue(folder)!);
            Directory.CreateDirectory(dir);
            var manifest = Path.Combine(dir, "demo-swarm.json");
            await using (var resource = typeof(DemoCommand).Assembly.GetManifestResourceStream("demo-swarm.json")!)
            await using (var file = File.Create(manifest))
            {
                await resource.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            return await RunCommand.Execute(context, parse, manifest, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
