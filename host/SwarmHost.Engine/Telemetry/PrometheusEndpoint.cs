using System.Diagnostics.Metrics;
using System.Net;
using Prometheus;

namespace SwarmHost.Telemetry;

/// <summary>
/// Serves one <see cref="Meter"/>'s instruments at <c>&lt;url&gt;metrics</c> in the Prometheus text
/// format, from a stand-alone <see cref="HttpListener"/>, until disposed.
/// </summary>
/// <remarks>
/// Library: prometheus-net 8.2.1 (its <c>MeterAdapter</c> bridges System.Diagnostics.Metrics, its
/// <c>MetricServer</c> is the HTTP listener), chosen over OpenTelemetry's
/// <c>OpenTelemetry.Exporter.Prometheus.HttpListener</c>, which the package feed serves only as
/// 1.20.1-beta.1: a release of the host should not depend on a pre-release exporter whose API and
/// output may still change, and prometheus-net is stable, small, and needs no SDK pipeline.
/// The adapter works on a private registry (only this meter is exported, not the process's other
/// meters) and calls the observable instruments' callbacks on the scrape thread, just before it
/// writes the answer; .NET counters appear as Prometheus gauges (prometheus-net's choice: a
/// re-created counter could otherwise go backwards).
/// Threading: <see cref="Start"/> and <see cref="Dispose"/> from one thread; scrapes are served on
/// the listener's threads.
/// </remarks>
public sealed class PrometheusEndpoint : IDisposable
{
    private readonly IDisposable _adapter;
    private readonly MetricServer _server;

    private PrometheusEndpoint(IDisposable adapter, MetricServer server, Uri scrapeUri, bool everyInterface)
    {
        _adapter = adapter;
        _server = server;
        ScrapeUri = scrapeUri;
        EveryInterface = everyInterface;
    }

    /// <summary>The address Prometheus should scrape (on this machine; for an every-interface endpoint, its loopback address).</summary>
    public Uri ScrapeUri { get; }

    /// <summary>Whether the endpoint serves on every interface (<c>--metrics-bind-any</c>), not only the address named.</summary>
    public bool EveryInterface { get; }

    /// <summary>
    /// Starts serving <paramref name="meter"/> under <paramref name="baseUri"/> (an absolute
    /// <c>http://host:port/</c> URL, as <see cref="MetricsUrl.TryParse"/> checks it).
    /// </summary>
    /// <exception cref="InvalidOperationException">The listener could not start (the port is taken, the address is not this machine's); the message says which address and what to do.</exception>
    public static PrometheusEndpoint Start(Uri baseUri, Meter meter)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(meter);
        var registry = Metrics.NewCustomRegistry();
        // MetricFactory as well as Registry: in 8.2.1 the adapter otherwise creates its metrics in the default registry.
        var adapter = MeterAdapter.StartListening(new MeterAdapterOptions { Registry = registry, MetricFactory = Metrics.WithCustomRegistry(registry), InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, meter) });
        var path = baseUri.AbsolutePath.TrimStart('/');
        path = (path.Length == 0 || path.EndsWith('/') ? path : path + "/") + "metrics/";
        // HttpListener serves every interface for the host "+", not for 0.0.0.0 (it refuses that prefix)
        var server = new MetricServer(MetricsUrl.IsAnyAddress(baseUri) ? "+" : baseUri.Host, baseUri.Port, path, registry);
        try
        {
            server.Start();
        }
        catch (Exception ex) when (ex is HttpListenerException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            server.Dispose();
            adapter.Dispose();
            var taken = ex is HttpListenerException { ErrorCode: 98 or 48 or 10048 } || ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } || ex.Message.Contains("already in use", StringComparison.OrdinalIgnoreCase);
            throw new InvalidOperationException(
                $"cannot serve metrics at {baseUri}: {ex.Message.TrimEnd('.')}. " +
                (taken
                    ? $"Port {baseUri.Port} is taken: choose a free port."
                    : "Give an address of this machine (a bare port serves on 127.0.0.1), or every interface with http://0.0.0.0:<port>/ and --metrics-bind-any."),
                ex);
        }

        var scrape = MetricsUrl.IsAnyAddress(baseUri) ? new UriBuilder(baseUri) { Host = "127.0.0.1" }.Uri : baseUri;
        return new PrometheusEndpoint(adapter, server, new Uri(scrape, path.TrimEnd('/')), MetricsUrl.IsAnyAddress(baseUri));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _server.Dispose();
        _adapter.Dispose();
    }
}
