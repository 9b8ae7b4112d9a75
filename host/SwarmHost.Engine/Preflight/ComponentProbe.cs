using SwarmHost.Abstractions;
using SwarmHost.Manifest;
using SwarmHost.Media;
using SwarmHost.Plugins;

namespace SwarmHost.Preflight;

/// <summary>
/// Opens every component of a swarm once, as a run would, and disposes it again: the clock
/// (created and started, not necessarily synchronised), each analyzer for the profile (models
/// loaded), each encoder for the profile (codec, preset and every option applied), and the
/// combiner with the encoders' sessions (a switching combiner also needs every encoder to produce
/// the profile's codec). Every refusal is reported with the JSON path of what was refused
/// (<see cref="RefusalLocator"/>); nothing stops at the first. Encoders are opened one at a time
/// and an encoder that alone would not fit in <c>memoryLimitBytes</c> is not opened.
/// </summary>
/// <param name="activator">Creates the instances.</param>
public sealed class ComponentProbe(ComponentActivator activator)
{
    private static readonly TimeSpan ClockStartLimit = TimeSpan.FromSeconds(10);
    private readonly RefusalLocator _locator = new(activator);

    /// <summary>Opens and disposes every component of <paramref name="targets"/>; thread: the caller's, one component at a time.</summary>
    /// <param name="targets">What to open.</param>
    /// <param name="memoryLimitBytes">An encoder whose own pictures would exceed this is skipped (reported in <see cref="ProbeResult.Skipped"/>).</param>
    /// <param name="cancellationToken">Stops between components.</param>
    public async Task<ProbeResult> OpenAllAsync(PreflightTargets targets, long memoryLimitBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var problems = new List<ManifestProblem>();
        var skipped = new List<string>();
        var opened = 0;
        if (targets.Clock is { } clock && await StartClockAsync(clock, problems, cancellationToken).ConfigureAwait(false))
        {
            opened++;
        }

        foreach (var analyzer in targets.Analyzers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            opened += Open(analyzer, problems, spec =>
            {
                using var instance = activator.CreateAnalyzer(spec, analyzer.InstanceId);
                instance.Open(targets.Profile);
            }) ? 1 : 0;
        }

        var sessions = new Dictionary<string, EncoderSession>(StringComparer.Ordinal);
        foreach (var encoder in targets.Encoders)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var footprint = EncoderFootprint.Of(encoder.Spec, targets.Profile);
            if (footprint.Bytes > memoryLimitBytes)
            {
                skipped.Add($"encoder '{encoder.InstanceId}' ({encoder.JsonPath}) was not opened: its own pictures alone need about {ByteSize.Format(footprint.Bytes)}");
                continue;
            }

            EncoderSession? session = null;
            if (Open(encoder, problems, spec =>
            {
                using var instance = activator.CreateEncoder(spec, encoder.InstanceId);
                session = instance.Open(targets.Profile);
            }))
            {
                opened++;
                sessions[encoder.InstanceId] = session!;
            }
        }

        if (targets.Combiner is { } combiner)
        {
            var matching = CheckCodecs(targets, combiner, sessions, problems);
            if (matching.Count > 0 && Open(combiner, problems, spec =>
            {
                using var instance = activator.CreateCombiner(spec, "combiner");
                instance.Open(targets.Profile, matching);
            }))
            {
                opened++;
            }
        }

        return new(problems, opened, skipped);
    }

    /// <summary>For a combiner that switches between encoders' streams, refuses encoders whose codec differs from the profile's; returns the sessions that match.</summary>
    private Dictionary<string, EncoderSession> CheckCodecs(PreflightTargets targets, ComponentInstance combiner, Dictionary<string, EncoderSession> sessions, List<ManifestProblem> problems)
    {
        if (!activator.Describe(combiner.Spec.Plugin).Capabilities.GopSwitching)
        {
            return sessions;
        }

        var matching = new Dictionary<string, EncoderSession>(StringComparer.Ordinal);
        foreach (var (id, session) in sessions)
        {
            var codec = FFmpegLibraries.CodecOf(session.Codec);
            if (codec == targets.Profile.Codec)
            {
                matching[id] = session;
                continue;
            }

            var encoder = targets.Encoders.First(e => e.InstanceId == id);
            problems.Add(new(CodecPath(encoder), $"encoder '{id}' produces {(codec.Length > 0 ? codec : session.Codec)}, but the '{combiner.Spec.Plugin}' combiner writes one {targets.Profile.Codec} stream ($.profile.codec) from whole GOPs of each encoder",
                $"give every encoder a {targets.Profile.Codec} codec, or use a combiner that re-encodes (blend)"));
        }

        return matching;
    }

    private async Task<bool> StartClockAsync(ComponentInstance clock, List<ManifestProblem> problems, CancellationToken cancellationToken)
    {
        string? Start(ComponentSpec spec)
        {
            return Refusal(() =>
            {
                using var instance = activator.CreateClock(spec, "clock");
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(ClockStartLimit);
                instance.StartAsync(limit.Token).GetAwaiter().GetResult();
            });
        }

        return await Task.Run(() => Report(clock, Start(clock.Spec), Start, problems), cancellationToken).ConfigureAwait(false);
    }

    private bool Open(ComponentInstance instance, List<ManifestProblem> problems, Action<ComponentSpec> open) =>
        Report(instance, Refusal(() => open(instance.Spec)), spec => Refusal(() => open(spec)), problems);

    private bool Report(ComponentInstance instance, string? refusal, Func<ComponentSpec, string?> attempt, List<ManifestProblem> problems)
    {
        if (refusal is null)
        {
            return true;
        }

        problems.Add(_locator.Locate(instance.Spec, instance.JsonPath, refusal, attempt));
        return false;
    }

    /// <summary>Runs <paramref name="open"/>; the refusal's message, or <c>null</c> when it went through. A component that throws is contained.</summary>
    private static string? Refusal(Action open)
    {
        try
        {
            open();
            return null;
        }
        catch (ArgumentException ex)
        {
            return FailureReasons.RefusedOptions(ex);
        }
        catch (OperationCanceledException)
        {
            return $"did not finish opening within {ClockStartLimit.TotalSeconds:F0} s, or was cancelled";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ex is InvalidOperationException or NotSupportedException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException or KeyNotFoundException
                ? ex.Message.ReplaceLineEndings(" ")
                : $"threw {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}";
        }
    }

    /// <summary>Path of the option that names an encoder's codec (also inside a wrapped component), or the encoder's own path.</summary>
    private static string CodecPath(ComponentInstance encoder)
    {
        var path = JsonPaths.Property(encoder.JsonPath, "options");
        var options = encoder.Spec.Options;
        while (!options.ContainsKey("codec"))
        {
            var inner = options.FirstOrDefault(p => p.Value is ComponentSpec);
            if (inner.Value is not ComponentSpec spec)
            {
                return encoder.JsonPath;
            }

            path = JsonPaths.Property(JsonPaths.Property(path, inner.Key), "options");
            options = spec.Options;
        }

        return JsonPaths.Property(path, "codec");
    }
}
