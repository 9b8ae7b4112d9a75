using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Encoders.Chaos;

/// <summary>The <c>chaos</c> encoder component: another encoder with an injected fault, to test a swarm's health monitor and handover.</summary>
public sealed class ChaosEncoderFactory : IEncoderFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new(
        "chaos",
        ComponentKind.Encoder,
        "Fault-injecting encoder",
        "Wraps the encoder given in 'inner' and, from swarm frame 'frame' on, injects a fault: throw (an exception at that frame), hang (a call that never returns and ignores cancellation), slow (each call slower by 'slowStepMs' more per frame), garbage (corrupt bytes behind normal-looking metadata), exit (silently no more units), and in native code: crash (SIGSEGV), abort (SIGABRT), native-hang (a libc call that blocks forever), oom (native memory touched until the OOM killer ends the process; refused without a cgroup memory limit). The native faults end or freeze the whole process: give such an encoder \"isolation\": \"process\". For testing; its settings are never shown to weighting policies.")
    {
        Author = "SwarmHost",
        Version = typeof(ChaosEncoderFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        License = "MIT",
        Rank = ComponentRank.None,
        Capabilities = new(KeyframeControl.PerFrame, 0, ["fault-injection", "wrapper"]),
        Options =
        [
            new OptionDescriptor("inner", OptionType.Component, "The encoder to wrap, as { \"plugin\": ..., \"options\": {...} }.") { Required = true, ComponentKind = ComponentKind.Encoder },
            new OptionDescriptor("mode", OptionType.Enum, "The fault: throw, hang, slow, garbage, exit, or in native code crash, abort, native-hang or oom (these take the whole process: use them in a process lane; oom also needs memoryLimitMb).") { Required = true, AllowedValues = ["throw", "hang", "slow", "garbage", "exit", "crash", "abort", "native-hang", "oom"], ProcessFatalValues = ["crash", "abort", "native-hang", "oom"], UnboundedMemoryValues = ["oom"] },
            new OptionDescriptor("frame", OptionType.Integer, "The swarm sequence number where the fault starts.") { Default = 0L, Minimum = 0 },
            new OptionDescriptor("slowStepMs", OptionType.Number, "For slow: extra milliseconds per call, growing by this much every frame from 'frame' on.") { Default = 2.0, Minimum = 0, Maximum = 1000 },
            new OptionDescriptor("seed", OptionType.Integer, "Seed of the garbage bytes.") { Default = 1L },
        ],
    };

    /// <inheritdoc />
    public IVideoEncoder Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var inner = options.GetOrDefault<ComponentSpec?>("inner", null) ?? throw new ArgumentException("chaos needs an 'inner' encoder.", nameof(options));
        var mode = Enum.Parse<ChaosMode>(options.GetString("mode").Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
        return new ChaosEncoder(
            context.Components.CreateEncoder(inner, context.InstanceId + "/inner"),
            mode,
            options.GetInt64("frame"),
            options.GetDouble("slowStepMs"),
            (int)options.GetInt64("seed"));
    }
}
