using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SwarmHost.Clocks.Ntp;

/// <summary>
/// One configured server: its connected UDP socket, the last good samples (the clock filter's
/// shift register) and what went wrong with it.
/// </summary>
/// <remarks>
/// Confined to the clock's poll thread, except <see cref="Dispose"/>, which may run on any thread
/// and makes a blocked <see cref="Poll"/> return.
/// </remarks>
internal sealed class NtpServer : IDisposable
{
    private readonly Socket _socket;
    private readonly Queue<NtpSample> _samples = new();
    private readonly byte[] _request = new byte[NtpPacket.Size];
    private readonly byte[] _reply = new byte[1024];
    private readonly int _keep;

    /// <summary>Wraps a socket already connected to <paramref name="endpoint"/>; the server owns it from now on.</summary>
    public NtpServer(NtpServerAddress address, IPEndPoint endpoint, Socket socket, int keep)
    {
        Address = address;
        Endpoint = endpoint;
        _socket = socket;
        _keep = keep;
        var resolved = endpoint.Address.ToString();
        Name = string.Equals(resolved, address.Host, StringComparison.OrdinalIgnoreCase) ? address.ToString() : $"{address} ({resolved})";
    }

    /// <summary>The address as configured.</summary>
    public NtpServerAddress Address { get; }

    /// <summary>Where requests go.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>How the server is named in the status: the configured address, plus the resolved one for a host name.</summary>
    public string Name { get; }

    /// <summary>The last good samples, oldest first (at most the <c>samples</c> option).</summary>
    public IReadOnlyCollection<NtpSample> Samples => _samples;

    /// <summary>Good replies so far.</summary>
    public long Good { get; private set; }

    /// <summary>Replies rejected so far (bogus, unsynchronised, late).</summary>
    public long Rejected { get; private set; }

    /// <summary>Polls that got no reply in time or failed to send.</summary>
    public long Unanswered { get; private set; }

    /// <summary>Why the last rejected reply was rejected, or <c>null</c>.</summary>
    public string? LastRejection { get; private set; }

    /// <summary>The last send/receive failure or timeout, or <c>null</c>; cleared by a good reply.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Polls once: sends up to <paramref name="burst"/> requests back to back, each waiting up to
    /// <paramref name="timeout"/> for its reply, and keeps the lowest-delay good reply as the poll's
    /// sample (added to <see cref="Samples"/>). The burst stops at the first reply that is not good.
    /// Bad replies are counted and their reason kept.
    /// </summary>
    /// <remarks>
    /// Why a burst: after the poll interval's sleep the first exchange pays for a cold CPU and cold
    /// caches on the way out (measured on loopback: delay ~70 µs and offset biased by ~+10 µs, against
    /// ~13 µs and −3 µs for an exchange right after it).
    /// </remarks>
    /// <returns>The new sample, or <c>null</c> when the poll gave none.</returns>
    /// <exception cref="ObjectDisposedException">The server was disposed (the clock is stopping).</exception>
    public NtpSample? Poll(TimeSpan timeout, int burst, sbyte pollExponent, SlewedTimeScale scale)
    {
        (NtpReply Reply, long T4, long Received)? best = null;
        for (var i = 0; i < burst; i++)
        {
            var exchange = Exchange(timeout, pollExponent);
            if (exchange is null)
            {
                break;
            }

            if (best is null || exchange.Value.Reply.DelayNs < best.Value.Reply.DelayNs)
            {
                best = exchange;
            }
        }

        if (best is not { } chosen)
        {
            return null;
        }

        var target = chosen.T4 + chosen.Reply.OffsetNs - scale.LocalNs(chosen.Received);
        var sample = new NtpSample(this, chosen.Reply, target, chosen.Received, DateTimeOffset.UtcNow);
        _samples.Enqueue(sample);
        while (_samples.Count > _keep)
        {
            _samples.Dequeue();
        }

        Good++;
        LastError = null;
        return sample;
    }

    /// <summary>Closes the socket; a blocked <see cref="Poll"/> returns. Idempotent, any thread.</summary>
    public void Dispose() => _socket.Dispose();

    /// <summary>One request and its reply: the good reply with T4 and the monotonic reading at T4, or <c>null</c>.</summary>
    private (NtpReply Reply, long T4, long Received)? Exchange(TimeSpan timeout, sbyte pollExponent)
    {
        NtpPacket.WriteRequest(_request, 0, pollExponent);
        var t1 = RealtimeClock.NowNs(); // as late as possible before the send
        var sent = NtpTimestamp.FromUnixNs(t1);
        NtpPacket.WriteTransmit(_request, sent);
        try
        {
            _socket.Send(_request);
        }
        catch (SocketException e)
        {
            Fail($"sending to {Name} failed: {e.Message}");
            return null;
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                Fail($"no reply from {Name} within {timeout.TotalMilliseconds:0} ms");
                return null;
            }

            int length;
            try
            {
                _socket.ReceiveTimeout = Math.Max(1, (int)Math.Ceiling(left.TotalMilliseconds));
                length = _socket.Receive(_reply);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                Fail($"{Name} refused the request (ICMP port unreachable): is an NTP server running there?");
                return null;
            }
            catch (SocketException e)
            {
                Fail($"receiving from {Name} failed: {e.Message}");
                return null;
            }

            // T4 and the monotonic reading right after the reply, before anything else.
            var t4 = RealtimeClock.NowNs();
            var received = Stopwatch.GetTimestamp();
            var reason = NtpPacket.Check(_reply.AsSpan(0, length), sent, t1, t4, out var reply);
            if (reason is null)
            {
                return (reply, t4, received);
            }

            Rejected++;
            LastRejection = reason;
            if (NtpPacket.Origin(_reply.AsSpan(0, length)) == sent)
            {
                return null;
            }

            // Not an answer to this request (maybe a late reply to an earlier one): ours may still come.
        }
    }

    private void Fail(string error)
    {
        Unanswered++;
        LastError = error;
    }
}
