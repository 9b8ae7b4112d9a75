namespace SwarmHost.Combiners.Blend;

/// <summary>How a <see cref="BlendCombiner"/> fills a slot for which no encoder delivered a picture.</summary>
public enum InterpolationMode
{
    /// <summary>
    /// Motion-compensated interpolation between the last blended output picture and the next
    /// blended picture in the held window (see <see cref="MotionInterpolator"/>); the previous
    /// output picture is repeated only when there is no later picture or no earlier one.
    /// </summary>
    Motion,

    /// <summary>Repeat the previous output picture (the next picture at the very start of the stream).</summary>
    Repeat,
}
