using System.Runtime.InteropServices;

namespace SwarmHost.Media.Interop;

/// <summary>FFmpeg's AVRational as passed by value: numerator and denominator. As a time base it converts between ticks and ns.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Rational32(int Num, int Den)
{
    /// <summary><paramref name="ticks"/> of this time base in ns (rounded toward zero).</summary>
    public long ToNanoseconds(long ticks) => (long)((Int128)ticks * Num * 1_000_000_000 / Den);

    /// <summary><paramref name="ns"/> in ticks of this time base (rounded to the nearest, halves away from zero).</summary>
    public long TicksOf(long ns) => (long)Math.Round((double)((Int128)ns * Den) / ((double)Num * 1_000_000_000), MidpointRounding.AwayFromZero);
}
