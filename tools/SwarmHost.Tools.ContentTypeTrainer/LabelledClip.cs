namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>One clip of the recipe with its true class.</summary>
/// <param name="Name">What it is (generator and seed, file name).</param>
/// <param name="Label">Its class.</param>
/// <param name="Set">What it is used for.</param>
/// <param name="Pictures">Its pictures in order, as I420 (width, height, bytes); enumerating it again starts over.</param>
public sealed record LabelledClip(string Name, string Label, ClipSet Set, Func<IEnumerable<I420Picture>> Pictures);
