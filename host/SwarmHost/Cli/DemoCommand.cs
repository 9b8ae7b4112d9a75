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
        var nodes = new Option<int>("--nodes") { Description = "Run the encoders on this many local cluster nodes (separate swarmhost node processes on loopback, with fresh credentials) instead of in this process; the node running the leading encoder is killed at frame 100 instead of the hang. 0: no nodes.", DefaultValueFactory = _ => 0, HelpName = "N" };
        var options = new RunOptions();
        var command = new Command("demo", """
            Run the built-in demo swarm: 10 s of FFmpeg test content at 640x360, 30 fps (calm bars, a
            busy noisy passage, a calm pattern; a white corner flash and a 1 kHz tone at every second) analysed
            by the content analyzers and encoded by three libx264 encoders in parallel; the audio goes
            into the output beside the switched video (AAC), and its sync with the video is measured
            at every flash in the written file. The
            leading one ('fast') hangs at frame 100. The watchdog notices, the switching combiner
            writes the same GOP from another encoder, and the output loses no frame; 'fast' rejoins
            later as a fresh instance. Writes out/demo-swarm.json (the manifest: copy it to start
            your own), out/program.ts, out/summary.json, out/events.jsonl and out/report.html (the
            run's report with plots: open it in a browser), and prints a summary.

            With --nodes 3 the three encoders run on three local cluster nodes instead (swarmhost
            node processes on loopback, docs/distributed.md): each decodes the content itself and
            sends its units back over an encrypted lane link; at frame 100 the node running the
            leading encoder is killed (SIGKILL), the output loses no frame, and that encoder is
            re-placed on a node still running. Every node is stopped at the end; their logs are kept
            as out/node-<name>.log and the manifest as out/demo-nodes-swarm.json.
            """)
        {
            folder, nodes,
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

            var count = parse.GetValue(nodes);
            if (count is < 0 or > 8)
            {
                context.Error.WriteLine("error: --nodes: give 0 (no nodes) to 8");
                return ExitCodes.InvalidInput;
            }

            if (count == 0)
            {
                return await RunCommand.Execute(context, parse, manifest, options, cancellationToken).ConfigureAwait(false);
            }

            await using var cluster = DemoNodes.Start(count, dir, context.Error);
            var placed = Path.Combine(dir, "demo-nodes-swarm.json");
            await File.WriteAllTextAsync(placed, cluster.Manifest(await File.ReadAllTextAsync(manifest, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            return await RunCommand.Execute(context, parse, placed, options, cancellationToken, cluster.CredentialsFolder,
                (swarm, nodeOf, stop) => cluster.KillLeaderAsync(swarm, nodeOf, stop)).ConfigureAwait(false);
        });
        return command;
    }
}
