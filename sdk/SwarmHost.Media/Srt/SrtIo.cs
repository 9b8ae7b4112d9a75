using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SwarmHost.Media.Interop;

namespace SwarmHost.Media.Srt;

/// <summary>
/// The AVIOContext a muxer writes an SRT output through: a write-only context whose buffer is one
/// SRT message (<see cref="SrtOutput.MessageSize"/>) and whose writes go to <see cref="SrtOutput.Write"/>.
/// </summary>
internal sealed unsafe class SrtIo : IDisposable
{
    /// <summary>AVIOContext.buffer (after av_class; the same in 5.1 … 7.1).</summary>
    private const int ContextBuffer = 8;

    private GCHandle _handle;
    private nint _context;

    public SrtIo(SrtOutput output)
    {
        _handle = GCHandle.Alloc(output);
        var buffer = AvUtilNative.Alloc(SrtOutput.MessageSize);
        _context = AvFormatNative.AllocIoContext(buffer, SrtOutput.MessageSize, 1, GCHandle.ToIntPtr(_handle), 0, &WritePacket, 0);
        if (_context == 0)
        {
            AvUtilNative.Free(buffer);
            _handle.Free();
            throw new MediaOutputException("out of memory for the SRT output's buffer.");
        }
    }

    /// <summary>The context, for the muxer's <c>pb</c>.</summary>
    public nint Context => _context;

    public void Dispose()
    {
        if (_context != 0)
        {
            AvFormatNative.IoFlush(_context);
            AvUtilNative.Free(*(nint*)((byte*)_context + ContextBuffer)); // the context may have replaced the buffer it was given
            AvFormatNative.FreeIoContext(ref _context);
        }

        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int WritePacket(nint opaque, byte* data, int size)
    {
        ((SrtOutput)GCHandle.FromIntPtr(opaque).Target!).Write(new ReadOnlySpan<byte>(data, size));
        return size;
    }
}
