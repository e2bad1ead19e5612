using System.Buffers.Binary;
using System.Text;
using Cilantro.Wasi;

namespace Cilantro.Tests.Wasi;

/// <summary>A fake guest: a byte array as linear memory with a bump allocator, and a WasiContext to call.</summary>
internal sealed class Guest : IDisposable
{
    public byte[] Mem = new byte[1 << 16];
    private int _next = 1024;

    public Guest(WasiConfiguration config) => Wasi = new WasiContext(config);

    public WasiContext Wasi { get; }

    public void Dispose() => Wasi.Dispose();

    public int Alloc(int size)
    {
        int p = (_next + 7) & ~7;
        _next = p + size;
        if (_next > Mem.Length) throw new InvalidOperationException("guest memory full");
        return p;
    }

    public (int Ptr, int Len) Str(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        int p = Alloc(b.Length + 1);
        b.CopyTo(Mem, p);
        return (p, b.Length);
    }

    public uint U32(int p) => BinaryPrimitives.ReadUInt32LittleEndian(Mem.AsSpan(p));
    public ulong U64(int p) => BinaryPrimitives.ReadUInt64LittleEndian(Mem.AsSpan(p));
    public void SetU32(int p, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Mem.AsSpan(p), v);

    /// <summary>Builds one iovec over a fresh buffer holding <paramref name="data"/> (or zeroes of that size).</summary>
    public (int Iov, int Buf) Iov(byte[] data)
    {
        int buf = Alloc(data.Length);
        data.CopyTo(Mem, buf);
        int iov = Alloc(8);
        SetU32(iov, (uint)buf);
        SetU32(iov + 4, (uint)data.Length);
        return (iov, buf);
    }

    // Convenience wrappers taking strings.
    public WasiErrno Open(int dirFd, string path, out int fd, int oflags = 0, WasiRights rights = WasiRights.All,
        int lookup = 0, int fdflags = 0, WasiRights inheriting = WasiRights.All)
    {
        var (p, l) = Str(path);
        int fdPtr = Alloc(4);
        var e = Wasi.PathOpen(Mem, dirFd, lookup, p, l, oflags, (long)rights, (long)inheriting, fdflags, fdPtr);
        fd = e == WasiErrno.Success ? (int)U32(fdPtr) : -1;
        return e;
    }

    public WasiErrno Mkdir(int dirFd, string path) { var (p, l) = Str(path); return Wasi.PathCreateDirectory(Mem, dirFd, p, l); }
    public WasiErrno Rmdir(int dirFd, string path) { var (p, l) = Str(path); return Wasi.PathRemoveDirectory(Mem, dirFd, p, l); }
    public WasiErrno Unlink(int dirFd, string path) { var (p, l) = Str(path); return Wasi.PathUnlinkFile(Mem, dirFd, p, l); }

    public WasiErrno Symlink(string target, int dirFd, string path)
    {
        var (t, tl) = Str(target);
        var (p, l) = Str(path);
        return Wasi.PathSymlink(Mem, t, tl, dirFd, p, l);
    }

    public WasiErrno Rename(int fd1, string a, int fd2, string b)
    {
        var (p1, l1) = Str(a);
        var (p2, l2) = Str(b);
        return Wasi.PathRename(Mem, fd1, p1, l1, fd2, p2, l2);
    }

    public WasiErrno Link(int fd1, string a, int fd2, string b, int flags = 0)
    {
        var (p1, l1) = Str(a);
        var (p2, l2) = Str(b);
        return Wasi.PathLink(Mem, fd1, flags, p1, l1, fd2, p2, l2);
    }

    public WasiErrno Stat(int dirFd, string path, int flags, out int statPtr)
    {
        var (p, l) = Str(path);
        statPtr = Alloc(64);
        return Wasi.PathFilestatGet(Mem, dirFd, flags, p, l, statPtr);
    }

    public WasiErrno Readlink(int dirFd, string path, out string target)
    {
        var (p, l) = Str(path);
        int buf = Alloc(256), used = Alloc(4);
        var e = Wasi.PathReadlink(Mem, dirFd, p, l, buf, 256, used);
        target = e == WasiErrno.Success ? Encoding.UTF8.GetString(Mem, buf, (int)U32(used)) : "";
        return e;
    }

    public WasiErrno Write(int fd, string text, out uint written)
    {
        var (iov, _) = Iov(Encoding.UTF8.GetBytes(text));
        int n = Alloc(4);
        var e = Wasi.FdWrite(Mem, fd, iov, 1, n);
        written = U32(n);
        return e;
    }

    public WasiErrno Read(int fd, int size, out string text)
    {
        var (iov, buf) = Iov(new byte[size]);
        int n = Alloc(4);
        var e = Wasi.FdRead(Mem, fd, iov, 1, n);
        text = e == WasiErrno.Success ? Encoding.UTF8.GetString(Mem, buf, (int)U32(n)) : "";
        return e;
    }
}
