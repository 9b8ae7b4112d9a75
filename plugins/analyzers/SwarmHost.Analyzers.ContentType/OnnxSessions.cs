using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace SwarmHost.Analyzers.ContentType;

/// <summary>What the analyzer's models share: opening a session, naming a model's inputs and outputs in messages, checking and normalising scores.</summary>
internal static class OnnxSessions
{
    /// <summary>Opens an ONNX Runtime session on one core's worth of threads.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="role">The option that named it (<c>model</c>, <c>backbone</c>), for messages.</param>
    /// <param name="threads">Intra-op threads.</param>
    /// <exception cref="InvalidOperationException">The file is missing or is not a usable ONNX model; the message says which option to change.</exception>
    public static InferenceSession Open(string path, string role, int threads)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"onnx-content-type: the {role} '{path}' does not exist. Set the '{role}' option to an ONNX model file.");
        }

        // Errors only: ONNX Runtime's warnings about a model's unused initializers are no news to the operator.
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"onnx-content-type: '{path}' is not a usable ONNX model ({e.Message.Trim()}). Set the '{role}' option to an ONNX model file.", e);
        }
    }

    /// <summary>A node as messages show it: <c>name [1x3x224x224 Float]</c>, <c>?</c> for a dynamic axis.</summary>
    public static string Describe(string name, NodeMetadata node) =>
        $"{name} [{string.Join('x', node.Dimensions.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))} {node.ElementDataType}]";

    /// <summary>The input or output to use: the one <paramref name="wanted"/> names, else the only input or the first output; a problem when there is none.</summary>
    /// <param name="nodes">The model's inputs or outputs.</param>
    /// <param name="wanted">The name the options give, or empty.</param>
    /// <param name="option">The option that names it (<c>input</c>, <c>output</c>, <c>backboneOutput</c>), for messages.</param>
    /// <param name="problems">Where a problem is added.</param>
    public static string? Pick(IReadOnlyDictionary<string, NodeMetadata> nodes, string wanted, string option, List<string> problems)
    {
        var what = option == "input" ? "input" : "output";
        var all = string.Join(", ", nodes.Select(n => Describe(n.Key, n.Value)));
        if (!string.IsNullOrEmpty(wanted))
        {
            if (nodes.ContainsKey(wanted))
            {
                return wanted;
            }

            problems.Add($"the model has no {what} '{wanted}'; its {what}s are {all}. Set the '{option}' option to one of them");
            return null;
        }

        if (what == "input" && nodes.Count != 1)
        {
            problems.Add($"the model has {nodes.Count} inputs ({all}); set the 'input' option to the picture input");
            return null;
        }

        return nodes.Keys.FirstOrDefault();
    }

    /// <summary>Throws when a model gave a non-finite value.</summary>
    /// <exception cref="InvalidOperationException">A value is NaN or infinite; the message names the model and output.</exception>
    public static void CheckFinite(ReadOnlySpan<float> values, string role, string output)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                throw new InvalidOperationException($"onnx-content-type: the {role}'s output '{output}' holds {v}; a model must give finite values.");
            }
        }
    }

    /// <summary>Turns logits into probabilities, in place.</summary>
    public static void Softmax(Span<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            max = MathF.Max(max, v);
        }

        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }
}
