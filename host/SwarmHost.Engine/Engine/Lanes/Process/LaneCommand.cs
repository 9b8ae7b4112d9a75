namespace SwarmHost.Engine.Lanes.Process;

/// <summary>How the host starts a lane process: a program and the arguments before the lane's own (<c>dotnet swarmhost.dll lane</c>).</summary>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its leading arguments; the lane adds <c>--encoder &lt;id&gt; --connect &lt;socket&gt;</c>.</param>
public sealed record LaneCommand(string FileName, IReadOnlyList<string> Arguments);
