using System.Globalization;
using SwarmHost.Media;

namespace SwarmHost.Engine.Lanes.Remote;

/// <summary>
/// How a run's nodes get its source, and how they number it: the intake's epochs, which pictures
/// are repeats, and — for a relayed source — the relay that sends each node the source's
/// compressed packets over SRT with the deployment's passphrase.
/// </summary>
/// <param name="epochs">The intake's epochs.</param>
/// <param name="isRepeat">Whether a sequence number went to a repeat (the input stalled) rather than a source picture.</param>
/// <param name="relay">The relay, or <c>null</c> when every node reads the source itself.</param>
/// <param name="links">The links to the nodes (their media addresses and the passphrase).</param>
/// <param name="srtLatencyMs">The relay's SRT latency, ms.</param>
internal sealed class RemoteSource(EpochBook epochs, Func<long, bool> isRepeat, PacketRelay? relay, IRemoteLaneLinks links, int srtLatencyMs)
{
    /// <summary>Whether the coordinator relays the source.</summary>
    public bool Relayed => relay is not null;

    /// <summary>The relay's SRT latency, ms.</summary>
    public int SrtLatencyMs => srtLatencyMs;

    /// <summary>Whether <paramref name="sequence"/> is a repeat.</summary>
    public bool IsRepeat(long sequence) => isRepeat(sequence);

    /// <summary>The epoch that numbers <paramref name="sequence"/>, on the timeline the nodes read (the relayed one for a relayed source).</summary>
    public SourceEpoch? EpochAt(long sequence)
    {
        var epoch = epochs.InForceAt(sequence);
        return epoch is not null && relay is not null ? epoch with { Pts0Ns = relay.ToRelayTimeNs(epoch.Pts0Ns) } : epoch;
    }

    /// <summary>Starts relaying to node <paramref name="node"/>, which awaits the relay at UDP <paramref name="port"/>; <paramref name="onEnd"/> hears why if the relay to it fails.</summary>
    /// <exception cref="IOException">The node is not known.</exception>
    public RelayOutput Relay(string node, int port, Action<string> onEnd) =>
        (relay ?? throw new InvalidOperationException("the source is not relayed")).Open($"srt://{links.MediaHost(node)}:{port.ToString(CultureInfo.InvariantCulture)}?mode=caller", SrtOptions(links.MediaPassphrase, srtLatencyMs), onEnd);

    /// <summary>The SRT options both ends of a relay use: AES-128 with the deployment's passphrase, the latency, and a close that first delivers what was sent (up to 2 s; live mode would drop it).</summary>
    public static Dictionary<string, string> SrtOptions(string passphrase, int latencyMs) => new()
    {
        ["passphrase"] = passphrase,
        ["pbkeylen"] = "16",
        ["latency"] = (latencyMs * 1000L).ToString(CultureInfo.InvariantCulture),
        ["linger"] = "2",
    };
}
