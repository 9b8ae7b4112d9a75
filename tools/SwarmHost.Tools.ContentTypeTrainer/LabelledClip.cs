namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>One clip of the recipe with its true class.</summary>
/// <param name="Name">What it is (the clip's file name, or the photo and the camera path).</param>
/// <param name="Label">Its class.</param>
/// <param name="Set">What it is used for.</param>
/// <param name="Source">The package it comes from, as <c>registry:name</c> (the held-out clips of a class come from packages its training clips do not).</param>
/// <param name="Key">What identifies its pictures for the feature cache (the file's hash, or the photo's and the camera's).</param>
/// <param name="Pictures">Its pictures in order, as I420; enumerating it again starts over.</param>
public sealed record LabelledClip(string Name, string Label, ClipSet Set, string Source, string Key, Func<IEnumerable<I420Picture>> Pictures);
