using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Plugins;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// What a run's process lanes share: the frame ring every lane reads, a private folder for their
/// sockets, and how to start a lane. Creates each <see cref="ProcessLane"/>. Disposed after every
/// lane has ended or been killed: the ring and the folder go with it.
/// </summary>
internal sealed class ProcessLanes : IDisposable
{
    /// <summary>The ring's size: as many pictures as fit in this many bytes, within the slot bounds below.</summary>
    private const long RingBytes = 1L << 30;

    private readonly LaneCommand _command;
    private readonly ComponentActivator _activator;
    private readonly OutputProfile _profile;
    private readonly bool _verify;
    private readonly int _ssimEvery;
    private readonly DirectoryInfo _sockets;

    /// <summary>Creates the ring and the socket folder for lanes of <paramref name="profile"/>.</summary>
    /// <exception cref="IOException">The ring or the folder cannot be created.</exception>
    public ProcessLanes(LaneCommand command, ComponentActivator activator, OutputProfile profile, bool verify, int ssimEvery)
    {
        _command = command;
        _activator = activator;
        _profile = profile;
        _verify = verify;
        _ssimEvery = ssimEvery;
        var slotBytes = VideoFrame.BufferSize(profile.Width, profile.Height);
        Ring = new FrameRing(profile.Width, profile.Height, (int)Math.Clamp(RingBytes / slotBytes, 16, 256));
        _sockets = Directory.CreateTempSubdirectory("swarmhost-lanes-"); // mode 0700: only this user reaches the sockets
    }

    /// <summary>The shared frame ring.</summary>
    public FrameRing Ring { get; }

    /// <summary>A lane running encoder <paramref name="instance"/> (not started).</summary>
    /// <param name="instance">The encoder.</param>
    /// <param name="generation">1 for the first instance, then +1 per rejoin.</param>
    /// <param name="startSequence">The first sequence number it is given.</param>
    /// <param name="queueCapacity">Frames it may hold before the intake waits.</param>
    /// <param name="messages">Where it posts.</param>
    /// <param name="mirror">Gets a copy of the child's opened, call and unit messages (<see cref="ProcessLane.Mirror"/>); <c>null</c> for none.</param>
    public ProcessLane Create(ComponentInstance instance, int generation, long startSequence, int queueCapacity, ChannelWriter<LaneMessage> messages, Action<LaneWireKind, byte[]>? mirror = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var start = new LaneStart(instance.InstanceId, generation, instance.Spec, _profile, _verify, _ssimEvery, _activator.Roots, _activator.PackagesFor(instance.Spec), Ring.Path, Ring.SlotBytes, Ring.Slots);
        return new ProcessLane(start, startSequence, _command, Ring, _sockets.FullName, queueCapacity, messages)
        {
            Limits = instance.CpuQuota is null && instance.MemoryLimitMb is null ? null : (instance.CpuQuota, instance.MemoryLimitMb),
            Mirror = mirror,
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Ring.Dispose();
        try
        {
            _sockets.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
