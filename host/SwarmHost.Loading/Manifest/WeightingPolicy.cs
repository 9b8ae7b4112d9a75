namespace SwarmHost.Manifest;

/// <summary>How the weighting engine turns content and performance into encoder weights.</summary>
public enum WeightingPolicy
{
    /// <summary><c>predicted = 0.7*complexity + 0.3*performance</c>, approached at the adjustment rate each slot.</summary>
    Seed,

    /// <summary>Moves weight only after a deadline miss or failure.</summary>
    Reactive,

    /// <summary>Forecasts each encoder's quality and encode time and moves weight before it struggles.</summary>
    Predictive,
}
