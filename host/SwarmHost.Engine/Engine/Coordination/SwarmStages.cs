using System.Threading.Channels;
using SwarmHost.Engine.Audit;
using SwarmHost.Engine.Events;
using EventLog = SwarmHost.Engine.Events.EventLog;
using SwarmHost.Engine.Health;
using SwarmHost.Engine.Intake;
using SwarmHost.Engine.Lanes;
using SwarmHost.Engine.Output;
using SwarmHost.Engine.Slots;
using SwarmHost.Engine.Weights;

namespace SwarmHost.Engine.Coordination;

/// <summary>The stages a coordinator moves messages and slots between, opened and wired by the engine.</summary>
/// <param name="Messages">What the encoder lanes post: opened, unit, failed, finished.</param>
/// <param name="Roster">The encoders.</param>
/// <param name="Numbering">The intake's sequence counter (the next frame to be stamped).</param>
/// <param name="Intake">The intake (its failures end the run).</param>
/// <param name="Slots">The open slots.</param>
/// <param name="Timing">When a slot may close.</param>
/// <param name="Filer">Files a lane's unit into its slot.</param>
/// <param name="Health">States, watchdog, fail and rejoin.</param>
/// <param name="Launcher">Starts rejoining instances and limits their queues.</param>
/// <param name="Weighting">Sets the weights of a closing slot.</param>
/// <param name="Output">Writes what the combiner emits.</param>
/// <param name="Audit">The figures published and the progress line.</param>
/// <param name="Events">The run's events.</param>
internal sealed record SwarmStages(
    ChannelReader<LaneMessage> Messages,
    EncoderRoster Roster,
    SlotNumbering Numbering,
    FrameIntake Intake,
    SlotBook Slots,
    SlotTiming Timing,
    UnitFiler Filer,
    HealthMonitor Health,
    EncoderLauncher Launcher,
    WeightingStage Weighting,
    OutputStage Output,
    SwarmAudit Audit,
    EventLog Events);
