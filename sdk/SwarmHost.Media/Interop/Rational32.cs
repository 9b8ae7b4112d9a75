using System.Runtime.InteropServices;

namespace SwarmHost.Media.Interop;

/// <summary>FFmpeg's AVRational as passed by value: numerator and denominator.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Rational32(int Num, int Den);
