using System.Diagnostics;
using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Pipeline;

/// <summary>
/// Runs one encoder on a source: every frame in, units out to an optional sink, a keyframe
/// requested every GOP (as the swarm does), flushed at the end. The reference job for a single
/// encoder component, and the in-process side of the encoder benchmark.
/// </summary>
public static class SingleEncoderRun
{
    /// <summary>Runs until the source ends, <paramref name="cancellationToken"/> is cancelled (a clean stop: the encoder is flushed, the sink finished), or a component fails.</summary>
    /// <param name="source">An opened source.</param>
    /// <param name="encoder">An unopened encoder; opened here for <paramref name="profile"/>, not disposed.</param>
    /// <param name="profile">The output profile (size, frame rate, GOP).</param>
    /// <param name="openSink">Opens the sink once the encoder's session is known; may return <c>null</c> to discard units.</param>
    /// <param name="progress">Receives a snapshot about once a second.</param>
    /// <param name="cancellationToken">Stops the run cleanly.</param>
    public static async Task<SingleEncoderResult> RunAsync(
        MediaSource source,
        IVideoEncoder encoder,
        OutputProfile profile,
        Func<EncoderSession, IUnitSink?> openSink,
        IProgress<SingleEncoderResult>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(openSink);
        var started = Stopwatch.GetTimestamp();
        var session = encoder.Open(profile);
        long frames = 0, units = 0, bytes = 0;
        var stopped = false;
        var lastReport = started;
        using var sink = openSink(session);

        SingleEncoderResult Snapshot() => new(frames, units, bytes, Stopwatch.GetElapsedTime(started), encoder.Stats.TotalEncodeTime, source.Counters.DamagedPackets, source.Counters.Stalls, stopped);

        void Emit(IReadOnlyList<EncodedUnit> produced)
        {
            foreach (var unit in produced)
            {
                sink?.Write(unit);
                units++;
                bytes += unit.Data.Length;
            }
        }

        while (true)
        {
            SourceRead read;
            try
            {
                read = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stopped = true;
                break;
            }

            if (read.Kind == SourceReadKind.Ended)
            {
                break;
            }

            if (read.Frame is { } frame)
            {
                try
                {
                    Emit(encoder.Encode(frame, KeyframeRequests.IsRequested(session, profile, frame.Sequence)));
                }
                finally
                {
                    frame.Release();
                }

                frames++;
            }

            if (progress is not null && Stopwatch.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(1))
            {
                lastReport = Stopwatch.GetTimestamp();
                progress.Report(Snapshot());
            }
        }

        Emit(encoder.Flush());
        return Snapshot();
    }
}
