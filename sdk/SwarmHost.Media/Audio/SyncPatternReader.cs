using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>
/// Reads a file's best video stream and first audio stream for <see cref="AvSyncProbe"/>: flash
/// times and tone onset times, in seconds on the file's timeline. The file is read by the same
/// <see cref="DemuxedInput"/> a source reads with (pictures as I420 at the file's size; audio
/// packets handed on as read).
/// </summary>
internal sealed unsafe class SyncPatternReader : IDisposable
{
    private const int ProbeRate = 48_000;
    private readonly List<double> _flashes = [];
    private readonly List<double> _onsets = [];
    private readonly DemuxedInput _input;
    private readonly AudioDecoding _audio;
    private double _previousLuma = double.NaN;
    private long _quietSamples = long.MaxValue / 2;

    public SyncPatternReader(string file)
    {
        _input = DemuxedInput.Open(new MediaSourceOptions(file), network: false);
        try
        {
            if (_input.AudioStreams.Count == 0)
            {
                throw new MediaInputException($"'{file}': the A/V sync measure needs a video and an audio stream; it has video and no audio.");
            }

            _audio = new AudioDecoding(_input.AudioStreams[0].Parameters, $"aresample={ProbeRate},aformat=sample_fmts=flt:channel_layouts=mono", $"'{file}'");
        }
        catch
        {
            _input.Dispose();
            throw;
        }

        _input.AudioReceived = (track, data, startNs, durationNs) =>
        {
            if (track == 0)
            {
                _audio.Decode(data, startNs == AvUtilNative.NoPts ? startNs : startNs / 1000, durationNs / 1000, Samples);
            }
        };
    }

    /// <summary>Reads the whole file.</summary>
    public (List<double> Flashes, List<double> Onsets) ReadAll()
    {
        while (_input.Next(out var picture) is var outcome && outcome is not (DemuxedInput.Outcome.End or DemuxedInput.Outcome.Failed))
        {
            if (outcome == DemuxedInput.Outcome.Picture)
            {
                using (picture.Buffer)
                {
                    Look(picture.Buffer.Memory.Span, picture.Pts);
                }
            }
        }

        _audio.Finish(Samples);
        return (_flashes, _onsets);
    }

    public void Dispose()
    {
        _audio?.Dispose();
        _input.Dispose();
    }

    /// <summary>One I420 picture: a flash when the mean luma of its top-left corner (a quarter of its width and height, where the pattern's white box goes) jumps.</summary>
    private void Look(ReadOnlySpan<byte> picture, long pts)
    {
        var (width, height) = (_input.Width, _input.Height);
        long sum = 0;
        long count = 0;
        for (var y = 0; y < height / 4; y++)
        {
            foreach (var value in picture.Slice(y * width, width / 4))
            {
                sum += value;
            }

            count += width / 4;
        }

        var mean = count == 0 ? 0 : sum / (double)count;
        if (pts != AvUtilNative.NoPts && mean > AvSyncProbe.FlashLuma && (double.IsNaN(_previousLuma) || mean - _previousLuma > AvSyncProbe.FlashRise))
        {
            _flashes.Add(_input.ToNanoseconds(pts) / 1e9);
        }

        _previousLuma = mean;
    }

    /// <summary>One converted audio frame (mono float at <see cref="ProbeRate"/>, pts in samples).</summary>
    private void Samples(nint frame)
    {
        var f = (byte*)frame;
        var count = *(int*)(f + StableLayout.FrameSampleCount);
        var start = *(long*)(f + StableLayout.FramePts);
        var samples = new ReadOnlySpan<float>(*(float**)(f + StableLayout.FrameData), count);
        for (var i = 0; i < samples.Length; i++)
        {
            if (Math.Abs(samples[i]) < AvSyncProbe.LoudLevel)
            {
                _quietSamples++;
                continue;
            }

            if (_quietSamples >= AvSyncProbe.QuietBeforeOnsetSeconds * ProbeRate && start != AvUtilNative.NoPts)
            {
                _onsets.Add((start + i) / (double)ProbeRate);
            }

            _quietSamples = 0;
        }
    }
}
