using Google.Protobuf;
using Onnx;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>Builds an ONNX graph (opset 13) node by node with generated names; a thin layer over OnnxSharp's protobuf types.</summary>
public sealed class OnnxGraph
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private readonly GraphProto _graph = new() { Name = "content-type" };
    private int _names;

    /// <summary>Declares a float input.</summary>
    /// <returns>Its name.</returns>
    public string Input(string name, params long[] dims)
    {
        _graph.Input.Add(ValueInfo(name, dims));
        return name;
    }

    /// <summary>Adds a float constant.</summary>
    /// <returns>Its name.</returns>
    public string Constant(float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Next("c"), DataType = Float };
        tensor.Dims.Add(dims);
        tensor.FloatData.Add(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a 64-bit integer constant (shapes, slice bounds).</summary>
    /// <returns>Its name.</returns>
    public string Int64s(params long[] values)
    {
        var tensor = new TensorProto { Name = Next("i"), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node with one output.</summary>
    /// <param name="op">The ONNX operator.</param>
    /// <param name="inputs">Its inputs' names.</param>
    /// <param name="attributes">Integer, integer-list or float attributes.</param>
    /// <returns>The output's name.</returns>
    public string Node(string op, string[] inputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Next(op) };
        node.Input.Add(inputs);
        node.Output.Add(Next("t"));
        foreach (var (name, value) in attributes)
        {
            node.Attribute.Add(value switch
            {
                long i => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i },
                float f => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = f },
                long[] list => Ints(name, list),
                _ => throw new ArgumentException($"Unsupported attribute type {value.GetType().Name}.", nameof(attributes)),
            });
        }

        _graph.Node.Add(node);
        return node.Output[0];
    }

    /// <summary>Exposes a value as a named float graph output (through an Identity node).</summary>
    public void Output(string value, string name, params long[] dims)
    {
        var node = new NodeProto { OpType = "Identity", Name = Next("Identity") };
        node.Input.Add(value);
        node.Output.Add(name);
        _graph.Node.Add(node);
        _graph.Output.Add(ValueInfo(name, dims));
    }

    /// <summary>Serialises the model.</summary>
    /// <param name="documentation">Stored as the model's doc string.</param>
    public byte[] ToBytes(string documentation)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "swarmhost-content-type-trainer", ProducerVersion = "1", DocString = documentation, Graph = _graph.Clone() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    /// <summary>A copy of this graph to extend (the feature graph grows a classifier head in the copy).</summary>
    public OnnxGraph Clone()
    {
        var copy = new OnnxGraph { _names = _names };
        copy._graph.MergeFrom(_graph);
        return copy;
    }

    private static AttributeProto Ints(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private static ValueInfoProto ValueInfo(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = Float, Shape = shape } } };
    }

    private string Next(string prefix) => $"{prefix}{_names++}";
}
