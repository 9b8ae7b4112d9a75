using OpenCvSharp;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// Stand-in for a talking head: one person framed from the chest up in front of a soft studio,
/// office or blurred-photo background, with skin tones from light to dark, a swaying head, blinking
/// eyes and a speaking mouth, sometimes a lower-third caption; a static or slowly drifting camera.
/// </summary>
public sealed class PresenterScene : SyntheticScene
{
    private static readonly Scalar[] SkinTones =
    [
        new(190, 210, 245), new(160, 190, 235), new(130, 170, 225), new(110, 150, 205),
        new(90, 130, 190), new(70, 105, 160), new(55, 85, 135), new(45, 65, 105),
    ];

    private readonly Mat _background;
    private readonly Scalar _skin;
    private readonly Scalar _hair;
    private readonly Scalar _clothes;
    private readonly Point _anchor;
    private readonly int _head;
    private readonly double _sway;
    private readonly double _drift;
    private readonly double _noise;
    private readonly bool _caption;
    private readonly double _blur;
    private readonly double _falloff;
    private readonly double _lightAngle;

    /// <summary>Creates a scene from its seed.</summary>
    /// <param name="seed">Decides everything random in the scene.</param>
    /// <param name="backdrop">A photo to blur into the background, or <c>null</c> for a drawn studio.</param>
    public PresenterScene(int seed, Mat? backdrop)
        : base(seed)
    {
        _background = new Mat(Height, Width, MatType.CV_8UC3);
        if (backdrop is not null && Random.NextDouble() < 0.5)
        {
            Cv2.Resize(backdrop, _background, new Size(Width, Height));
        }
        else
        {
            _background.SetTo(AnyColour(30, 200));
            for (var i = Random.Next(3, 12); i > 0; i--)
            {
                _background.Rectangle(new Rect(Random.Next(Width), Random.Next(Height), Random.Next(40, 300), Random.Next(40, 300)), AnyColour(20, 230), -1);
            }
        }

        var blur = (Random.Next(4, 15) * 2) + 1;
        Cv2.GaussianBlur(_background, _background, new Size(blur, blur), 0);
        _skin = Offset(SkinTones[Random.Next(SkinTones.Length)], Between(-10, 10), Between(-10, 10), Between(-10, 10));
        _hair = Random.NextDouble() < 0.7 ? AnyColour(10, 60) : AnyColour(40, 160);
        _clothes = AnyColour(10, 230);
        _head = (int)(Height * Between(0.18, 0.3));
        _anchor = new Point((int)(Width * (Random.NextDouble() < 0.6 ? 0.5 : Between(0.3, 0.7))), (int)(Height * Between(0.38, 0.5)));
        _sway = Between(1, 6);
        _drift = Random.NextDouble() < 0.7 ? 0 : Between(-0.6, 0.6);
        _noise = Between(0.5, 4);
        _caption = Random.NextDouble() < 0.4;
        _blur = Between(0, 2);
        _falloff = Between(0, 0.5);
        _lightAngle = Between(0, 2 * Math.PI);
    }

    /// <inheritdoc />
    public override void Render(int frame, Mat picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var shift = (int)(_drift * frame);
        using (var move = Mat.FromPixelData(2, 3, MatType.CV_64FC1, new double[] { 1, 0, shift, 0, 1, 0 }))
        {
            Cv2.WarpAffine(_background, picture, move, _background.Size(), InterpolationFlags.Linear, BorderTypes.Reflect);
        }

        var sway = (int)(_sway * Math.Sin(frame / 11.0));
        var centre = new Point(_anchor.X + sway + shift, _anchor.Y + (int)(1.5 * Math.Sin(frame / 7.0)));
        var size = new Size((int)(_head * 0.78), _head);
        // Shoulders and neck, then hair behind the head, the face, hair on top.
        picture.Ellipse(new Point(centre.X - sway, centre.Y + (int)(_head * 2.1)), new Size((int)(_head * 1.9), (int)(_head * 1.2)), 0, 180, 360, _clothes, -1, LineTypes.AntiAlias);
        picture.Rectangle(new Rect(centre.X - (_head / 4), centre.Y + (_head / 2), _head / 2, (int)(_head * 0.7)), Shade(_skin, 0.85), -1);
        picture.Ellipse(new Point(centre.X, centre.Y - (_head / 8)), new Size(size.Width + (_head / 10), size.Height + (_head / 12)), 0, 0, 360, _hair, -1, LineTypes.AntiAlias);
        picture.Ellipse(centre, size, sway, 0, 360, _skin, -1, LineTypes.AntiAlias);
        picture.Ellipse(new Point(centre.X, centre.Y - (int)(_head * 0.75)), new Size(size.Width, _head / 3), 0, 180, 360, _hair, -1, LineTypes.AntiAlias);
        var eyeY = centre.Y - (_head / 6);
        var blink = frame % 70 < 3;
        foreach (var side in new[] { -1, 1 })
        {
            var eye = new Point(centre.X + (side * _head / 3), eyeY);
            picture.Ellipse(eye, new Size(_head / 9, blink ? 1 : _head / 16), 0, 0, 360, new Scalar(240, 240, 240), -1, LineTypes.AntiAlias);
            if (!blink)
            {
                picture.Circle(eye, Math.Max(2, _head / 20), new Scalar(40, 50, 60), -1, LineTypes.AntiAlias);
            }

            picture.Line(new Point(eye.X - (_head / 8), eye.Y - (_head / 7)), new Point(eye.X + (_head / 8), eye.Y - (_head / 7)), _hair, Math.Max(2, _head / 25), LineTypes.AntiAlias);
        }

        picture.Line(new Point(centre.X, eyeY + (_head / 10)), new Point(centre.X - (_head / 16), centre.Y + (_head / 6)), Shade(_skin, 0.75), 2, LineTypes.AntiAlias);
        var mouth = (int)(_head / 14 * (1 + Math.Abs(Math.Sin(frame * 0.9))));
        picture.Ellipse(new Point(centre.X, centre.Y + (_head / 3)), new Size(_head / 6, mouth), 0, 0, 360, new Scalar(60, 60, 140), -1, LineTypes.AntiAlias);
        Soften(picture, _blur, _falloff, _lightAngle);
        if (_caption)
        {
            picture.Rectangle(new Rect(0, (int)(Height * 0.8), Width, (int)(Height * 0.12)), Shade(_clothes, 0.5), -1);
            picture.PutText("NEWS  LIVE", new Point(20, (int)(Height * 0.89)), HersheyFonts.HersheySimplex, 0.8, Scalar.White, 2, LineTypes.AntiAlias);
        }

        AddNoise(picture, _noise, frame);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _background.Dispose();
        }

        base.Dispose(disposing);
    }
}
