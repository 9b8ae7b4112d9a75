using SwarmHost.Manifest;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>Whether the kernel here can enforce the lane limits a manifest asks for (<c>cpuQuota</c>, <c>memoryLimitMb</c>): checked by <c>validate</c> and before a run starts.</summary>
public static class LaneLimitCheck
{
    /// <summary>Every limit of <paramref name="manifest"/>'s encoders the kernel here cannot enforce, at its JSON path; empty when all can be.</summary>
    public static IReadOnlyList<ManifestProblem> Problems(SwarmManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return [.. manifest.Encoders
            .Where(e => e.CpuQuota is not null || e.MemoryLimitMb is not null)
            .Select(e => (Encoder: e, Refusal: LaneCgroup.Refusal(e.CpuQuota, e.MemoryLimitMb)))
            .Where(x => x.Refusal is not null)
            .Select(x => new ManifestProblem(JsonPaths.Property(x.Encoder.JsonPath, x.Encoder.CpuQuota is not null ? "cpuQuota" : "memoryLimitMb"),
                $"encoder '{x.Encoder.InstanceId}': its limits cannot be enforced here: {x.Refusal}", "remove cpuQuota and memoryLimitMb, or run where the kernel's cgroup controllers can be used"))];
    }
}
