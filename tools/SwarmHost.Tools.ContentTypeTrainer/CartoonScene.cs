using OpenCvSharp;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// Stand-in for drawn animation: flat or softly graded backgrounds, hills, flat-coloured shapes and
/// simple characters with dark outlines, moving and bouncing, sometimes with a camera pan.
/// </summary>
public sealed class CartoonScene : SyntheticScene
{
    private readonly Scalar _sky;
    private readonly Scalar _skyLow;
    private readonly Scalar _ground;
    private readonly double _horizon;
    private readonly double _pan;
    private readonly bool _outlines;
    private readonly int _outline;
    private readonly double _noise;
    private readonly double _blur;
    private readonly double _falloff;
    private readonly double _lightAngle;
    private readonly List<Sprite> _sprites = [];
    private readonly List<Point[]> _hills = [];
    private readonly List<Scalar> _hillColours = [];

    /// <summary>Creates a scene from its seed.</summary>
    public CartoonScene(int seed)
        : base(seed)
    {
        _sky = AnyColour(60, 256);
        _skyLow = Random.NextDouble() < 0.5 ? _sky : AnyColour(60, 256);
        _ground = AnyColour(0, 220);
        _horizon = Between(0.45, 0.8) * Height;
        _pan = Random.NextDouble() < 0.5 ? 0 : Between(-6, 6);
        _outlines = Random.NextDouble() < 0.75;
        _outline = Random.Next(2, 5);
        _noise = Random.NextDouble() < 0.5 ? 0 : Between(0.5, 2.5);
        var shaded = Random.NextDouble() < 0.4; // rendered (3D-like) rather than drawn: soft edges, lighting
        _blur = shaded ? Between(1, 3) : 0;
        _falloff = shaded ? Between(0.2, 0.6) : 0;
        _lightAngle = Between(0, 2 * Math.PI);
        for (var h = Random.Next(0, 4); h > 0; h--)
        {
            var x = Random.Next(-200, Width + 200);
            var w = Random.Next(150, 500);
            var top = (int)(_horizon - Random.Next(30, 150));
            _hills.Add([new(x - w, (int)_horizon), new(x, top), new(x + w, (int)_horizon)]);
            _hillColours.Add(AnyColour(20, 200));
        }

        for (var s = Random.Next(3, 10); s > 0; s--)
        {
            _sprites.Add(new Sprite(
                Random.Next(5),
                new Point2d(Between(0, Width), Between(0, Height)),
                new Point2d(Between(-9, 9), Between(-6, 6)),
                new Size(Random.Next(20, 140), Random.Next(20, 140)),
                AnyColour(),
                Between(-4, 4)));
        }
    }

    /// <inheritdoc />
    public override void Render(int frame, Mat picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var horizon = (int)_horizon;
        for (var y = 0; y < horizon; y += 4)
        {
            var t = y / (double)horizon;
            picture.Rectangle(new Rect(0, y, Width, 4), Mix(_sky, _skyLow, t), -1);
        }

        picture.Rectangle(new Rect(0, horizon, Width, Height - horizon), _ground, -1);
        var shift = (int)(_pan * frame);
        for (var i = 0; i < _hills.Count; i++)
        {
            var hill = _hills[i].Select(p => new Point(p.X + (shift / 2), p.Y)).ToArray();
            picture.FillConvexPoly(hill, _hillColours[i], LineTypes.AntiAlias);
            if (_outlines)
            {
                picture.Polylines([hill], false, Scalar.Black, _outline, LineTypes.AntiAlias);
            }
        }

        foreach (var sprite in _sprites)
        {
            Draw(picture, sprite, frame, shift);
        }

        Soften(picture, _blur, _falloff, _lightAngle);
        AddNoise(picture, _noise, frame);
    }

    private static Scalar Mix(Scalar a, Scalar b, double t) => new((a.Val0 * (1 - t)) + (b.Val0 * t), (a.Val1 * (1 - t)) + (b.Val1 * t), (a.Val2 * (1 - t)) + (b.Val2 * t));

    private static double Bounce(double start, double speed, int frame, int limit)
    {
        var p = Math.Abs((start + (speed * frame)) % (2 * limit));
        return p > limit ? (2 * limit) - p : p;
    }

    private void Draw(Mat picture, Sprite s, int frame, int shift)
    {
        var centre = new Point((int)Bounce(s.Start.X + shift, s.Velocity.X, frame, Width), (int)Bounce(s.Start.Y, s.Velocity.Y, frame, Height));
        var half = new Size(s.Size.Width / 2, s.Size.Height / 2);
        var angle = s.Spin * frame;
        var outline = _outlines ? _outline : 0;
        switch (s.Kind)
        {
            case 0:
                picture.Ellipse(centre, half, angle, 0, 360, s.Colour, -1, LineTypes.AntiAlias);
                if (outline > 0)
                {
                    picture.Ellipse(centre, half, angle, 0, 360, Scalar.Black, outline, LineTypes.AntiAlias);
                }

                break;
            case 1:
                var box = new RotatedRect(new Point2f(centre.X, centre.Y), new Size2f(s.Size.Width, s.Size.Height), (float)angle);
                var corners = box.Points().Select(p => new Point((int)p.X, (int)p.Y)).ToArray();
                picture.FillConvexPoly(corners, s.Colour, LineTypes.AntiAlias);
                if (outline > 0)
                {
                    picture.Polylines([corners], true, Scalar.Black, outline, LineTypes.AntiAlias);
                }

                break;
            case 2:
                Point[] triangle = [new(centre.X, centre.Y - half.Height), new(centre.X - half.Width, centre.Y + half.Height), new(centre.X + half.Width, centre.Y + half.Height)];
                picture.FillConvexPoly(triangle, s.Colour, LineTypes.AntiAlias);
                if (outline > 0)
                {
                    picture.Polylines([triangle], true, Scalar.Black, outline, LineTypes.AntiAlias);
                }

                break;
            default:
                // A character: a body, a head with eyes and a mouth.
                var body = new Rect(centre.X - (half.Width / 2), centre.Y, half.Width, s.Size.Height);
                picture.Rectangle(body, s.Colour, -1, LineTypes.AntiAlias);
                var head = new Point(centre.X, centre.Y - (half.Width / 2));
                var radius = Math.Max(8, half.Width / 2);
                picture.Circle(head, radius, new Scalar(255 - s.Colour.Val0, 200, 255 - s.Colour.Val2), -1, LineTypes.AntiAlias);
                if (outline > 0)
                {
                    picture.Rectangle(body, Scalar.Black, outline, LineTypes.AntiAlias);
                    picture.Circle(head, radius, Scalar.Black, outline, LineTypes.AntiAlias);
                }

                picture.Circle(new Point(head.X - (radius / 3), head.Y - (radius / 4)), Math.Max(2, radius / 5), Scalar.White, -1, LineTypes.AntiAlias);
                picture.Circle(new Point(head.X + (radius / 3), head.Y - (radius / 4)), Math.Max(2, radius / 5), Scalar.White, -1, LineTypes.AntiAlias);
                picture.Circle(new Point(head.X - (radius / 3), head.Y - (radius / 4)), Math.Max(1, radius / 10), Scalar.Black, -1, LineTypes.AntiAlias);
                picture.Circle(new Point(head.X + (radius / 3), head.Y - (radius / 4)), Math.Max(1, radius / 10), Scalar.Black, -1, LineTypes.AntiAlias);
                picture.Ellipse(new Point(head.X, head.Y + (radius / 3)), new Size(radius / 3, Math.Max(1, (radius / 6) * (1 + (frame / 4 % 2)))), 0, 0, 180, Scalar.Black, 2, LineTypes.AntiAlias);
                break;
        }
    }

    private sealed record Sprite(int Kind, Point2d Start, Point2d Velocity, Size Size, Scalar Colour, double Spin);
}
