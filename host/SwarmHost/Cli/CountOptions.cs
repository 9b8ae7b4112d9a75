using System.CommandLine;

namespace SwarmHost.Cli;

/// <summary>Refuses counts below 1 (<c>--frames 0</c>, <c>--frames -5</c>) at parse time: bad usage, exit 2, before anything runs.</summary>
internal static class CountOptions
{
    /// <summary>Adds a validator to <paramref name="option"/> that refuses a given value below 1.</summary>
    public static Option<long> AtLeastOne(this Option<long> option)
    {
        option.Validators.Add(result =>
        {
            if (!result.Implicit && result.GetValueOrDefault<long>() is var value and < 1)
            {
                result.AddError($"{option.Name} must be at least 1, got {value}; leave it out to read the whole input");
            }
        });
        return option;
    }

    /// <summary>Adds a validator to <paramref name="option"/> that refuses a given value below 1.</summary>
    public static Option<long?> AtLeastOne(this Option<long?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is { } value && value < 1)
            {
                result.AddError($"{option.Name} must be at least 1, got {value}; leave it out to read the whole input");
            }
        });
        return option;
    }
}
