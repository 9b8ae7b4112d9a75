using System.Collections.Concurrent;
using System.Diagnostics;
using SwarmHost.Abstractions;
using SwarmHost.Media;
using SwarmHost.Pipeline;

namespace SwarmHost.Bench;

/// <summary>
/// Encodes one input with several encoders at once, in-process, as a swarm does: the source is
/// read once, and each encoder works on its own thread from a bounded queue of shared frames.
/// Units are counted and discarded.
/// </summary>
public static class InProcessEncodeRun
{
    private const int QueueCapacity = 8;

    /// <summary>Runs the encoders over <paramref name="frames"/> frames of <paramref name="input"/> and returns the wall time from opening the source to the last flush.</summary>
    /// <exception cref="InvalidOperationException">An encoder failed (its message included) or produced nothing.</exception>
    /// <param name="input">The input.</param>
    /// <param name="frames">Frames to encode.</param>
    /// <param name="gop">Frames per GOP.</param>
    /// <param name="encoders">The encoders, opened by this method.</param>
    /// <param name="allowedFilters">Filters a <c>lavfi:</c> input may use beyond the default list.</param>
    public static TimeSpan Run(string input, long frames, int gop, IReadOnlyList<IVideoEncoder> encoders, IReadOnlyCollection<string> allowedFilters)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        var watch = Stopwatch.StartNew();
        using var source = MediaSource.Open(new MediaSourceOptions(input) { MaxFrames = frames, AllowedFilters = allowedFilters });
        var profile = new OutputProfile("any", source.Info.Width, source.Info.Height, source.Info.FrameRate, gop);
        var queues = encoders.Select(_ => new BlockingCollection<VideoFrame>(QueueCapacity)).ToList();
        var units = new long[encoders.Count];
        var workers = encoders.Select((encoder, i) => Task.Factory.StartNew(() => Encode(encoder, profile, queues[i], ref units[i]), TaskCreationOptions.LongRunning)).ToList();
        try
        {
            while (source.ReadAsync().AsTask().GetAwaiter().GetResult() is { Kind: not SourceReadKind.Ended } read)
            {
                if (read.Frame is not { } frame)
                {
                    continue;
                }

                foreach (var queue in queues)
                {
                    queue.Add(frame.Retain());
                }

                frame.Release();
            }
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue.CompleteAdding();
            }
        }

        Task.WaitAll(workers);
        watch.Stop();
        foreach (var queue in queues)
        {
            queue.Dispose();
        }

        if (units.Any(u => u == 0))
        {
            throw new InvalidOperationException("An encoder produced no units; the benchmark would measure nothing.");
        }

        return watch.Elapsed;
    }

    private static void Encode(IVideoEncoder encoder, OutputProfile profile, BlockingCollection<VideoFrame> queue, ref long units)
    {
        try
        {
            var session = encoder.Open(profile);
            foreach (var frame in queue.GetConsumingEnumerable())
            {
                try
                {
                    units += encoder.Encode(frame, KeyframeRequests.IsRequested(session, profile, frame.Sequence)).Count;
                }
                finally
                {
                    frame.Release();
                }
            }

            units += encoder.Flush().Count;
        }
        catch
        {
            foreach (var frame in queue.GetConsumingEnumerable())
            {
                frame.Release(); // keep the reader from blocking on a queue nobody empties
            }

            throw;
        }
    }
}
