namespace SwarmHost.Weighting;

/// <summary>
/// Linear regression learnt online by recursive least squares with exponential forgetting: after
/// each observation the coefficients are the weighted least-squares fit of every observation so
/// far, the one k observations ago weighted by λ^k. Constant cost per update (n² for n features),
/// no stored history, deterministic, and it tracks an encoder whose behaviour drifts. While the
/// features hardly vary, forgetting inflates the covariance without bound ("windup") and the next
/// unusual frame would swing the fit wildly; the covariance is therefore capped at its prior.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class RecursiveLeastSquares
{
    private readonly double _forgetting;
    private readonly double _prior;
    private readonly double[] _theta;
    private readonly double[,] _p;

    /// <summary>Starts with all coefficients 0 and an uninformative prior.</summary>
    /// <param name="features">Length of the feature vectors.</param>
    /// <param name="forgetting">λ in (0, 1]: 1 never forgets; 0.98 halves an observation's say after about 34 more.</param>
    /// <param name="prior">Initial covariance scale: large = the first observations decide quickly.</param>
    public RecursiveLeastSquares(int features, double forgetting, double prior = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (forgetting is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(forgetting), forgetting, "The forgetting factor must be in (0, 1].");
        }

        _forgetting = forgetting;
        _prior = prior;
        _theta = new double[features];
        _p = new double[features, features];
        for (var i = 0; i < features; i++)
        {
            _p[i, i] = prior;
        }
    }

    /// <summary>Observations learnt so far.</summary>
    public int Observations { get; private set; }

    /// <summary>The current coefficients (a copy).</summary>
    public IReadOnlyList<double> Coefficients => [.. _theta];

    /// <summary>The model's estimate for <paramref name="x"/>.</summary>
    public double Predict(IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = 0.0;
        for (var i = 0; i < _theta.Length; i++)
        {
            y += _theta[i] * x[i];
        }

        return y;
    }

    /// <summary>Learns that <paramref name="x"/> gave <paramref name="y"/>; returns the error the model made before it learnt.</summary>
    public double Update(IReadOnlyList<double> x, double y)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = _theta.Length;
        var px = new double[n];
        var denominator = _forgetting;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                px[i] += _p[i, j] * x[j];
            }

            denominator += x[i] * px[i];
        }

        var error = y - Predict(x);
        for (var i = 0; i < n; i++)
        {
            _theta[i] += px[i] / denominator * error;
        }

        var trace = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                _p[i, j] = (_p[i, j] - (px[i] * px[j] / denominator)) / _forgetting;
            }

            trace += _p[i, i];
        }

        if (trace > _prior * n)
        {
            var scale = _prior * n / trace;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    _p[i, j] *= scale;
                }
            }
        }

        Observations++;
        return error;
    }
}
