using System.Globalization;
using System.Text;
using SwarmHost.Abstractions;

namespace SwarmHost.Clocks.Ptp;

/// <summary>The one-line detail of the PTP clock's status: state, timestamping, domain, the master followed, the servo and, in holdover, how long the master has been silent.</summary>
internal static class PtpStatusText
{
    /// <summary>The detail text.</summary>
    /// <param name="state">The slave's state.</param>
    /// <param name="timestamping">Kernel or user-space timestamps.</param>
    /// <param name="txFallbacks">Delay_Req send times that fell back to user-space stamps.</param>
    /// <param name="domain">The PTP domain.</param>
    /// <param name="parent">The master followed, or <c>null</c>.</param>
    /// <param name="frequencyPpb">The servo's frequency correction, ppb.</param>
    /// <param name="residualNs">The last residual offset, ns, or <c>null</c>.</param>
    /// <param name="masterSilentNs">In holdover: how long the master has been silent, ns; otherwise <c>null</c>.</param>
    public static string Detail(ClockState state, TimestampingMode timestamping, int txFallbacks, byte domain, AnnounceMessage? parent, double frequencyPpb, long? residualNs, long? masterSilentNs)
    {
        var c = CultureInfo.InvariantCulture;
        var detail = new StringBuilder();
        detail.Append(c, $"{state}; timestamping {(timestamping == TimestampingMode.Kernel ? "kernel" : "user")}");
        if (txFallbacks > 0)
        {
            detail.Append(c, $" ({txFallbacks} Delay_Req send times fell back to user-space stamps)");
        }

        detail.Append(c, $"; domain {domain}");
        if (parent is not null)
        {
            detail.Append(c, $"; master priority1 {parent.GrandmasterPriority1} clockClass {parent.ClockClass} grandmaster {PortIdentity.FormatClockIdentity(parent.GrandmasterIdentity)} stepsRemoved {parent.StepsRemoved}");
        }

        detail.Append(c, $"; servo {frequencyPpb:+0.0;-0.0;0.0} ppb");
        if (residualNs is { } residual)
        {
            detail.Append(c, $", residual {residual} ns");
        }

        if (masterSilentNs is { } silentNs)
        {
            detail.Append(c, $"; master silent for {silentNs / 1_000_000} ms");
        }

        return detail.ToString();
    }
}
