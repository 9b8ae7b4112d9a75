namespace SwarmHost.Analyzers.Complexity;

/// <summary>
/// The encoding-cost model's default coefficients, as <c>tools/SwarmHost.Tools.ComplexityFit</c>
/// printed them for the clips <c>docs/complexity.md</c> lists (refit and paste its table here; a
/// coefficient of 0 is a feature its cross-validation left out).
/// </summary>
internal static class CostDefaults
{
    public const double Intercept = 1.63697;
    public const double Si = 0;
    public const double Ti = 0;
    public const double Edges = 5.57679;
    public const double Motion = 0;
    public const double Noise = 0;
    public const double Texture = 0;
    public const double TextureChange = 2.2545;
    public const double LowKbit = 5.53121;
    public const double HighKbit = 995.215;
}
