using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>
/// One entry of the manifest's <c>scheduledSwitches</c>: the output is to be taken from encoder
/// <paramref name="To"/> from frame <paramref name="Seq"/> on. Every encoder is asked for a
/// keyframe at that frame, and the switching combiner splices there: the outgoing encoder's units
/// before it, the incoming encoder's from its keyframe on (nothing lost, repeated or re-encoded).
/// </summary>
/// <param name="Seq">The first frame taken from <paramref name="To"/>.</param>
/// <param name="To">The encoder's instance id.</param>
public sealed record ScheduledSwitch(long Seq, string To)
{
    /// <summary>Reads <c>scheduledSwitches</c> (the schema has checked the types), in the manifest's order; empty when absent.</summary>
    public static IReadOnlyList<ScheduledSwitch> Read(JsonElement root) =>
        JsonValues.Get(root, "scheduledSwitches") is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Select(e => new ScheduledSwitch(e.GetProperty("seq").GetInt64(), e.GetProperty("to").GetString()!))]
            : [];

    /// <summary>Adds a problem for each switch the run could not make: to an unknown encoder, out of order, with a combiner that does not switch, or reaching encoders outside the host's process.</summary>
    internal static void Check(JsonElement root, IReadOnlyList<ComponentInstance>? encoders, bool combinerSwitches, List<ManifestProblem> problems)
    {
        var switches = Read(root);
        if (switches.Count == 0 || encoders is null)
        {
            return;
        }

        if (!combinerSwitches)
        {
            problems.Add(new("$.scheduledSwitches", "scheduled switches are made by a switching combiner, and the manifest's combiner does not switch between encoders", "use the 'switch' combiner, or leave scheduledSwitches out"));
        }

        if (encoders.FirstOrDefault(e => e.Isolation != LaneIsolation.InProcess || e.Node is not null || e.PlacedByCoordinator) is { } outside)
        {
            problems.Add(new($"{outside.JsonPath}", $"encoder '{outside.InstanceId}' runs outside the host's process, and the keyframes a scheduled switch asks for reach only encoders in it", "run every encoder in the host's process (\"isolation\": \"none\", no node), or leave scheduledSwitches out"));
        }

        for (var i = 0; i < switches.Count; i++)
        {
            var path = $"$.scheduledSwitches[{i}]";
            if (!encoders.Any(e => e.InstanceId == switches[i].To))
            {
                problems.Add(new($"{path}.to", $"'{switches[i].To}' is not one of the manifest's encoders ({string.Join(", ", encoders.Select(e => e.InstanceId))})", "name an encoder by its id"));
            }

            if (i > 0 && switches[i].Seq <= switches[i - 1].Seq)
            {
                problems.Add(new($"{path}.seq", $"frame {switches[i].Seq} does not come after the switch before it (frame {switches[i - 1].Seq})", "list the switches in the order of their frames, one per frame"));
            }
        }
    }
}
