using System.Reflection;

namespace SwarmHost.Plugins;

/// <summary>Turns an exception from loading or constructing plugin code into one line a person can act on.</summary>
public static class FailureReasons
{
    /// <summary>Describes <paramref name="failure"/>, raised while doing <paramref name="what"/>.</summary>
    public static string Describe(Exception failure, string what)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var root = failure is ReflectionTypeLoadException { LoaderExceptions: { } loaders }
            ? loaders.FirstOrDefault(e => e is not null) ?? failure
            : failure;
        return root switch
        {
            FileNotFoundException { FileName: { } file } => $"missing dependency '{AssemblyName(file)}' while {what}; ship {AssemblyName(file)}.dll in the package folder",
            FileLoadException { FileName: { } file } => $"dependency '{AssemblyName(file)}' could not be loaded while {what}: {OneLine(root.Message)}",
            BadImageFormatException => $"bad assembly image while {what}: {OneLine(root.Message)}; rebuild the package",
            _ => $"threw {root.GetType().Name} while {what}: {OneLine(root.Message)}",
        };
    }

    /// <summary>The message of options a factory refused (an <see cref="ArgumentException"/> from <c>Create</c>), without .NET's " (Parameter '…')" suffix.</summary>
    public static string RefusedOptions(ArgumentException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return OneLine(refusal.Message.Replace($" (Parameter '{refusal.ParamName}')", "", StringComparison.Ordinal));
    }

    private static string AssemblyName(string fileName) => fileName.Split(',')[0].Trim();

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
