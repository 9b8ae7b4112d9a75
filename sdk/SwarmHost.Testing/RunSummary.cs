using System.Text.Json;

namespace SwarmHost.Testing;

/// <summary>
/// The summary of a finished <c>swarmhost run</c> (its <c>--summary</c> file): the figures a plugin
/// test asserts on, plus the whole document in <see cref="Json"/> for anything else (field by field
/// in the host's docs/events.md).
/// </summary>
/// <remarks>Always <c>FramesOut == FramesIn − LostFrames + InsertedFrames</c>; for a file or <c>lavfi</c> input <c>InsertedFrames == 0</c>, so zero loss reads <c>LostFrames == 0</c> and <c>FramesOut == FramesIn</c>.</remarks>
/// <param name="FramesIn">Frames read from the input.</param>
/// <param name="FramesOut">Frames written to the output, one per slot (what ffprobe counts).</param>
/// <param name="LostFrames">Source frames (and inserted frames) missing from the output.</param>
/// <param name="DuplicateFrames">Units a combiner emitted for a slot already written (not written again).</param>
/// <param name="InsertedFrames">Repeats filling a stalled live (network) input; 0 for a file or <c>lavfi</c> input. Slots a combiner filled because no encoder delivered are <c>repeatedFrames</c> in <see cref="Json"/>.</param>
/// <param name="Handovers">Changes of the encoder the output is taken from.</param>
/// <param name="Error">Why the run failed, or <c>null</c>.</param>
/// <param name="Encoders">Every encoder of the manifest, in its order.</param>
/// <param name="Json">The whole summary document.</param>
public sealed record RunSummary(
    long FramesIn,
    long FramesOut,
    long LostFrames,
    long DuplicateFrames,
    long InsertedFrames,
    long Handovers,
    string? Error,
    IReadOnlyList<EncoderRunSummary> Encoders,
    JsonElement Json)
{
    /// <summary>The encoder with instance id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">The run had no such encoder; the message lists those it had.</exception>
    public EncoderRunSummary Encoder(string id) =>
        Encoders.FirstOrDefault(e => e.Id == id)
        ?? throw new KeyNotFoundException($"The run summary has no encoder '{id}'; it has {string.Join(", ", Encoders.Select(e => $"'{e.Id}'"))}. Use the instance id from the manifest's \"encoders\".");

    /// <summary>Reads a summary file written by <c>swarmhost run --summary</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not a run summary; the message names it.</exception>
    public static RunSummary Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the JSON of a run summary.</summary>
    /// <param name="json">The summary document.</param>
    /// <param name="origin">Where it came from, for the error message.</param>
    /// <exception cref="InvalidDataException">The text is not a run summary.</exception>
    public static RunSummary Parse(string json, string origin = "the summary")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement.Clone();
            var encoders = root.GetProperty("encoders").EnumerateArray().Select(e => new EncoderRunSummary(
                e.GetProperty("id").GetString()!,
                e.GetProperty("state").GetString()!,
                e.GetProperty("instances").GetInt32(),
                e.GetProperty("failures").GetInt32(),
                e.GetProperty("lastFailure").GetString(),
                e.GetProperty("unitsUsed").GetInt64(),
                e.GetProperty("leadFrames").GetInt64(),
                e.GetProperty("badUnits").GetInt64(),
                e.GetProperty("lateUnits").GetInt64(),
                e.GetProperty("missedSlots").GetInt64())).ToList();
            return new RunSummary(
                root.GetProperty("framesIn").GetInt64(),
                root.GetProperty("framesOut").GetInt64(),
                root.GetProperty("lostFrames").GetInt64(),
                root.GetProperty("duplicateFrames").GetInt64(),
                root.GetProperty("insertedFrames").GetInt64(),
                root.GetProperty("handovers").GetInt64(),
                root.GetProperty("error").GetString(),
                encoders,
                root);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{origin} is not a swarmhost run summary ({e.Message}); is the host older than this harness?", e);
        }
    }
}
