using System.Text.Json;

namespace SwarmHost.Manifest;

/// <summary>
/// Reads a manifest file into a JSON document, refusing what the run could not use the same way
/// the validator sees it: a path that is not a regular file (a folder, FIFO or device is never
/// opened), a file over <see cref="MaxBytes"/>, invalid JSON, a top level that is not an object,
/// duplicate keys (the schema would check the first and the run read the last), <c>null</c>
/// values and NUL characters. Every such problem is reported with its JSON path, all at once.
/// </summary>
public static class ManifestReader
{
    /// <summary>The largest manifest accepted, in bytes (1 MiB).</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <summary>
    /// Reads <paramref name="file"/>; returns the document (the caller disposes it) when it can be
    /// validated further, or <c>null</c> when nothing more can be checked. Problems go to <paramref name="problems"/>;
    /// a document is returned even when some were found (duplicates, nulls, NULs) so the rest can be checked too.
    /// </summary>
    public static JsonDocument? Read(string file, ICollection<ManifestProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(problems);
        if (file.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(new(JsonPaths.Root, "the manifest path contains a NUL character", "give the path of a manifest file"));
            return null;
        }

        var full = Path.GetFullPath(file);
        var (kind, size) = FileProbe.Of(full);
        var refusal = kind switch
        {
            FileKind.Missing => $"manifest not found: {full}",
            FileKind.Directory => $"{full} is a folder, not a manifest file",
            FileKind.Fifo => $"{full} is a named pipe (FIFO); it was not opened",
            FileKind.Device => $"{full} is a device, not a manifest file; it was not opened",
            FileKind.Other => $"{full} is not a regular file",
            _ when size > MaxBytes => $"{full} is {size:N0} bytes; a manifest is at most {MaxBytes:N0} bytes (1 MiB)",
            _ => null,
        };
        if (refusal is not null)
        {
            problems.Add(new(JsonPaths.Root, refusal, kind == FileKind.Missing ? "check the path" : "give the path of a regular JSON file of at most 1 MiB"));
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = ReadBounded(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(JsonPaths.Root, $"cannot read {full}: {ex.Message}", "check the file's permissions"));
            return null;
        }

        if (bytes.Length > MaxBytes)
        {
            problems.Add(new(JsonPaths.Root, $"{full} is over {MaxBytes:N0} bytes; a manifest is at most 1 MiB", "give the path of a regular JSON file of at most 1 MiB"));
            return null;
        }

        var text = bytes.AsMemory();
        if (text.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            text = text[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException ex)
        {
            var what = ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0].Split('\n')[0].TrimEnd('\r');
            what = what.Length > 160 ? what[..160] + "…" : what;
            problems.Add(new(JsonPaths.Root, $"not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {what}", "fix the syntax first; nothing else was checked"));
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(JsonPaths.Root, $"the manifest must be a JSON object ({{ \"source\": ..., \"profile\": ..., ... }}), found {Describe(document.RootElement.ValueKind)}",
                "see schemas/swarm-manifest.schema.json or copy out/demo-swarm.json from `swarmhost demo`"));
            document.Dispose();
            return null;
        }

        var unreadable = 0;
        Walk(document.RootElement, JsonPaths.Root, problems, ref unreadable);
        if (unreadable > 0)
        {
            document.Dispose();
            return null; // a text that is not Unicode cannot be checked or run
        }

        return document;
    }

    /// <summary>Describes a JSON value kind for messages ("null", "an array", ...).</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "nothing",
    };

    private static byte[] ReadBounded(string full)
    {
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var buffer = new byte[MaxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    private static void Walk(JsonElement element, string path, ICollection<ManifestProblem> problems, ref int unreadable)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (Unicode(() => property.Name) is not { } name)
                    {
                        problems.Add(new(path, "a key here is not valid Unicode (an unpaired surrogate escape such as \\ud800)", "write the key as plain text"));
                        unreadable++;
                        continue;
                    }

                    var child = JsonPaths.Property(path, name);
                    if (!seen.Add(name))
                    {
                        problems.Add(new(child, $"duplicate key '{Printable(name)}' in this object", "keep one; JSON readers disagree on which of two equal keys counts"));
                    }

                    if (name.Contains('\0', StringComparison.Ordinal))
                    {
                        problems.Add(new(child, "the key contains a NUL character", "remove it"));
                    }

                    Walk(property.Value, child, problems, ref unreadable);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, JsonPaths.Index(path, index++), problems, ref unreadable);
                }

                break;
            case JsonValueKind.String:
                if (Unicode(element.GetString) is not { } text)
                {
                    problems.Add(new(path, "the string is not valid Unicode (an unpaired surrogate escape such as \\ud800)", "write it as plain text"));
                    unreadable++;
                }
                else if (text.Contains('\0', StringComparison.Ordinal))
                {
                    problems.Add(new(path, "the string contains a NUL character (\\u0000)", "remove it; no path, URL or name can hold one"));
                }

                break;
            case JsonValueKind.Null:
                problems.Add(new(path, "null is not a value here", "remove the property to use its default, or give a value"));
                break;
        }
    }

    private static string? Unicode(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return null; // System.Text.Json refuses to decode an unpaired surrogate
        }
    }

    private static string Printable(string name) => name.Replace("\0", "\\u0000", StringComparison.Ordinal);
}
