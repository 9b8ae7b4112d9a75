using System.Threading.Channels;
using SwarmHost.Abstractions;
using SwarmHost.Engine.Events;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Lanes.Process;
using SwarmHost.Engine.Lanes.Remote;
using SwarmHost.Manifest;
using SwarmHost.Plugins;
using SwarmHost.Weighting;

namespace SwarmHost.Engine.Health;

/// <summary>
/// Starts the swarm's encoder instances: every encoder of the manifest at start-up (waiting until
/// each has opened or failed, and refusing a start below <c>health.minEncoders</c>), and a fresh
/// instance of a failed id once its cool-down has passed, on the next GOP boundary not yet
/// numbered. Each start is an <c>encoder-state</c> event (Joining). Coordinator thread only.
/// </summary>
/// <param name="manifest">The manifest (its encoders, profile and health settings).</param>
/// <param name="activator">Creates the encoder components.</param>
/// <param name="roster">Where instances are registered and started.</param>
/// <param name="health">Fails an instance that cannot open; says which ids are due to rejoin.</param>
/// <param name="messages">Where every worker posts.</param>
/// <param name="events">The run's events.</param>
/// <param name="live">Whether the input is live (workers get deep queues, bounded by <see cref="LiveQueueLimit"/>).</param>
/// <param name="processLanes">Starts the encoders whose isolation is <see cref="LaneIsolation.Process"/> on this machine; <c>null</c> when none is.</param>
/// <param name="remoteLanes">Starts the encoders placed on cluster nodes; <c>null</c> when none is.</param>
internal sealed class EncoderLauncher(SwarmManifest manifest, ComponentActivator activator, EncoderRoster roster, HealthMonitor health, ChannelWriter<LaneMessage> messages, EventLog events, bool live, ProcessLanes? processLanes, RemoteLanes? remoteLanes)
{
    /// <summary>Live: the most frames the latency budget covers (an instance may hold that plus its own delay); 0 until set, and as fast as possible.</summary>
    public int LiveQueueLimit { get; set; }

    /// <summary>The fewest live encoders the swarm runs with: <c>health.minEncoders</c>, default every encoder.</summary>
    public int MinEncoders { get; } = Math.Min(manifest.Health.MinEncoders ?? manifest.Encoders.Count, manifest.Encoders.Count);

    /// <summary>Whether the swarm started with fewer encoders than the manifest names (allowed by <see cref="MinEncoders"/>).</summary>
    public bool StartedBelowSize { get; private set; }

    /// <summary>Starts every encoder and waits until each has opened or failed.</summary>
    /// <param name="next">Reads the workers' messages while they open.</param>
    /// <param name="stop">Stops the wait.</param>
    /// <returns>The session of every encoder that opened.</returns>
    /// <exception cref="SwarmConfigurationException">Fewer than <see cref="MinEncoders"/> opened: every failure with its JSON path.</exception>
    public async Task<Dictionary<string, EncoderSession>> OpenAllAsync(ChannelReader<LaneMessage> next, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(next);
        foreach (var instance in manifest.Encoders)
        {
            Start(instance, generation: 1, startSequence: 0);
        }

        var sessions = new Dictionary<string, EncoderSession>(StringComparer.Ordinal);
        var failures = new List<string>();
        while (sessions.Count + failures.Count < manifest.Encoders.Count)
        {
            var message = await next.ReadAsync(stop).ConfigureAwait(false);
            if (message.Kind == LaneMessageKind.Opened)
            {
                sessions[message.Worker.Id] = message.Worker.Session!;
            }
            else if (message.Kind == LaneMessageKind.Failed)
            {
                var instance = manifest.Encoders.First(e => e.InstanceId == message.Worker.Id);
                failures.Add($"{instance.JsonPath} (encoder '{instance.InstanceId}', plugin '{instance.Spec.Plugin}'): {message.Problem}");
                health.Fail(message.Worker, "could not open: " + message.Problem, 0);
            }
        }

        if (sessions.Count < MinEncoders)
        {
            failures.Sort(StringComparer.Ordinal); // in manifest order: each line starts with its $.encoders[i]
            throw new SwarmConfigurationException(SwarmSize.OpenFailure(manifest.File, failures, sessions.Count, manifest.Encoders.Count, MinEncoders));
        }

        if (failures.Count > 0)
        {
            StartedBelowSize = true;
            events.Write(new SwarmBelowSizeEvent(sessions.Count, manifest.Encoders.Count, MinEncoders, failures) { Sequence = 0 });
        }

        foreach (var id in sessions.Keys)
        {
            roster.Weights[id] = 1.0 / sessions.Count;
        }

        return sessions;
    }

    /// <summary>Starts a fresh instance of every id whose cool-down has passed, on the next GOP boundary at or after <paramref name="nextSequence"/>, with an equal share of the weight.</summary>
    public void Rejoin(long nextSequence)
    {
        foreach (var id in health.DueRejoins())
        {
            var gop = manifest.Profile.Gop;
            var start = (nextSequence + gop - 1) / gop * gop;
            Start(manifest.Encoders.First(e => e.InstanceId == id), roster[id].Generation + 1, start);
            roster.Weights[id] = 1.0 / roster.Live.Count;
        }
    }

    /// <summary>Live: bounds <paramref name="worker"/>'s queue to what the latency budget covers plus its own delay (known once it has opened).</summary>
    public void LimitQueue(IEncoderLane worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (LiveQueueLimit > 0)
        {
            worker.LiveQueueLimit = LiveQueueLimit + (worker.Session?.DelayFrames ?? 0);
        }
    }

    private void Start(ComponentInstance instance, int generation, long startSequence)
    {
        var capacity = live ? 256 : 8;
        IEncoderLane worker = instance.Node is not null
            ? (remoteLanes ?? throw new InvalidOperationException("remote lanes were not prepared")).Create(instance, generation, startSequence, capacity, messages, generation == 1 ? null : roster[instance.InstanceId].Node)
            : instance.Isolation == LaneIsolation.Process
            ? (processLanes ?? throw new InvalidOperationException("process lanes were not prepared")).Create(instance, generation, startSequence, capacity, messages)
            : new EncoderWorker(instance.InstanceId, generation, activator.CreateEncoder(instance.Spec, instance.InstanceId), manifest.Profile, startSequence, capacity, manifest.Health.VerifyOutput, manifest.Health.SsimEvery, messages)
            {
                PlannedKeyframes = manifest.ScheduledSwitches.Select(s => s.Seq).ToHashSet(),
            };
        worker.LiveQueueLimit = LiveQueueLimit;
        roster.Start(worker);
        var where = worker.Node is { } node && node != instance.Node ? $" (re-placed on node '{node}': '{instance.Node}' cannot take it now)" : "";
        events.Write(new EncoderStateEvent(worker.Id, generation, null, EncoderState.Joining.ToString(), (generation == 1 ? "started" : "rejoining after the cool-down") + where, worker.ProcessId == 0 ? null : worker.ProcessId, worker.Node) { Sequence = startSequence });
    }
}
