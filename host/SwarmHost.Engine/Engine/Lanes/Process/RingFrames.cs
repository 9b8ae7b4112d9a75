using System.Buffers;
using System.IO.MemoryMappedFiles;
using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// A lane's view of the host's <see cref="FrameRing"/>: mapped read-only, each picture handed to the
/// encoder as a <see cref="VideoFrame"/> over the shared slot itself (no copy). When the encoder and
/// the verifier have released the frame, the slot is given back to the host.
/// </summary>
internal sealed unsafe class RingFrames : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly int _slotBytes;
    private readonly int _slots;

    /// <summary>Maps the ring at <paramref name="path"/> (the host's <see cref="FrameRing.Path"/>).</summary>
    /// <exception cref="IOException">It cannot be opened or is smaller than said.</exception>
    public RingFrames(string path, int slotBytes, int slots)
    {
        _slotBytes = slotBytes;
        _slots = slots;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        _file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        _view = _file.CreateViewAccessor(0, (long)slotBytes * slots, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    /// <summary>The frame in <paramref name="slot"/>; <paramref name="released"/> runs once, when its last holder releases it.</summary>
    /// <exception cref="InvalidDataException">The slot or the picture size does not fit the ring.</exception>
    public VideoFrame Frame(int slot, int width, int height, long sequence, long timestampNs, long durationNs, Action<int> released)
    {
        if ((uint)slot >= (uint)_slots || VideoFrame.BufferSize(width, height) > _slotBytes)
        {
            throw new InvalidDataException($"frame {sequence}: slot {slot} or size {width}x{height} does not fit the ring ({_slots} slots of {_slotBytes} bytes)");
        }

        return new VideoFrame(new SlotMemory(_base + ((long)slot * _slotBytes), _slotBytes, () => released(slot)), width, height, sequence, timestampNs, durationNs);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    /// <summary>One slot's bytes as memory a <see cref="VideoFrame"/> can own.</summary>
    private sealed class SlotMemory(byte* start, int length, Action released) : MemoryManager<byte>
    {
        private int _disposed;

        public override Span<byte> GetSpan() => new(start, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                released();
            }
        }
    }
}
