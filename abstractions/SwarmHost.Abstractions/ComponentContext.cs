using Microsoft.Extensions.Logging;

namespace SwarmHost.Abstractions;

/// <summary>What the host hands a factory along with the options when it creates an instance.</summary>
/// <param name="InstanceId">The instance's id from the manifest (e.g. <c>hq</c>); appears in events, logs and reports.</param>
/// <param name="Logger">A logger scoped to the instance; safe to use from any thread.</param>
/// <param name="Components">Creates nested components for wrapper components.</param>
public sealed record ComponentContext(string InstanceId, ILogger Logger, IComponentActivator Components);
