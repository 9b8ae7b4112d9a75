using SwarmHost.Abstractions;

namespace Fixture.Good;

/// <summary>A mock analyzer with a required file option; reports mean luma as complexity.</summary>
public sealed class MockAnalyzerFactory : IAnalyzerFactory
{
    /// <inheritdoc />
    public ComponentDescriptor Descriptor { get; } = new("mock-analyzer", ComponentKind.Analyzer, "Mock analyzer", "Reports mean luma / 255 as complexity; for host tests.")
    {
        Options =
        [
            new OptionDescriptor("labels", OptionType.Path, "A labels file.") { Required = true },
            new OptionDescriptor("every", OptionType.Integer, "Analyse every n-th frame.") { Default = 1L, Minimum = 1, Maximum = 1000 },
        ],
    };

    /// <inheritdoc />
    public IContentAnalyzer Create(ComponentOptions options, ComponentContext context) => new MockAnalyzer();

    private sealed class MockAnalyzer : IContentAnalyzer
    {
        public void Open(OutputProfile profile)
        {
        }

        public void Analyze(VideoFrame frame, VideoFrame? previous, ContentReportBuilder report)
        {
            long sum = 0;
            foreach (var b in frame.Y.Span)
            {
                sum += b;
            }

            report.Set(ContentMetrics.Complexity, sum / (255.0 * frame.Y.Length));
        }

        public void Dispose()
        {
        }
    }
}
