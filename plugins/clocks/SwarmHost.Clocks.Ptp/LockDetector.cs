using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// Decides lock from the servo's residuals: <paramref name="samples"/> residuals in a row inside
/// <paramref name="thresholdNs"/> take an uncalibrated clock to synchronised, as many in a row
/// outside take a synchronised one back to uncalibrated; other states pass through unchanged.
/// </summary>
/// <param name="thresholdNs">The largest residual, ns, that counts as inside.</param>
/// <param name="samples">Residuals in a row needed to change state.</param>
internal sealed class LockDetector(long thresholdNs, int samples)
{
    private int _inside;
    private int _outside;

    /// <summary>The state after one more residual.</summary>
    public ClockState Next(ClockState state, long residualNs)
    {
        if (Math.Abs(residualNs) < thresholdNs)
        {
            _inside++;
            _outside = 0;
        }
        else
        {
            _outside++;
            _inside = 0;
        }

        return state switch
        {
            ClockState.Uncalibrated when _inside >= samples => ClockState.Synchronised,
            ClockState.Synchronised when _outside >= samples => ClockState.Uncalibrated,
            _ => state,
        };
    }

    /// <summary>Forgets the residuals so far (a new master, holdover).</summary>
    public void Reset()
    {
        _inside = 0;
        _outside = 0;
    }
}
