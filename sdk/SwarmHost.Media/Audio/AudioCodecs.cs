using System.Globalization;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Audio;

/// <summary>Reads what an audio stream's codec parameters say, through the stable API (their field offsets move between releases).</summary>
internal static unsafe class AudioCodecs
{
    /// <summary>The stream's sample rate, or 0 when it does not say.</summary>
    public static int SampleRateOf(nint parameters)
    {
        var context = AvCodecNative.AllocContext(0);
        try
        {
            _ = AvCodecNative.ParametersToContext(context, parameters);
            return int.TryParse(AvUtilNative.OptGetString(context, "ar"), CultureInfo.InvariantCulture, out var rate) ? rate : 0;
        }
        finally
        {
            AvCodecNative.FreeContext(ref context);
        }
    }
}
