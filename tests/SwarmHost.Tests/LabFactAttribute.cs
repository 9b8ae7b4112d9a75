namespace SwarmHost.Tests;

/// <summary>A fact that needs <see cref="NetworkLab"/> (root, network namespaces, chronyd, ptp4l): skipped, with the reason, only where the lab cannot be built.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LabFactAttribute : FactAttribute
{
    public LabFactAttribute()
    {
        if (NetworkLab.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs <see cref="NetworkLab"/>: skipped, with the reason, only where the lab cannot be built.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LabTheoryAttribute : TheoryAttribute
{
    public LabTheoryAttribute()
    {
        if (NetworkLab.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
