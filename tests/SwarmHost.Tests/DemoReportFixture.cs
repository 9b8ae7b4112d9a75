namespace SwarmHost.Tests;

/// <summary>Runs <c>swarmhost demo</c> once into a temporary folder for the report tests: a real swarm with a hang, a handover and a rejoin.</summary>
public sealed class DemoReportFixture
{
    /// <summary>Runs the demo.</summary>
    public DemoReportFixture()
    {
        Folder = Directory.CreateTempSubdirectory("swarm-report-").FullName;
        Result = ExternalTool.Run("dotnet", TimeSpan.FromMinutes(3), Path.Combine(TestPaths.SwarmHostDir, "swarmhost.dll"), "demo", "--quiet", "--out", Folder);
    }

    /// <summary>The demo's folder: program.ts, summary.json, events.jsonl, report.html.</summary>
    public string Folder { get; }

    /// <summary>What the demo printed and its exit code.</summary>
    internal ExternalTool.Result Result { get; }

    /// <summary>The report the demo wrote.</summary>
    public string Report => Path.Combine(Folder, "report.html");

    /// <summary>The events the demo wrote.</summary>
    public string Events => Path.Combine(Folder, "events.jsonl");
}
