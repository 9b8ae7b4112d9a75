using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using SwarmHost.Abstractions;
using SwarmHost.Feedback;
using SwarmHost.Pipeline;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// The lane process's side (<c>swarmhost lane</c>): connects to the host, takes its
/// <see cref="LaneStart"/>, opens the encoder from the packages named there, and encodes the ring
/// frames the host sends, on an encoder thread, reporting each call, unit (verified here) and
/// released slot back. When the host's end of the socket closes — the host exited or was killed —
/// the process ends at once, whatever its encoder is doing.
/// </summary>
public static class LaneRunner
{
    /// <summary>Exit code: the encoder finished.</summary>
    public const int Finished = 0;

    /// <summary>Exit code: the encoder failed (the host was told why).</summary>
    public const int EncoderFailed = 1;

    /// <summary>Exit code: the lane could not start (no host, a bad start message).</summary>
    public const int CouldNotStart = 2;

    /// <summary>Runs a lane until its encoder finishes or fails, or its host goes away.</summary>
    /// <param name="socketPath">The host's socket for this lane.</param>
    /// <param name="activatorFor">Loads the start message's packages (and nothing else) and creates components from them.</param>
    /// <param name="error">Where the lane's own problems are written (the host logs them under the encoder id).</param>
    /// <returns><see cref="Finished"/>, <see cref="EncoderFailed"/> or <see cref="CouldNotStart"/>.</returns>
    public static int Run(string socketPath, Func<IReadOnlyList<string>, IReadOnlyList<string>, IComponentActivator> activatorFor, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(activatorFor);
        ArgumentNullException.ThrowIfNull(error);
        LaneNative.DisableCoreDumps();
        LaneConnection connection;
        LaneStart start;
        try
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            connection = new LaneConnection(new NetworkStream(socket, ownsSocket: true));
            start = connection.Receive() is { Kind: LaneWireKind.Start } first
                ? LaneStart.Parse(first.Payload.ReadString())
                : throw new InvalidDataException("the host's first message was not a start");
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException)
        {
            error.WriteLine($"error: the lane could not reach its host at {socketPath}: {ex.Message}");
            return CouldNotStart;
        }

        using (connection)
        {
            var encoding = new LaneEncoding(start, connection, activatorFor);
            var thread = new Thread(encoding.Run) { IsBackground = true, Name = "swarmhost-lane-encoder" };
            thread.Start();
            try
            {
                using var ring = new RingFrames(start.RingPath, start.RingSlotBytes, start.RingSlots);
                while (connection.Receive() is { } message)
                {
                    if (message.Kind == LaneWireKind.Frame)
                    {
                        var r = message.Payload;
                        var (slot, sequence, timestamp, duration, width, height) = (r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt32(), r.ReadInt32());
                        encoding.Frames.Add(ring.Frame(slot, width, height, sequence, timestamp, duration, encoding.Released));
                    }
                    else if (message.Kind == LaneWireKind.Keyframe)
                    {
                        encoding.Keyframes.TryAdd(message.Payload.ReadInt64(), 0); // before its frame on the wire
                    }
                    else if (message.Kind == LaneWireKind.Complete)
                    {
                        encoding.Frames.CompleteAdding();
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or InvalidOperationException)
            {
                if (encoding.Outcome is null)
                {
                    error.WriteLine($"lane {start.EncoderId}: {ex.Message}"); // not merely the encoder thread closing the connection after its last message
                }
            }

            // the host is gone (or finished with us): nothing this process still does can matter
            LaneNative.ExitNow(encoding.Outcome ?? EncoderFailed);
            return encoding.Outcome ?? EncoderFailed;
        }
    }

    /// <summary>The encoder thread: open, encode every frame handed over, flush; every step reported to the host.</summary>
    private sealed class LaneEncoding(LaneStart start, LaneConnection connection, Func<IReadOnlyList<string>, IReadOnlyList<string>, IComponentActivator> activatorFor)
    {
        private long _qualityTicks;
        private volatile int _outcome = -1;

        public BlockingCollection<VideoFrame> Frames { get; } = new(new ConcurrentQueue<VideoFrame>());

        /// <summary>The frames the host asked to be keyframes (planned handovers), removed as they are encoded.</summary>
        public ConcurrentDictionary<long, byte> Keyframes { get; } = new();

        /// <summary>The exit code once the encoder finished or failed; <c>null</c> while it runs.</summary>
        public int? Outcome => _outcome < 0 ? null : _outcome;

        public void Released(int slot) => Send(LaneWireKind.Released, w => w.Write(slot));

        public void Run()
        {
            UnitVerifier? verifier = null;
            IVideoEncoder? encoder = null;
            try
            {
                encoder = activatorFor(start.PluginRoots, start.Packages).CreateEncoder(start.Encoder, start.EncoderId);
                var session = encoder.Open(start.Profile);
                Send(LaneWireKind.Opened, w => LaneConnection.WriteSession(w, session));
                verifier = start.Verify ? new UnitVerifier(session, start.Profile, start.SsimEvery, (unit, problem, psnr, ssim) => Send(LaneWireKind.Unit, w => LaneConnection.WriteUnit(w, unit, problem, psnr, ssim))) : null;
                foreach (var frame in Frames.GetConsumingEnumerable())
                {
                    verifier?.Hold(frame);
                    Send(LaneWireKind.CallStarted, w => w.Write(frame.Sequence));
                    var started = Stopwatch.GetTimestamp();
                    IReadOnlyList<EncodedUnit> units;
                    try
                    {
                        units = encoder.Encode(frame, KeyframeRequests.IsRequested(session, start.Profile, frame.Sequence, Keyframes.TryRemove(frame.Sequence, out _)));
                    }
                    finally
                    {
                        if (verifier is null)
                        {
                            frame.Release();
                        }
                    }

                    var callMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var measuring = Stopwatch.GetTimestamp();
                    Deliver(units, verifier);
                    _qualityTicks += Stopwatch.GetTimestamp() - measuring;
                    var sequence = frame.Sequence;
                    var qualityMs = _qualityTicks * 1000.0 / Stopwatch.Frequency;
                    Send(LaneWireKind.CallEnded, w =>
                    {
                        w.Write(sequence);
                        w.Write(callMs);
                        w.Write(qualityMs);
                    });
                }

                Deliver(encoder.Flush(), verifier);
                verifier?.Flush();
                Send(LaneWireKind.Finished, null);
                _outcome = Finished;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Send(LaneWireKind.Failed, w => w.Write($"{ex.GetType().Name}: {ex.Message}"));
                _outcome = EncoderFailed;
            }
            finally
            {
                verifier?.Dispose();
                encoder?.Dispose();
                connection.Dispose(); // the host reads to the end; the reader here sees it closed and the process ends
            }
        }

        private void Deliver(IReadOnlyList<EncodedUnit> units, UnitVerifier? verifier)
        {
            if (verifier is not null)
            {
                verifier.Check(units);
                return;
            }

            foreach (var unit in units)
            {
                Send(LaneWireKind.Unit, w => LaneConnection.WriteUnit(w, unit, null, double.NaN, double.NaN));
            }
        }

        private void Send(LaneWireKind kind, Action<BinaryWriter>? write)
        {
            try
            {
                connection.Send(kind, write);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                LaneNative.ExitNow(EncoderFailed); // the host is gone
            }
        }
    }
}
