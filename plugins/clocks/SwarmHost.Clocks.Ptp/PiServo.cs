namespace SwarmHost.Clocks.Ptp;

/// <summary>
/// A proportional-integral servo (the linuxptp "pi" servo's law) that turns offset samples into a
/// frequency correction for the clock's own time scale.
/// </summary>
/// <remarks>
/// <para>For an offset x (ns, positive = our time scale is ahead) after an interval dt (s):
/// <c>drift += ki·x·dt</c>, and the correction to apply is <c>−(kp·x + drift)</c> ppb. Gains are
/// per second (kp in 1/s, ki in 1/s²); defaults kp = 0.7, ki = 0.3 are linuxptp's. The per-sample
/// gains are capped at kp·dt ≤ 0.7 and ki·dt² ≤ 0.3 (linuxptp's kp_norm_max/ki_norm_max) so the
/// discrete loop stays stable for long sync intervals; with 125 ms Syncs the loop settles in a
/// few seconds and a constant frequency error is removed entirely by the integral term.</para>
/// <para>The output and the integral are clamped to ±<see cref="MaxFrequencyPpb"/>. The servo does
/// not step; the caller steps the phase once before its first sample. Not thread-safe.</para>
/// </remarks>
internal sealed class PiServo
{
    /// <summary>The largest frequency correction, 500 ppm (the kernel's adjtimex limit).</summary>
    public const double MaxFrequencyPpb = 500_000;

    private const double MaxKpPerSample = 0.7;
    private const double MaxKiPerSample = 0.3;

    private readonly double _kp;
    private readonly double _ki;
    private double _driftPpb;

    /// <summary>Creates a servo.</summary>
    /// <param name="kp">Proportional gain in 1/s (positive).</param>
    /// <param name="ki">Integral gain in 1/s² (positive).</param>
    public PiServo(double kp, double ki)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kp);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ki);
        _kp = kp;
        _ki = ki;
    }

    /// <summary>The integral term: the servo's estimate of the frequency correction that holds the time scale on the master, in ppb (what holdover runs on).</summary>
    public double FrequencyEstimatePpb => -_driftPpb;

    /// <summary>The last correction returned, in ppb.</summary>
    public double LastCorrectionPpb { get; private set; }

    /// <summary>Feeds one offset sample and returns the frequency correction (ppb) to apply from now on.</summary>
    /// <param name="offsetNs">Our time scale minus the master's, in ns.</param>
    /// <param name="intervalSeconds">Time since the previous sample (positive).</param>
    public double Sample(double offsetNs, double intervalSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalSeconds);
        var kp = Math.Min(_kp, MaxKpPerSample / intervalSeconds);
        var ki = Math.Min(_ki, MaxKiPerSample / (intervalSeconds * intervalSeconds));
        _driftPpb = Math.Clamp(_driftPpb + (ki * offsetNs * intervalSeconds), -MaxFrequencyPpb, MaxFrequencyPpb);
        LastCorrectionPpb = -Math.Clamp((kp * offsetNs) + _driftPpb, -MaxFrequencyPpb, MaxFrequencyPpb);
        return LastCorrectionPpb;
    }
}
