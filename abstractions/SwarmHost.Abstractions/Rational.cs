using System.Globalization;

namespace SwarmHost.Abstractions;

/// <summary>An exact fraction, used for frame rates (<c>30000/1001</c>) and time bases.</summary>
/// <param name="Numerator">The numerator.</param>
/// <param name="Denominator">The denominator; positive.</param>
public readonly record struct Rational(int Numerator, int Denominator)
{
    /// <summary>The value as a double.</summary>
    public double ToDouble() => (double)Numerator / Denominator;

    /// <summary>The duration of one period in nanoseconds (for a frame rate: the frame duration), rounded to the nearest ns.</summary>
    /// <exception cref="InvalidOperationException">The value is not positive.</exception>
    public long PeriodNanoseconds()
    {
        if (Numerator <= 0 || Denominator <= 0)
        {
            throw new InvalidOperationException($"{this} is not a positive rate; give a frame rate like 30/1 or 30000/1001.");
        }

        return (long)Math.Round(1_000_000_000.0 * Denominator / Numerator);
    }

    /// <summary>Parses <c>"30/1"</c>, <c>"30000/1001"</c> or a whole number such as <c>"25"</c>.</summary>
    /// <returns><c>false</c> when the text is not a positive fraction.</returns>
    public static bool TryParse(string? text, out Rational value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split('/');
        if (parts.Length > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var num)
            || num <= 0)
        {
            return false;
        }

        var den = 1;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out den) || den <= 0))
        {
            return false;
        }

        value = new Rational(num, den);
        return true;
    }

    /// <summary>Formats as <c>numerator/denominator</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
