namespace SwarmHost.Abstractions;

/// <summary>Creates <see cref="IClock"/> instances. See <see cref="IComponentFactory"/> for the rules every factory follows.</summary>
public interface IClockFactory : IComponentFactory
{
    /// <summary>Creates a new clock instance.</summary>
    /// <param name="options">Validated options with defaults applied.</param>
    /// <param name="context">The instance's id, logger and access to other components.</param>
    /// <returns>An instance the caller owns and must dispose.</returns>
    IClock Create(ComponentOptions options, ComponentContext context);
}
