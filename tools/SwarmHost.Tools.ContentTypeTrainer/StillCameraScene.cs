using OpenCvSharp;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>A real photo filmed by a synthetic camera: a slow or quick pan and zoom across it, with camera noise.</summary>
public sealed class StillCameraScene : SyntheticScene
{
    private readonly Mat _photo;
    private readonly double _zoomFrom;
    private readonly double _zoomTo;
    private readonly Point2d _from;
    private readonly Point2d _to;
    private readonly double _noise;
    private readonly int _frames;

    /// <summary>Creates a scene from its seed.</summary>
    /// <param name="seed">Decides the camera path.</param>
    /// <param name="photo">The photo (BGR); not owned.</param>
    /// <param name="frames">Frames the camera path takes.</param>
    /// <param name="speed">How far the camera may travel, as a fraction of the photo.</param>
    public StillCameraScene(int seed, Mat photo, int frames, double speed)
        : base(seed)
    {
        _photo = photo;
        _frames = frames;
        _zoomFrom = Between(1, 1.2);
        _zoomTo = _zoomFrom * Between(1 - (speed / 2), 1 + (speed / 2));
        _from = new Point2d(Between(0.4, 0.6), Between(0.4, 0.6));
        _to = new Point2d(_from.X + Between(-speed, speed), _from.Y + Between(-speed, speed));
        _noise = Between(0.5, 3);
    }

    /// <inheritdoc />
    public override void Render(int frame, Mat picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var t = frame / (double)_frames;
        var zoom = _zoomFrom + ((_zoomTo - _zoomFrom) * t);
        var fit = Math.Max(Width / (double)_photo.Width, Height / (double)_photo.Height) * zoom;
        var cx = (_from.X + ((_to.X - _from.X) * t)) * _photo.Width;
        var cy = (_from.Y + ((_to.Y - _from.Y) * t)) * _photo.Height;
        double[] transform = [fit, 0, (Width / 2.0) - (fit * cx), 0, fit, (Height / 2.0) - (fit * cy)];
        using var matrix = Mat.FromPixelData(2, 3, MatType.CV_64FC1, transform);
        Cv2.WarpAffine(_photo, picture, matrix, new Size(Width, Height), InterpolationFlags.Linear, BorderTypes.Reflect);
        AddNoise(picture, _noise, frame);
    }
}
