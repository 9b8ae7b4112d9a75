using OpenCvSharp;

namespace SwarmHost.Tools.ContentTypeTrainer;

/// <summary>
/// Stand-in for sports coverage: a wide textured field (grass with mowing stripes, a wooden court or
/// ice) with painted lines and often a crowd stand, followed by a panning camera, with two teams of
/// small players and a ball moving fast across it, and sometimes a score overlay.
/// </summary>
public sealed class SportsScene : SyntheticScene
{
    private const int FieldWidth = Width * 3;
    private readonly Mat _field;
    private readonly double _panSpeed;
    private readonly double _panSwing;
    private readonly double _scale;
    private readonly double _noise;
    private readonly bool _scoreboard;
    private readonly Scalar[] _teams;
    private readonly List<(Point2d Start, Point2d Velocity, int Team)> _players = [];
    private readonly Point2d _ballStart;
    private readonly Point2d _ballVelocity;

    /// <summary>Creates a scene from its seed.</summary>
    public SportsScene(int seed)
        : base(seed)
    {
        var venue = Random.Next(4); // 0, 1 grass; 2 wood; 3 ice
        _field = new Mat(Height, FieldWidth, MatType.CV_8UC3);
        var baseColour = venue switch
        {
            2 => new Scalar(Between(40, 90), Between(100, 150), Between(170, 220)),
            3 => new Scalar(Between(225, 250), Between(220, 245), Between(210, 235)),
            _ => new Scalar(Between(20, 70), Between(100, 170), Between(30, 90)),
        };
        _field.SetTo(baseColour);
        const int fieldWidth = FieldWidth;
        var stripe = Random.Next(40, 120);
        for (var x = 0; x < fieldWidth; x += 2 * stripe)
        {
            var delta = venue == 2 ? 8 : 14;
            _field.Rectangle(new Rect(x, 0, stripe, Height), Offset(baseColour, delta / 2, delta, delta / 2), -1);
        }

        if (venue == 2)
        {
            for (var y = 0; y < Height; y += Random.Next(8, 16))
            {
                _field.Line(new Point(0, y), new Point(fieldWidth, y), Offset(baseColour, -15, -20, -25), 1);
            }
        }

        var texture = venue == 3 ? Between(2, 5) : Between(5, 14);
        AddNoise(_field, texture, seed);
        Cv2.GaussianBlur(_field, _field, new Size(3, 3), 0);
        var line = venue == 2 ? new Scalar(Between(200, 255), Between(200, 255), Between(200, 255)) : new Scalar(245, 245, 245);
        var lineWidth = Random.Next(2, 5);
        _field.Line(new Point(0, Height - 20), new Point(fieldWidth, Height - 20), line, lineWidth, LineTypes.AntiAlias);
        _field.Line(new Point(fieldWidth / 2, 0), new Point(fieldWidth / 2, Height), line, lineWidth, LineTypes.AntiAlias);
        _field.Circle(new Point(fieldWidth / 2, Height / 2), Random.Next(50, 110), line, lineWidth, LineTypes.AntiAlias);
        _field.Rectangle(new Rect(Random.Next(50, 200), Height / 4, Random.Next(80, 160), Height / 2), line, lineWidth, LineTypes.AntiAlias);
        if (Random.NextDouble() < 0.6)
        {
            // A crowd stand along the top: many small blobs of any colour.
            var stand = Random.Next(40, 110);
            _field.Rectangle(new Rect(0, 0, fieldWidth, stand), new Scalar(Between(30, 90), Between(30, 90), Between(30, 90)), -1);
            for (var i = 0; i < fieldWidth * stand / 40; i++)
            {
                _field.Circle(new Point(Random.Next(fieldWidth), Random.Next(stand)), Random.Next(2, 5), AnyColour(), -1);
            }
        }

        _panSpeed = Between(-10, 10);
        _panSwing = Between(0, 180);
        _scale = Between(0.6, 1.8);
        _noise = Between(0, 3);
        _scoreboard = Random.NextDouble() < 0.5;
        _teams = [AnyColour(), AnyColour()];
        for (var p = Random.Next(6, 22); p > 0; p--)
        {
            _players.Add((new Point2d(Between(0, fieldWidth), Between(Height * 0.3, Height * 0.95)), new Point2d(Between(-8, 8), Between(-3, 3)), p % 2));
        }

        _ballStart = new Point2d(Between(0, fieldWidth), Between(Height * 0.3, Height * 0.9));
        _ballVelocity = new Point2d(Between(-18, 18), Between(-6, 6));
    }

    /// <inheritdoc />
    public override void Render(int frame, Mat picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var camera = (int)Math.Clamp(Width + (_panSpeed * frame) + (_panSwing * Math.Sin(frame / 9.0)), 0, FieldWidth - Width);
        using (var view = new Mat(_field, new Rect(camera, 0, Width, Height)))
        {
            view.CopyTo(picture);
        }

        foreach (var (start, velocity, team) in _players)
        {
            var x = (int)(start.X + (velocity.X * frame) - camera);
            var y = (int)(start.Y + (velocity.Y * Math.Sin(frame / 5.0) * 5));
            var w = (int)(7 * _scale);
            var h = (int)(18 * _scale);
            picture.Rectangle(new Rect(x - (w / 2), y - h, w, h), _teams[team], -1);
            picture.Circle(new Point(x, y - h - (int)(3 * _scale)), (int)(3 * _scale) + 1, new Scalar(90, 130, 190), -1, LineTypes.AntiAlias);
            picture.Line(new Point(x - (w / 3), y), new Point(x - (w / 2) + (frame % 6), y + (int)(8 * _scale)), Scalar.Black, 2);
            picture.Line(new Point(x + (w / 3), y), new Point(x + (w / 2) - (frame % 6), y + (int)(8 * _scale)), Scalar.Black, 2);
        }

        var ball = new Point((int)(_ballStart.X + (_ballVelocity.X * frame) - camera), (int)(_ballStart.Y + (_ballVelocity.Y * Math.Abs(Math.Sin(frame / 7.0)) * 4)));
        picture.Circle(ball, (int)(3 * _scale) + 1, Scalar.White, -1, LineTypes.AntiAlias);
        if (_scoreboard)
        {
            picture.Rectangle(new Rect(20, 16, 150, 26), new Scalar(30, 30, 30), -1);
            picture.PutText($"HOME {frame / 40} - {frame / 70} AWAY", new Point(26, 34), HersheyFonts.HersheySimplex, 0.45, Scalar.White, 1, LineTypes.AntiAlias);
        }

        AddNoise(picture, _noise, frame);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _field.Dispose();
        }

        base.Dispose(disposing);
    }
}
