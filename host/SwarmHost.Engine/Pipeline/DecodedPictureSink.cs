using SwarmHost.Abstractions;
using SwarmHost.Media;

namespace SwarmHost.Pipeline;

/// <summary>Decodes units and writes the pictures to a <c>.y4m</c> file: the encoder's output as raw pictures, for inspection and quality tools.</summary>
public sealed class DecodedPictureSink : IUnitSink
{
    private readonly FFmpegVideoDecoder _decoder;
    private readonly Y4mPictureWriter _writer;
    private readonly string _path;

    /// <summary>Opens the decoder for <paramref name="session"/> and creates <paramref name="path"/>.</summary>
    public DecodedPictureSink(string path, EncoderSession session, Rational frameRate)
    {
        ArgumentNullException.ThrowIfNull(session);
        _path = path;
        _decoder = new FFmpegVideoDecoder(session);
        try
        {
            _writer = new Y4mPictureWriter(path, session.Width, session.Height, frameRate);
        }
        catch
        {
            _decoder.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Description => $"{_path} (decoded pictures, yuv4mpeg)";

    /// <inheritdoc />
    public void Write(EncodedUnit unit) => WriteAll(_decoder.Decode(unit));

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            WriteAll(_decoder.Flush());
        }
        finally
        {
            _decoder.Dispose();
            _writer.Dispose();
        }
    }

    private void WriteAll(IReadOnlyList<VideoFrame> pictures)
    {
        foreach (var picture in pictures)
        {
            try
            {
                _writer.Write(picture);
            }
            finally
            {
                picture.Release();
            }
        }
    }
}
