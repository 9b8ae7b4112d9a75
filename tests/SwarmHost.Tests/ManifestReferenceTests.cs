using SwarmHost.Manifest;

namespace SwarmHost.Tests;

public sealed class ManifestReferenceTests
{
    [Fact]
    public void Docs_manifest_md_is_what_the_schema_generates()
    {
        var committed = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "manifest.md"));

        Assert.True(committed == ManifestReference.Markdown(), "docs/manifest.md differs from the schema; regenerate it: ./swarmhost schema --markdown > docs/manifest.md");
    }

    [Fact]
    public void The_reference_lists_every_property_with_type_requirement_default_and_bounds()
    {
        var markdown = ManifestReference.Markdown();

        Assert.Contains("| `profile.codec` | string | yes |  | `h264`, `hevc`, `vp9`, `av1`, `mpeg2video` |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `encoders` | array of object | yes |  | items ≥ 3 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `encoders[].id` | string | yes |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `weighting.policy` | string |  | `\"seed\"` | `seed`, `reactive`, `predictive` |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `health.ssimEvery` | integer |  | `1` | ≥ 0; ≤ 100000 |", markdown, StringComparison.Ordinal);
    }
}
