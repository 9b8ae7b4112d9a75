using System.CommandLine;
using System.Globalization;
using SwarmHost.Engine;
using SwarmHost.Engine.Events;

namespace SwarmHost.Cli;

/// <summary>The events-file options of a single run (<c>run</c>, <c>demo</c>): <c>--events-max-size</c> and <c>--events-keep</c> (<see cref="EventRotation"/>).</summary>
internal sealed class EventFileOptions
{
    public Option<string?> MaxSize { get; } = CreateMaxSize();

    public Option<int?> Keep { get; } = CreateKeep();

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(MaxSize);
        command.Options.Add(Keep);
    }

    /// <summary>The rotation asked for, the defaults standing in for what was not given (the validators have refused bad values).</summary>
    public EventRotation Rotation(ParseResult parse)
    {
        var bytes = parse.GetValue(MaxSize) is { } text && EventRotation.TryParseSize(text, out var parsed, out _) ? parsed : EventRotation.Default.MaxBytes;
        return new EventRotation(bytes, parse.GetValue(Keep) ?? EventRotation.Default.Keep);
    }

    private static Option<string?> CreateMaxSize()
    {
        var option = new Option<string?>("--events-max-size")
        {
            Description = "Start a new events file when the current one would pass this size (e.g. 64MB, 512K; 16K..1T); the older ones are kept as <name>.1.jsonl, <name>.2.jsonl ... (docs/events.md, \"Rotation\"). Default: 64MB.",
            HelpName = "size",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !EventRotation.TryParseSize(value, out _, out var problem))
            {
                result.AddError($"--events-max-size {problem}");
            }
        });
        return option;
    }

    private static Option<int?> CreateKeep()
    {
        var option = new Option<int?>("--events-keep")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"How many older events files to keep beside the newest (1..{EventRotation.MaxKeep}); the oldest beyond that is deleted and the report names the span it held. Default: {EventRotation.Default.Keep}."),
            HelpName = "count",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } keep && keep is < 1 or > EventRotation.MaxKeep)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--events-keep {keep} is out of range: keep 1 to {EventRotation.MaxKeep} older files (the newest is always kept)."));
            }
        });
        return option;
    }
}
