namespace SwarmHost.Abstractions;

/// <summary>Creates <see cref="IContentAnalyzer"/> instances. See <see cref="IComponentFactory"/> for the rules every factory follows.</summary>
public interface IAnalyzerFactory : IComponentFactory
{
    /// <summary>Creates a new analyzer instance.</summary>
    /// <param name="options">Validated options with defaults applied.</param>
    /// <param name="context">The instance's id, logger and access to other components.</param>
    /// <returns>An instance the caller owns and must dispose.</returns>
    /// <exception cref="ArgumentException">An option combination is invalid (e.g. a model file that does not match its labels); the message says what to do.</exception>
    IContentAnalyzer Create(ComponentOptions options, ComponentContext context);
}
