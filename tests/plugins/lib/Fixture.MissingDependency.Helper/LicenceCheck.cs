namespace Fixture.MissingDependency.Helper;

/// <summary>Something the package needs at construction time.</summary>
public static class LicenceCheck
{
    /// <summary>The licensed component name.</summary>
    public static string ComponentName() => "missing-dependency";
}
