using System.CommandLine;
using System.Globalization;
using SwarmHost.Cluster;

namespace SwarmHost.Cli;

/// <summary><c>swarmhost nodes --cluster host:port</c>: the members of a running cluster, their capacity, clocks and lanes.</summary>
public static class NodesCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cluster = new Option<string>("--cluster") { Description = "Any member of the cluster, host:port.", Required = true, HelpName = "host:port" };
        var json = new Option<bool>("--json") { Description = "The report as JSON on stdout." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the member's answer.", DefaultValueFactory = _ => 10, HelpName = "s" };
        var credentials = ClusterArguments.CredentialsOption();
        var command = new Command("nodes", """
            List the members of a running cluster as one member sees them: name, address, roles,
            status and reachability, cores (free after the lanes placed there), memory, load, clock
            state and offset, running lanes, and the encoders each can run. Asks one member over
            the cluster's mutual TLS, so it needs the deployment's credentials; it does not join.

            Exit codes: 0 listed; 1 no member answered; 2 bad options or credentials.

            Example:
              swarmhost nodes --cluster 127.0.0.1:4053 --credentials creds/
            """)
        {
            cluster, json, timeout, credentials,
        };
        command.SetAction(async (parse, _) =>
        {
            var problems = new List<string>();
            var member = ClusterArguments.Endpoints("--cluster", [parse.GetValue(cluster)!], problems).FirstOrDefault();
            var loaded = ClusterArguments.Load(parse.GetValue(credentials), context.Error);
            problems.ForEach(p => context.Error.WriteLine($"error: {p}"));
            if (member is null || loaded is null)
            {
                return ExitCodes.InvalidInput;
            }

            ClusterReport report;
            try
            {
                report = await ClusterObserver.QueryAsync(member, loaded, TimeSpan.FromSeconds(parse.GetValue(timeout))).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                context.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.RuntimeFailure;
            }

            if (parse.GetValue(json))
            {
                context.WriteJson(report);
            }
            else
            {
                Print(context.Output, report);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(TextWriter output, ClusterReport report)
    {
        output.WriteLine($"{"name",-12} {"address",-21} {"roles",-12} {"status",-9} {"reach",-5} {"cores",-9} {"memory",-9} {"load",-5} {"lanes",-5} {"clock",-24} encoders");
        foreach (var member in report.Members)
        {
            var advert = report.Adverts.GetValueOrDefault(member.Address);
            string F(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
            output.WriteLine(string.Join(' ',
                $"{advert?.Name ?? "?",-12}", $"{member.Address,-21}", $"{string.Join(",", member.Roles),-12}", $"{member.Status,-9}", $"{(member.Reachable ? "yes" : "NO"),-5}",
                $"{(advert is null ? "-" : $"{F(advert.FreeCores, "0.#")}/{advert.Cores}"),-9}", $"{(advert is null ? "-" : $"{advert.MemoryMb} MB"),-9}", $"{(advert is null ? "-" : F(advert.Load, "0.00")),-5}",
                $"{advert?.Lanes.ToString(CultureInfo.InvariantCulture) ?? "-",-5}", $"{advert?.Clock ?? "-",-24}", advert is null ? "(no answer)" : string.Join(",", advert.Encoders)));
        }

        output.WriteLine($"{report.Members.Count} member(s), {report.Members.Count(m => m.Status == "Up")} up, {report.Members.Count(m => !m.Reachable)} unreachable.");
    }
}
