using System.Globalization;
using SwarmHost.Abstractions;

namespace SwarmHost.Plugins;

/// <summary>Checks a typed option value (as held in <see cref="ComponentOptions"/>) against its options-table row.</summary>
public static class OptionValues
{
    /// <summary>Reads an integer written with an SI suffix, as bitrates are: <c>4M</c> = 4 000 000, <c>2.5M</c>, <c>800k</c>, <c>1G</c>.</summary>
    public static bool TryParseScaled(string text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var scale = char.ToUpperInvariant(text[^1]) switch { 'K' => 1e3, 'M' => 1e6, 'G' => 1e9, _ => 0 };
        if (scale == 0 || !double.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = (long)Math.Round(number * scale);
        return true;
    }

    /// <summary>Returns what is wrong with <paramref name="value"/> for <paramref name="option"/>, or <c>null</c> when it is acceptable.</summary>
    /// <remarks>Does not check that a <see cref="OptionType.Path"/> exists; that depends on where the manifest lives.</remarks>
    public static string? Check(OptionDescriptor option, object value)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(value);
        switch (option.Type)
        {
            case OptionType.Integer when value is long l:
                return CheckRange(option, l);
            case OptionType.Number when value is double or long:
                return CheckRange(option, Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case OptionType.Boolean when value is bool:
            case OptionType.String or OptionType.Path when value is string:
            case OptionType.Component when value is ComponentSpec:
            case OptionType.Map when value is IReadOnlyDictionary<string, object?>:
                return null;
            case OptionType.Enum when value is string s:
                var allowed = option.AllowedValues ?? [];
                return allowed.Contains(s, StringComparer.Ordinal)
                    ? null
                    : $"'{s}' is not one of {string.Join(", ", allowed)}";
            default:
                return $"expected {Describe(option.Type)}, got {value.GetType().Name} {Format(value)}";
        }
    }

    /// <summary>How a type is named in messages ("an integer", "a string", ...).</summary>
    public static string Describe(OptionType type) => type switch
    {
        OptionType.Integer => "an integer",
        OptionType.Number => "a number",
        OptionType.Boolean => "true or false",
        OptionType.Enum => "one of the allowed strings",
        OptionType.Path => "a file path string",
        OptionType.Component => "a component object { \"plugin\": ..., \"options\": {...} }",
        OptionType.Map => "an object of names to strings, numbers or booleans",
        _ => "a string",
    };

    /// <summary>Formats a value for messages and inspect output (invariant culture; strings quoted).</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string? CheckRange(OptionDescriptor option, double value)
    {
        if (option.Minimum is { } min && value < min)
        {
            return $"{Format(value)} is below the minimum {Format(min)} (range {Range(option)})";
        }

        if (option.Maximum is { } max && value > max)
        {
            return $"{Format(value)} is above the maximum {Format(max)} (range {Range(option)})";
        }

        return null;
    }

    /// <summary>The option's range as "min..max", with open ends shown as "-inf"/"+inf".</summary>
    public static string Range(OptionDescriptor option) =>
        $"{(option.Minimum is { } min ? Format(min) : "-inf")}..{(option.Maximum is { } max ? Format(max) : "+inf")}";
}
