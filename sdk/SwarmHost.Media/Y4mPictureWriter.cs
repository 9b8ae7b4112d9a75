using System.Globalization;
using System.Text;
using SwarmHost.Abstractions;

namespace SwarmHost.Media;

/// <summary>
/// Writes raw I420 pictures as a YUV4MPEG2 (<c>.y4m</c>) file: a one-line header, then each
/// picture after a <c>FRAME</c> line. For reference pictures and decoded output that tools such
/// as FFmpeg's <c>psnr</c> filter read frame-exactly.
/// </summary>
/// <remarks>
/// Written here rather than through libavformat because FFmpeg 5.1's <c>yuv4mpegpipe</c> muxer
/// only accepts in-memory frame wrappers, not raw packets; the format is a header line and the
/// planes. Each picture is flushed, so a file cut short holds every picture written before. One
/// thread at a time.
/// </remarks>
public sealed class Y4mPictureWriter : IDisposable
{
    private static readonly byte[] FrameLine = Encoding.ASCII.GetBytes("FRAME\n");
    private readonly Stream _stream;
    private readonly int _width;
    private readonly int _height;

    /// <summary>Creates (or replaces) <paramref name="path"/> for pictures of one size and rate.</summary>
    /// <exception cref="MediaOutputException">The file cannot be created.</exception>
    public Y4mPictureWriter(string path, int width, int height, Rational frameRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _width = width;
        _height = height;
        try
        {
            _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MediaOutputException($"Output '{path}': cannot be created: {ex.Message}", ex);
        }

        var header = string.Create(CultureInfo.InvariantCulture, $"YUV4MPEG2 W{width} H{height} F{frameRate.Numerator}:{frameRate.Denominator} Ip A1:1 C420jpeg\n");
        _stream.Write(Encoding.ASCII.GetBytes(header));
    }

    /// <summary>Pictures written.</summary>
    public long PicturesWritten { get; private set; }

    /// <summary>Appends one picture, which must have the file's size.</summary>
    public void Write(VideoFrame picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (picture.Width != _width || picture.Height != _height)
        {
            throw new ArgumentException($"This file holds {_width}x{_height} pictures; got {picture.Width}x{picture.Height}.", nameof(picture));
        }

        _stream.Write(FrameLine);
        _stream.Write(picture.Planes.Span);
        _stream.Flush();
        PicturesWritten++;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
