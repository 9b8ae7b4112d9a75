using System.IO.MemoryMappedFiles;
using SwarmHost.Abstractions;

namespace SwarmHost.Engine.Lanes.Process;

/// <summary>
/// The pictures every process lane reads: one ring of frame slots in an anonymous memory file
/// (<c>memfd</c>, so neither <c>/dev/shm</c>'s size nor a path on disk limits it), written once per
/// frame by the host and mapped read-only by each lane. A slot holds one frame until every lane it
/// was offered to has released it. Slots are reused last-freed first, so only as many pages are
/// ever touched as frames are in flight.
/// </summary>
/// <remarks>Thread-safe: the intake places frames, lane readers release them.</remarks>
internal sealed unsafe class FrameRing : IDisposable
{
    private readonly object _sync = new();
    private readonly int _fd;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly int[] _holders;
    private readonly long[] _sequenceIn;
    private readonly Stack<int> _free = new();
    private readonly Dictionary<long, int> _slotOf = [];
    private bool _disposed;

    /// <summary>Creates a ring of <paramref name="slots"/> pictures of <paramref name="width"/>×<paramref name="height"/> (I420).</summary>
    public FrameRing(int width, int height, int slots)
    {
        SlotBytes = VideoFrame.BufferSize(width, height);
        Slots = slots;
        _fd = LaneNative.CreateMemoryFile("swarmhost-frames", (long)SlotBytes * slots);
        Path = $"/proc/{Environment.ProcessId}/fd/{_fd}";
        _file = MemoryMappedFile.CreateFromFile($"/proc/self/fd/{_fd}", FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
        _view = _file.CreateViewAccessor(0, (long)SlotBytes * slots, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
        _holders = new int[slots];
        _sequenceIn = new long[slots];
        for (var slot = slots - 1; slot >= 0; slot--)
        {
            _free.Push(slot);
        }
    }

    /// <summary>Where a lane on this machine opens the ring (the host's descriptor, by its /proc path).</summary>
    public string Path { get; }

    /// <summary>Bytes per slot: one I420 picture.</summary>
    public int SlotBytes { get; }

    /// <summary>Frames the ring holds.</summary>
    public int Slots { get; }

    /// <summary>How many slots hold a frame now.</summary>
    public int InUse
    {
        get
        {
            lock (_sync)
            {
                return Slots - _free.Count;
            }
        }
    }

    /// <summary>
    /// The slot holding <paramref name="frame"/> for one more reader: the slot it is in already, or a
    /// free one it is copied into. Waits while every slot is held, until <paramref name="giveUp"/> says so.
    /// </summary>
    /// <returns>The slot, or −1 when it gave up (or the ring is closed).</returns>
    public int Acquire(VideoFrame frame, Func<bool> giveUp)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(giveUp);
        lock (_sync)
        {
            if (_slotOf.TryGetValue(frame.Sequence, out var held))
            {
                _holders[held]++;
                return held;
            }

            while (_free.Count == 0)
            {
                if (_disposed || giveUp())
                {
                    return -1;
                }

                Monitor.Wait(_sync, 10);
            }

            if (_disposed)
            {
                return -1;
            }

            var slot = _free.Pop();
            frame.Planes.Span.CopyTo(new Span<byte>(_base + ((long)slot * SlotBytes), SlotBytes));
            _holders[slot] = 1;
            _sequenceIn[slot] = frame.Sequence;
            _slotOf[frame.Sequence] = slot;
            return slot;
        }
    }

    /// <summary>One reader is done with <paramref name="slot"/>; the last one frees it.</summary>
    public void Release(int slot)
    {
        lock (_sync)
        {
            if ((uint)slot >= (uint)Slots || _holders[slot] <= 0)
            {
                return; // a lane that misbehaves cannot free what it does not hold
            }

            if (--_holders[slot] == 0)
            {
                _slotOf.Remove(_sequenceIn[slot]);
                _free.Push(slot);
                Monitor.PulseAll(_sync);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_sync);
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
        LaneNative.CloseFile(_fd);
    }
}
