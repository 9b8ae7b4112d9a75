namespace SwarmHost.Abstractions;

/// <summary>Creates <see cref="IVideoEncoder"/> instances. See <see cref="IComponentFactory"/> for the rules every factory follows.</summary>
public interface IEncoderFactory : IComponentFactory
{
    /// <summary>Creates a new, unopened encoder instance.</summary>
    /// <param name="options">Validated options with defaults applied.</param>
    /// <param name="context">The instance's id, logger and access to other components.</param>
    /// <returns>An instance the caller owns and must dispose.</returns>
    /// <exception cref="ArgumentException">An option combination is invalid; the message names the option and what to do.</exception>
    IVideoEncoder Create(ComponentOptions options, ComponentContext context);
}
