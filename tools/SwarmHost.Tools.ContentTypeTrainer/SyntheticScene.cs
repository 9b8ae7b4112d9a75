using OpenCvSharp;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>A generated clip of 640x360 BGR pictures; every detail comes from the seed, so a clip is the same on every run.</summary>
public abstract class SyntheticScene : IDisposable
{
    /// <summary>Picture width.</summary>
    public const int Width = 640;

    /// <summary>Picture height.</summary>
    public const int Height = 360;

    /// <summary>Starts a scene.</summary>
    /// <param name="seed">Decides everything random in the scene.</param>
    protected SyntheticScene(int seed) => Random = new Random(seed);

    /// <summary>The scene's source of randomness (seeded).</summary>
    protected Random Random { get; }

    /// <summary>Draws frame <paramref name="frame"/> into <paramref name="picture"/> (640x360, 8-bit BGR).</summary>
    public abstract void Render(int frame, Mat picture);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the scene's pictures.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>A uniform random number in [min, max).</summary>
    protected double Between(double min, double max) => min + (Random.NextDouble() * (max - min));

    /// <summary>A random colour with each channel in [min, max).</summary>
    protected Scalar AnyColour(int min = 0, int max = 256) => new(Random.Next(min, max), Random.Next(min, max), Random.Next(min, max));

    /// <summary>A colour scaled by a factor (darker below 1).</summary>
    protected static Scalar Shade(Scalar colour, double factor) => new(colour.Val0 * factor, colour.Val1 * factor, colour.Val2 * factor);

    /// <summary>A colour with each channel moved by the given amounts.</summary>
    protected static Scalar Offset(Scalar colour, double blue, double green, double red) => new(colour.Val0 + blue, colour.Val1 + green, colour.Val2 + red);

    /// <summary>Softens a picture like a camera lens or a renderer's shading: a Gaussian blur of σ <paramref name="blur"/> pixels, then light falling off across the frame by up to <paramref name="falloff"/> along the given direction.</summary>
    protected static void Soften(Mat picture, double blur, double falloff, double angle)
    {
        if (blur > 0)
        {
            Cv2.GaussianBlur(picture, picture, new Size(0, 0), blur);
        }

        if (falloff <= 0)
        {
            return;
        }

        var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
        var width = picture.Width;
        var height = picture.Height;
        var gains = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var t = ((((x / (double)width) - 0.5) * dx) + (((y / (double)height) - 0.5) * dy)) + 0.5;
                gains[(y * width) + x] = (float)(1 - (falloff * Math.Clamp(t, 0, 1)));
            }
        }

        using var light = Mat.FromPixelData(height, width, MatType.CV_32FC1, gains);
        using var lit = new Mat();
        using var light3 = new Mat();
        Cv2.Merge([light, light, light], light3);
        picture.ConvertTo(lit, MatType.CV_32FC3);
        Cv2.Multiply(lit, light3, lit);
        lit.ConvertTo(picture, MatType.CV_8UC3);
    }

    /// <summary>Adds camera noise of the given σ (levels) from a seed derived from the frame, so frames differ but runs do not.</summary>
    protected static void AddNoise(Mat picture, double sigma, int frameSeed)
    {
        if (sigma <= 0)
        {
            return;
        }

        using var noise = new Mat(picture.Size(), MatType.CV_16SC3);
        var rng = new RNG((ulong)(uint)frameSeed + 1);
        rng.Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(sigma));
        using var wide = new Mat();
        picture.ConvertTo(wide, MatType.CV_16SC3);
        Cv2.Add(wide, noise, wide);
        wide.ConvertTo(picture, MatType.CV_8UC3);
    }
}
