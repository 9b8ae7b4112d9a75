using System.Buffers;
using SwarmHost.Abstractions;

namespace SwarmHost.Tests;

/// <summary>Makes pooled I420 frames with a gradient, for tests that need a real frame.</summary>
internal sealed class TestFrames(int width, int height) : IDisposable
{
    private readonly MemoryPool<byte> _pool = MemoryPool<byte>.Shared;

    public VideoFrame Next(long sequence)
    {
        var owner = _pool.Rent(VideoFrame.BufferSize(width, height));
        var span = owner.Memory.Span;
        for (var i = 0; i < VideoFrame.BufferSize(width, height); i++)
        {
            span[i] = (byte)((i + sequence) % 251);
        }

        return new VideoFrame(owner, width, height, sequence, sequence * 33_333_333, 33_333_333);
    }

    public void Dispose()
    {
        // The shared pool is not ours to dispose.
    }
}
