using SwarmHost.Testing;

namespace Vendor.Encoder.Tests;

/// <summary>The encoder in a real swarm: loaded by the real host, beside two libx264 encoders that fail part-way.</summary>
public sealed class SwarmHandoverTests
{
    private readonly SwarmHostInstallation _host = SwarmHostInstallation.Locate();

    [Fact]
    public async Task The_host_loads_the_package_and_lists_the_component()
    {
        var plugins = await _host.ListPluginsAsync([PluginUnderTest.Root]);

        var component = Assert.Single(plugins, p => p.Id == PluginUnderTest.ComponentId);
        Assert.True(component.IsActive, $"{component.Package}: {component.Status} ({component.Reason})");
        Assert.Equal("encoder", component.Kind);
    }

    [Fact]
    public async Task It_carries_the_output_without_a_lost_frame_when_the_other_encoders_fail()
    {
        var swarm = new HandoverSwarm(PluginUnderTest.ComponentId)
        {
            Options = new Dictionary<string, object?> { ["preset"] = "veryfast", ["crf"] = 23 },
        };
        var folder = Path.Combine(AppContext.BaseDirectory, "swarm-runs", nameof(It_carries_the_output_without_a_lost_frame_when_the_other_encoders_fail));

        var run = await _host.RunSwarmAsync(swarm.WriteManifest(folder), [PluginUnderTest.Root]);

        var summary = run.Summary;
        Assert.True(run.Command.ExitCode == 0, run.Command.Describe());
        Assert.Null(summary.Error);
        Assert.Equal(0, summary.LostFrames);
        Assert.Equal(summary.FramesIn, summary.FramesOut);
        Assert.Equal(swarm.Frames, summary.FramesIn);
        foreach (var failing in HandoverSwarm.FailingEncoderIds)
        {
            Assert.Equal("Failed", summary.Encoder(failing).State);
        }

        var ours = summary.Encoder(swarm.InstanceId);
        Assert.Equal(0, ours.Failures);
        Assert.True(ours.LeadFrames >= swarm.Gop, $"it carried {ours.LeadFrames} frames of the output, less than one GOP ({swarm.Gop}); see {run.EventsPath}");
        Assert.True(ours.LeadFrames >= swarm.FramesAfterHandover, $"it carried {ours.LeadFrames} frames, but after the others failed {swarm.FramesAfterHandover} could only come from it; see {run.EventsPath}");
    }
}
