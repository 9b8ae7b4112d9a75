using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SwarmHost.Abstractions;

/// <summary>
/// The options for one component instance after the host validated them against the component's
/// options table and applied defaults. Values are typed as <see cref="OptionDescriptor"/> describes:
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>,
/// <see cref="ComponentSpec"/>, or <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string to
/// scalar for <see cref="OptionType.Map"/>.
/// </summary>
/// <remarks>Immutable and safe to read from any thread.</remarks>
public sealed class ComponentOptions : IReadOnlyDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _values;

    /// <summary>Creates the options from name/value pairs (copied).</summary>
    public ComponentOptions(IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object?>(values, StringComparer.Ordinal);
    }

    /// <summary>No options at all.</summary>
    public static ComponentOptions Empty { get; } = new([]);

    /// <inheritdoc />
    public object? this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _values.TryGetValue(key, out value);

    /// <summary>Reads a string-like option (string, enum or path).</summary>
    /// <exception cref="KeyNotFoundException">The option is absent and has no default.</exception>
    /// <exception cref="InvalidCastException">The option holds another type.</exception>
    public string GetString(string name) => Get<string>(name);

    /// <summary>Reads an integer option.</summary>
    /// <exception cref="KeyNotFoundException">The option is absent and has no default.</exception>
    public long GetInt64(string name) => Get<long>(name);

    /// <summary>Reads a number option (an integer value is widened).</summary>
    /// <exception cref="KeyNotFoundException">The option is absent and has no default.</exception>
    public double GetDouble(string name) => _values.TryGetValue(name, out var v) && v is long l ? l : Get<double>(name);

    /// <summary>Reads a boolean option.</summary>
    /// <exception cref="KeyNotFoundException">The option is absent and has no default.</exception>
    public bool GetBoolean(string name) => Get<bool>(name);

    /// <summary>Reads an option of any type, or <paramref name="fallback"/> when it is absent or null.</summary>
    public T GetOrDefault<T>(string name, T fallback) =>
        _values.TryGetValue(name, out var v) && v is T typed ? typed : fallback;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T Get<T>(string name)
    {
        if (!_values.TryGetValue(name, out var value) || value is null)
        {
            throw new KeyNotFoundException($"Option '{name}' was not given and has no default; declare a default in the options table or mark it required.");
        }

        return value is T typed
            ? typed
            : throw new InvalidCastException($"Option '{name}' holds a {value.GetType().Name}, not a {typeof(T).Name}; check its type in the options table.");
    }
}
