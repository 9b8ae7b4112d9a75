namespace SwarmHost.Tests;

/// <summary>
/// Which chaos faults the fault theories run: in <c>./test.sh</c> every mode once, at positions
/// spread over the GOP (first frame, mid-GOP, on a boundary, in the last GOP); with
/// <c>SWARMHOST_FAULT_MATRIX=full</c> (<c>scripts/fault-matrix.sh</c>) every mode at every position.
/// </summary>
internal static class FaultMatrix
{
    /// <summary>Whether the whole matrix runs.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("SWARMHOST_FAULT_MATRIX") == "full";

    /// <summary>The cases: with the whole matrix every mode at every position, else mode i at position i (mod the positions).</summary>
    public static IEnumerable<(string Mode, long Frame)> Of(string[] modes, long[] positions)
    {
        for (var m = 0; m < modes.Length; m++)
        {
            foreach (var position in Full ? positions : [positions[m % positions.Length]])
            {
                yield return (modes[m], position);
            }
        }
    }

    /// <summary>The same cases as theory data.</summary>
    public static TheoryData<string, long> Theory(string[] modes, long[] positions)
    {
        var data = new TheoryData<string, long>();
        foreach (var (mode, frame) in Of(modes, positions))
        {
            data.Add(mode, frame);
        }

        return data;
    }
}
