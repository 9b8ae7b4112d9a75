using System.Buffers;

namespace SwarmHost.Abstractions;

/// <summary>
/// One source picture in planar YUV 4:2:0 (I420: a full-size Y plane, then quarter-size U and V
/// planes, rows packed without padding), with the swarm-wide sequence number and shared timestamp.
/// </summary>
/// <remarks>
/// <para>Frames are pooled and shared read-only: the same frame goes to every analyzer and encoder,
/// and nobody may write to its planes. A frame handed to a component is valid until that call
/// returns. A component that needs it longer calls <see cref="Retain"/> and later
/// <see cref="Release"/> exactly once per retain; the pixel buffer goes back to its pool when the
/// last holder releases it. Retain and Release are thread-safe; reading the planes is safe from any
/// thread while a reference is held.</para>
/// <para>Reading a released frame's planes throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class VideoFrame
{
    private readonly IMemoryOwner<byte> _buffer;
    private int _references = 1;

    /// <summary>Wraps a pooled buffer holding an I420 picture. The frame takes ownership of <paramref name="buffer"/> and starts with one reference, held by the caller.</summary>
    /// <param name="buffer">At least <see cref="BufferSize"/> bytes; disposed when the last reference is released.</param>
    /// <param name="width">Width in pixels; positive and even.</param>
    /// <param name="height">Height in pixels; positive and even.</param>
    /// <param name="sequence">The swarm-wide sequence number (0 for the first source frame, no gaps, no repeats).</param>
    /// <param name="timestampNs">The shared timestamp from the swarm's clock, in nanoseconds.</param>
    /// <param name="durationNs">How long the frame is displayed, in nanoseconds.</param>
    public VideoFrame(IMemoryOwner<byte> buffer, int width, int height, long sequence, long timestampNs, long durationNs)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)
        {
            throw new ArgumentException($"A 4:2:0 picture needs a positive, even size; got {width}x{height}.", nameof(width));
        }

        if (buffer.Memory.Length < BufferSize(width, height))
        {
            throw new ArgumentException($"The buffer holds {buffer.Memory.Length} bytes; a {width}x{height} I420 picture needs {BufferSize(width, height)}.", nameof(buffer));
        }

        _buffer = buffer;
        Width = width;
        Height = height;
        Sequence = sequence;
        TimestampNs = timestampNs;
        DurationNs = durationNs;
    }

    /// <summary>Width in pixels (also the Y plane's stride).</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The swarm-wide sequence number; units from different encoders are matched by it.</summary>
    public long Sequence { get; }

    /// <summary>The shared timestamp from the swarm's clock, in nanoseconds.</summary>
    public long TimestampNs { get; }

    /// <summary>How long the frame is displayed, in nanoseconds.</summary>
    public long DurationNs { get; }

    /// <summary>The luma plane: <see cref="Width"/> × <see cref="Height"/> bytes, stride <see cref="Width"/>.</summary>
    public ReadOnlyMemory<byte> Y => Live.Memory[..(Width * Height)];

    /// <summary>The Cb plane: (<see cref="Width"/>/2) × (<see cref="Height"/>/2) bytes, stride <see cref="Width"/>/2.</summary>
    public ReadOnlyMemory<byte> U => Live.Memory.Slice(Width * Height, Width * Height / 4);

    /// <summary>The Cr plane: (<see cref="Width"/>/2) × (<see cref="Height"/>/2) bytes, stride <see cref="Width"/>/2.</summary>
    public ReadOnlyMemory<byte> V => Live.Memory.Slice(Width * Height * 5 / 4, Width * Height / 4);

    /// <summary>All three planes back to back (Y, U, V), as many encoders and hashes want them.</summary>
    public ReadOnlyMemory<byte> Planes => Live.Memory[..BufferSize(Width, Height)];

    /// <summary>The number of bytes an I420 picture of the given size needs.</summary>
    public static int BufferSize(int width, int height) => width * height * 3 / 2;

    /// <summary>Adds a reference; the caller must call <see cref="Release"/> once for it.</summary>
    /// <returns>This frame, for chaining.</returns>
    /// <exception cref="ObjectDisposedException">The frame was already returned to its pool.</exception>
    public VideoFrame Retain()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(current <= 0, this);
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return this;
            }
        }
    }

    /// <summary>Drops one reference; the last release returns the buffer to its pool.</summary>
    /// <exception cref="InvalidOperationException">More releases than references.</exception>
    public void Release()
    {
        var remaining = Interlocked.Decrement(ref _references);
        if (remaining == 0)
        {
            _buffer.Dispose();
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException($"Frame {Sequence} was released more often than it was retained.");
        }
    }

    private IMemoryOwner<byte> Live
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _references) <= 0, this);
            return _buffer;
        }
    }
}
