using System.Diagnostics.Metrics;

namespace SwarmHost.Telemetry;

/// <summary>
/// The swarm's metrics as a <see cref="System.Diagnostics.Metrics.Meter"/> named
/// <see cref="MeterName"/>: any <see cref="MeterListener"/> (dotnet-counters, OpenTelemetry, the
/// <see cref="PrometheusEndpoint"/>) can collect them. Every instrument is observable: nothing is
/// recorded on the swarm's hot paths; a collector's callback reads <see cref="ISwarmMetricsSource.Latest"/>
/// (an immutable snapshot), so callbacks are safe on any thread and never take the engine's locks.
/// </summary>
/// <remarks>
/// Instrument names are relative to the meter (<c>frames.in</c>, <c>encoder.weight</c>): the
/// Prometheus bridge prefixes the meter name and turns dots into underscores
/// (<c>swarmhost_frames_in</c>, <c>swarmhost_encoder_weight</c>). Units are in the names where
/// Prometheus would lose them (<c>_ms</c>, <c>_db</c>, <c>_ns</c>). Before the swarm publishes its
/// first snapshot the instruments report nothing.
/// </remarks>
public sealed class SwarmMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "SwarmHost";

    /// <summary>The tag naming an encoder on the per-encoder gauges.</summary>
    public const string EncoderTag = "encoder";

    /// <summary>The tag naming a cluster node on the node gauges.</summary>
    public const string NodeTag = "node";

    /// <summary>The tag naming the clock's source on the clock gauges.</summary>
    public const string ClockTag = "clock";

    private readonly ISwarmMetricsSource _source;

    /// <summary>Creates the meter and its instruments over <paramref name="source"/>; dispose to remove them.</summary>
    public SwarmMetrics(ISwarmMetricsSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        Meter = new Meter(MeterName, typeof(SwarmMetrics).Assembly.GetName().Version?.ToString());
        Meter.CreateObservableCounter("frames.in", () => Totals(s => s.FramesIn), "{frame}", "Input frames read.");
        Meter.CreateObservableCounter("frames.out", () => Totals(s => s.FramesOut), "{frame}", "Distinct frames written to the output.");
        Meter.CreateObservableCounter("frames.lost", () => Totals(s => s.FramesLost), "{frame}", "Frames missing from the output so far (gaps below the highest frame written).");
        Meter.CreateObservableCounter("frames.inserted", () => Totals(s => s.FramesInserted), "{frame}", "Frames inserted to fill a stall (repeats or interpolations).");
        Meter.CreateObservableCounter("handovers", () => Totals(s => s.Handovers), "{handover}", "Times the output's leading encoder changed.");
        Meter.CreateObservableGauge("encoder.weight", () => PerEncoder(e => e.Weight), "1", "Normalised weight of the encoder (live weights sum to 1).");
        Meter.CreateObservableGauge("encoder.encode_time_ms", () => PerEncoder(e => e.MeanEncodeMs), "ms", "Mean encode time of the encoder's recent frames.");
        Meter.CreateObservableGauge("encoder.psnr_db", () => PerEncoder(e => e.RecentPsnr), "dB", "Mean PSNR-Y of the encoder's recent units.");
        Meter.CreateObservableGauge("encoder.resident_mb", () => PerEncoder(e => e.ResidentMb), "MB", "Resident size of the encoder's lane process (encoders with \"isolation\": \"process\" only).");
        Meter.CreateObservableGauge("encoder.cpu_ms", () => PerEncoder(e => e.CpuMs), "ms", "CPU time the encoder's lane has used: its encode thread in the host, or its whole lane process since the encoder opened.");
        Meter.CreateObservableGauge("encoder.health", () => PerEncoder(e => (int)e.State), "1", "Health state: 0 Joining, 1 Active, 2 Degraded, 3 Failed.");
        Meter.CreateObservableGauge("encoder.leading", () => PerEncoder(e => e.Id == _source.Latest?.Leader ? 1 : 0), "1", "1 for the encoder whose units the output takes now, else 0.");
        Meter.CreateObservableGauge("clock.offset_ns", ClockOffset, "ns", "The clock's last measured offset from its source.");
        Meter.CreateObservableGauge("clock.synchronised", ClockSynchronised, "1", "1 when the clock is synchronised to its source, else 0.");
        Meter.CreateObservableGauge("node.clock.synchronised", () => PerNode(n => n.State == "Synchronised" ? 1 : 0), "1", "Per node running remote lanes: 1 when its clock is synchronised to its source, else 0.");
        Meter.CreateObservableGauge("node.clock.degraded", () => PerNode(n => n.Degraded ? 1 : 0), "1", "Per node running remote lanes: 1 when it counts as Degraded (its clock neither synchronised nor in holdover within the limit), else 0.");
        Meter.CreateObservableGauge("output.srt.connected", () => Srt(s => s.Connected ? 1 : 0), "1", "An srt:// output: 1 while a receiver is connected, else 0.");
        Meter.CreateObservableGauge("output.srt.rtt_ms", () => Srt(s => s.RttMs ?? double.NaN), "ms", "An srt:// output: the round-trip time SRT measured last.");
        Meter.CreateObservableCounter("output.srt.retransmitted", () => Srt(s => s.Retransmitted), "{packet}", "An srt:// output: packets SRT sent again.");
        Meter.CreateObservableCounter("output.srt.sender_dropped", () => Srt(s => s.SenderDropped), "{packet}", "An srt:// output: packets SRT dropped as too late to send.");
        Meter.CreateObservableCounter("output.srt.bytes_sent", () => Srt(s => s.BytesSent), "By", "An srt:// output: bytes handed to SRT.");
        Meter.CreateObservableCounter("output.srt.bytes_dropped", () => Srt(s => s.BytesDropped), "By", "An srt:// output: bytes of the output no receiver got (none connected, or it fell behind).");
        Meter.CreateObservableGauge("node.clock.offset_ns", () => PerNode(n => n.OffsetNs ?? double.NaN), "ns", "Per node running remote lanes: its clock's last offset from its reference.");
    }

    /// <summary>The meter holding the instruments (owned: disposed with this object).</summary>
    public Meter Meter { get; }

    /// <inheritdoc/>
    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<T>> Srt<T>(Func<SwarmHost.Media.Srt.SrtFigures, T> pick)
        where T : struct =>
        _source.Srt is { } s ? [new Measurement<T>(pick(s))] : [];

    private IEnumerable<Measurement<long>> Totals(Func<SwarmMetricsSnapshot, long> pick) =>
        _source.Latest is { } s ? [new Measurement<long>(pick(s))] : [];

    private IEnumerable<Measurement<double>> PerEncoder(Func<EncoderMetricsSnapshot, double> pick)
    {
        if (_source.Latest is not { } s)
        {
            yield break;
        }

        foreach (var encoder in s.Encoders)
        {
            var value = pick(encoder);
            if (double.IsFinite(value))
            {
                yield return new Measurement<double>(value, new KeyValuePair<string, object?>(EncoderTag, encoder.Id));
            }
        }
    }

    private IEnumerable<Measurement<double>> PerNode(Func<NodeClockSnapshot, double> pick)
    {
        foreach (var node in _source.Latest?.NodeClocks ?? [])
        {
            var value = pick(node);
            if (double.IsFinite(value))
            {
                yield return new Measurement<double>(value, new KeyValuePair<string, object?>(NodeTag, node.Node));
            }
        }
    }

    private IEnumerable<Measurement<long>> ClockOffset() =>
        _source.Latest is { ClockOffsetNs: { } offset } s ? [new Measurement<long>(offset, new KeyValuePair<string, object?>(ClockTag, s.ClockSource))] : [];

    private IEnumerable<Measurement<int>> ClockSynchronised() =>
        _source.Latest is { } s ? [new Measurement<int>(s.ClockSynchronised ? 1 : 0, new KeyValuePair<string, object?>(ClockTag, s.ClockSource))] : [];
}
