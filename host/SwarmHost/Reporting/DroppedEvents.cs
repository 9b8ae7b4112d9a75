using System.Globalization;

namespace SwarmHost.Reporting;

/// <summary>
/// The part of a run whose events the rotation cap deleted (<c>docs/events.md</c>, "Rotation"), as the
/// newest file's <c>events-file</c> event recorded it: the report cannot show it, and says so.
/// </summary>
/// <param name="Files">How many files were deleted.</param>
/// <param name="FromPart">The first deleted part (1 is the file the run started).</param>
/// <param name="ToPart">The last deleted part.</param>
/// <param name="FromSeq">The first slot those files covered, or <c>null</c> when none had a slot.</param>
/// <param name="ToSeq">The last slot they covered.</param>
/// <param name="FromTime">The time of their first event (ISO 8601).</param>
/// <param name="ToTime">The time of their last event.</param>
public sealed record DroppedEvents(int Files, int FromPart, int ToPart, long? FromSeq, long? ToSeq, string? FromTime, string? ToTime)
{
    /// <summary>One sentence for the page and stderr: which frames and times are gone, and why.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"the events of frames {FromSeq?.ToString(CultureInfo.InvariantCulture) ?? "?"} to {ToSeq?.ToString(CultureInfo.InvariantCulture) ?? "?"} ({FromTime ?? "?"} to {ToTime ?? "?"}; part{(Files == 1 ? $" {FromPart}" : $"s {FromPart}-{ToPart}")}, {Files} file{(Files == 1 ? "" : "s")}) were deleted by the rotation cap (run --events-keep): the plots and the event list start after them; the headline figures and tables come from the summary and cover the whole run");
}
