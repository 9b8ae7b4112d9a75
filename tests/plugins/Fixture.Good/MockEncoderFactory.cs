using SwarmHost.Abstractions;

namespace Fixture.Good;

/// <summary>A mock encoder whose options table uses every option type; emits one tiny unit per frame.</summary>
public sealed class MockEncoderFactory : IEncoderFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new("mock-encoder", ComponentKind.Encoder, "Mock encoder", "Emits an 8-byte unit per frame holding its sequence number; for host tests.")
    {
        Author = "SwarmHost tests",
        Version = "1.2.3",
        License = "MIT",
        Capabilities = new(KeyframeControl.PerFrame, 0, ["mock"]),
        Options =
        [
            new OptionDescriptor("bitrate", OptionType.Integer, "Target bitrate in bit/s.") { Default = 3_000_000L, Minimum = 100_000, Maximum = 100_000_000 },
            new OptionDescriptor("preset", OptionType.Enum, "Speed/quality trade-off.") { Default = "medium", AllowedValues = ["fast", "medium", "slow"] },
            new OptionDescriptor("crf", OptionType.Number, "Constant rate factor.") { Minimum = 0, Maximum = 51 },
            new OptionDescriptor("lowLatency", OptionType.Boolean, "Disable lookahead.") { Default = false },
            new OptionDescriptor("stats", OptionType.Path, "A first-pass statistics file.") ,
            new OptionDescriptor("inner", OptionType.Component, "An encoder to wrap.") { ComponentKind = ComponentKind.Encoder },
            new OptionDescriptor("extra", OptionType.Map, "Private options passed through."),
        ],
    };

    /// <inheritdoc />
    public IVideoEncoder Create(ComponentOptions options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new MockEncoder(context.InstanceId);
    }

    private sealed class MockEncoder(string id) : IVideoEncoder
    {
        private long _frames;
        private long _bytes;

        public EncoderStats Stats => EncoderStats.Zero with { FramesIn = _frames, UnitsOut = _frames, BytesOut = _bytes };

        public EncoderSession Open(OutputProfile profile) =>
            new("mock", profile.Width, profile.Height, 0, KeyframeControl.PerFrame, ReadOnlyMemory<byte>.Empty);

        public IReadOnlyList<EncodedUnit> Encode(VideoFrame frame, bool forceKeyframe)
        {
            _frames++;
            _bytes += 8;
            return [new EncodedUnit(id, frame.Sequence, frame.TimestampNs, frame.TimestampNs, forceKeyframe || frame.Sequence == 0, BitConverter.GetBytes(frame.Sequence), TimeSpan.Zero)];
        }

        public IReadOnlyList<EncodedUnit> Flush() => [];

        public void Dispose()
        {
        }
    }
}
