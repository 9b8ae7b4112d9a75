using System.Text.Json;
using SwarmHost.Manifest;
using SwarmHost.Media;

namespace SwarmHost.Tests;

/// <summary>No code from a manifest: the lavfi filter allowlist, its graph parser, the input protocol whitelist, and bounded schema numbers.</summary>
public sealed class InputSafetyTests
{
    [Theory]
    [InlineData("testsrc2=size=1280x720:rate=30", new[] { "testsrc2" })]
    [InlineData("[in]testsrc2@src=s=64x64 [a]; [a] split [b][c];[b][c]overlay", new[] { "testsrc2", "split", "overlay" })]
    [InlineData("testsrc2=s=64x64:r=30,noise=alls=24:enable='gte(mod(t,8),4)',format=yuv420p", new[] { "testsrc2", "noise", "format" })]
    [InlineData("testsrc2=s=64x64,drawbox=t='a,movie=x;ladspa',null", new[] { "testsrc2", "drawbox", "null" })]
    [InlineData("tests\\rc2,'lad'spa=f=x", new[] { "testsrc2", "ladspa" })]
    [InlineData("color=c=red\\,blue,vflip", new[] { "color", "vflip" })]
    public void Filter_names_are_read_as_ffmpeg_reads_them(string graph, string[] names) =>
        Assert.Equal(names, FilterGraphParser.FilterNames(graph));

    [Theory]
    [InlineData("[a")]
    [InlineData("testsrc2,")]
    [InlineData("testsrc2 x")]
    [InlineData("Testsrc2")]
    [InlineData("test src")]
    [InlineData("")]
    [InlineData("testsrc2,'lad\\spa'=f=x")]
    public void A_graph_that_cannot_be_read_exactly_is_refused(string graph)
    {
        Assert.Throws<FormatException>(() => FilterGraphParser.FilterNames(graph));
        Assert.Contains("cannot be read safely", FilterAllowlist.Refusal("lavfi:" + graph, null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ladspa=file=/tmp/x.so")]
    [InlineData("testsrc2,lv2=p=urn:x")]
    [InlineData("frei0r=filter_name=distort0r")]
    [InlineData("frei0r_src=filter_name=x")]
    [InlineData("movie=/etc/passwd")]
    [InlineData("amovie=/etc/passwd")]
    [InlineData("testsrc2,subtitles=/tmp/a.srt")]
    [InlineData("testsrc2,ass=/tmp/a.ass")]
    [InlineData("testsrc2,drawtext=textfile=/etc/passwd")]
    [InlineData("testsrc2,sendcmd=f=/tmp/cmds")]
    [InlineData("testsrc2,zmq")]
    [InlineData("testsrc2,dnn_processing=model=/tmp/m")]
    [InlineData("testsrc2,split[a][b];[a][b]psnr=stats_file=/tmp/out")]
    [InlineData("life=f=/etc/passwd")]
    public void Filters_that_load_code_or_touch_files_are_refused_by_name(string graph)
    {
        var refusal = FilterAllowlist.Refusal("lavfi:" + graph, null);

        Assert.NotNull(refusal);
        Assert.Contains("--allow-filter", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_filter_passes_only_when_named_on_the_command_line()
    {
        Assert.NotNull(FilterAllowlist.Refusal("lavfi:testsrc2,drawtext=text=hi", ["hue"]));
        Assert.Null(FilterAllowlist.Refusal("lavfi:testsrc2,drawtext=text=hi", ["drawtext"]));
        Assert.Null(FilterAllowlist.Refusal("clip.mp4", null));
    }

    [Fact]
    public void Every_lavfi_graph_of_the_repository_s_demo_scenarios_and_tests_is_allowed()
    {
        var graphs = new List<string>
        {
            "testsrc2=s=640x360:r=30,eq=brightness=-0.45", "testsrc2=s=640x360:r=30,scroll=h=0.03", "color=c=gray:s=64x64:r=30",
            "mandelbrot=s=640x360:r=30", "sierpinski=s=640x360:r=30:seed=3:type=carpet", "color=c=gray:s=640x360:r=30,noise=alls=50:allf=t:all_seed=11",
        };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "scenarios"), "*.json").Append(Path.Combine(TestPaths.RepoRoot, "host", "SwarmHost", "Demo", "demo-swarm.json")))
        {
            var uri = JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("source").GetProperty("uri").GetString()!;
            if (uri.StartsWith("lavfi:", StringComparison.Ordinal))
            {
                graphs.Add(uri["lavfi:".Length..]);
            }
        }

        Assert.True(graphs.Count >= 9);
        Assert.All(graphs, g => Assert.Null(FilterAllowlist.Refusal("lavfi:" + g, null)));
    }

    [Fact]
    public void A_file_input_is_opened_with_the_file_protocol_only()
    {
        var folder = Directory.CreateTempSubdirectory("swarmhost-protocols-").FullName;
        try
        {
            var segment = Path.Combine(folder, "segment.ts");
            var made = ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10", "-frames:v", "10", "-c:v", "libx264", "-preset", "ultrafast", "-f", "mpegts", segment);
            Assert.Equal(0, made.ExitCode);
            var data = "data:video/mp2t;base64," + Convert.ToBase64String(File.ReadAllBytes(segment));
            var local = Path.Combine(folder, "local.m3u8");
            var remote = Path.Combine(folder, "remote.m3u8");
            const string Head = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\n";
            File.WriteAllText(local, Head + "segment.ts\n#EXT-X-ENDLIST\n");
            File.WriteAllText(remote, Head + data + "\n#EXT-X-ENDLIST\n");

            Assert.Equal("file", InputProtocols.For(local));
            Assert.Equal(10, MediaRuns.ReadFrames(local, 10).Count); // a playlist of local files still plays
            var refused = Assert.Throws<MediaInputException>(() => MediaRuns.ReadFrames(remote, 10));
            Assert.Contains("remote.m3u8", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_number_in_the_manifest_schema_has_a_minimum_and_a_maximum()
    {
        var missing = new List<string>();
        var numbers = 0;
        void Walk(JsonElement node, string path)
        {
            if (node.ValueKind == JsonValueKind.Object)
            {
                if (node.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is "integer" or "number")
                {
                    numbers++;
                    if (!(node.TryGetProperty("minimum", out _) || node.TryGetProperty("exclusiveMinimum", out _))
                        || !(node.TryGetProperty("maximum", out _) || node.TryGetProperty("exclusiveMaximum", out _)))
                    {
                        missing.Add(path);
                    }
                }

                foreach (var property in node.EnumerateObject())
                {
                    Walk(property.Value, path + "/" + property.Name);
                }
            }
            else if (node.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    Walk(item, $"{path}/{i++}");
                }
            }
        }

        Walk(JsonDocument.Parse(ManifestSchema.Text).RootElement, "#");

        Assert.True(numbers >= 15, $"only {numbers} numeric properties found");
        Assert.True(missing.Count == 0, "numeric properties without both a minimum and a maximum: " + string.Join(", ", missing));
    }
}
