using System.Net;
using System.Net.Sockets;
using System.Text;
using Cilantro.Wasi;
using Xunit;

namespace Cilantro.Tests.Wasi;

/// <summary>WASI functions called directly on a <see cref="WasiContext"/> with a byte array as guest memory.</summary>
public sealed class WasiContextTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cilantro-wasictx-" + Guid.NewGuid().ToString("N"));
    private readonly MemoryStream _stdout = new(), _stderr = new();

    public WasiContextTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private Guest NewGuest(Action<WasiConfiguration>? configure = null)
    {
        var c = new WasiConfiguration().WithStdout(_stdout).WithStderr(_stderr).WithPreopenedDirectory(_dir, "/sandbox");
        configure?.Invoke(c);
        return new Guest(c);
    }

    [Fact]
    public void ArgsAndEnvironmentAreCopiedExactly()
    {
        using var g = NewGuest(c => c.WithArgs("prog", "the \"second\" arg", "é").WithEnv("a", "new\nline").WithEnv("b", ""));
        int n = g.Alloc(4), size = g.Alloc(4);
        Assert.Equal(WasiErrno.Success, g.Wasi.ArgsSizesGet(g.Mem, n, size));
        Assert.Equal(3u, g.U32(n));
        Assert.Equal((uint)(5 + 17 + 3), g.U32(size));
        int ptrs = g.Alloc(12), buf = g.Alloc(64);
        Assert.Equal(WasiErrno.Success, g.Wasi.ArgsGet(g.Mem, ptrs, buf));
        Assert.Equal("the \"second\" arg", CString(g, (int)g.U32(ptrs + 4)));
        Assert.Equal("é", CString(g, (int)g.U32(ptrs + 8)));
        Assert.Equal(WasiErrno.Success, g.Wasi.EnvironSizesGet(g.Mem, n, size));
        Assert.Equal(2u, g.U32(n));
        Assert.Equal(WasiErrno.Success, g.Wasi.EnvironGet(g.Mem, ptrs, buf));
        Assert.Equal("a=new\nline", CString(g, (int)g.U32(ptrs)));
        Assert.Equal("b=", CString(g, (int)g.U32(ptrs + 4)));
    }

    private static string CString(Guest g, int p)
    {
        int end = Array.IndexOf(g.Mem, (byte)0, p);
        return Encoding.UTF8.GetString(g.Mem, p, end - p);
    }

    [Fact]
    public void AllFourClocksWork()
    {
        using var g = NewGuest();
        int t = g.Alloc(8);
        for (int id = 0; id < 4; id++)
        {
            Assert.Equal(WasiErrno.Success, g.Wasi.ClockResGet(g.Mem, id, t));
            Assert.True(g.U64(t) > 0);
            Assert.Equal(WasiErrno.Success, g.Wasi.ClockTimeGet(g.Mem, id, 1, t));
        }
        Assert.Equal(WasiErrno.Inval, g.Wasi.ClockTimeGet(g.Mem, 4, 1, t));
        Assert.Equal(WasiErrno.Inval, g.Wasi.ClockResGet(g.Mem, -1, t));
        // Realtime is close to the host's clock.
        g.Wasi.ClockTimeGet(g.Mem, 0, 1, t);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.InRange((long)(g.U64(t) / 1_000_000), now - 5000, now + 5000);
        // CPU time advances with work; monotonic never goes back.
        g.Wasi.ClockTimeGet(g.Mem, 2, 1, t);
        ulong cpu0 = g.U64(t);
        g.Wasi.ClockTimeGet(g.Mem, 3, 1, t);
        ulong thr0 = g.U64(t);
        g.Wasi.ClockTimeGet(g.Mem, 1, 1, t);
        ulong mono0 = g.U64(t);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        double x = 1;
        while (sw.ElapsedMilliseconds < 50) x = Math.Sqrt(x + 1);
        Assert.True(x > 0);
        g.Wasi.ClockTimeGet(g.Mem, 2, 1, t);
        Assert.True(g.U64(t) > cpu0);
        g.Wasi.ClockTimeGet(g.Mem, 3, 1, t);
        Assert.True(g.U64(t) > thr0);
        g.Wasi.ClockTimeGet(g.Mem, 1, 1, t);
        Assert.True(g.U64(t) >= mono0 + 40_000_000);
    }

    [Fact]
    public void RandomGetFillsTheBuffer()
    {
        using var g = NewGuest();
        int p = g.Alloc(256);
        Assert.Equal(WasiErrno.Success, g.Wasi.RandomGet(g.Mem, p, 256));
        Assert.Contains(g.Mem.Skip(p).Take(256), b => b != 0);
        Assert.Equal(WasiErrno.Success, g.Wasi.RandomGet(g.Mem, g.Mem.Length, 0));
    }

    [Fact]
    public void StdoutIsCapturedAndBadFdsAreEbadf()
    {
        using var g = NewGuest();
        Assert.Equal(WasiErrno.Success, g.Write(1, "hello ", out var n));
        Assert.Equal(6u, n);
        Assert.Equal(WasiErrno.Success, g.Write(2, "err", out _));
        Assert.Equal("hello ", Encoding.UTF8.GetString(_stdout.ToArray()));
        Assert.Equal("err", Encoding.UTF8.GetString(_stderr.ToArray()));
        Assert.Equal(WasiErrno.Badf, g.Write(42, "x", out _));
        Assert.Equal(WasiErrno.Badf, g.Write(-1, "x", out _));
        Assert.Equal(WasiErrno.Success, g.Read(0, 10, out var text));
        Assert.Equal("", text);
    }

    [Fact]
    public void StdinReadsFromTheConfiguredStream()
    {
        using var g = NewGuest(c => c.WithStdin(new MemoryStream(Encoding.UTF8.GetBytes("input!"))));
        Assert.Equal(WasiErrno.Success, g.Read(0, 3, out var a));
        Assert.Equal(WasiErrno.Success, g.Read(0, 10, out var b));
        Assert.Equal("inp", a);
        Assert.Equal("ut!", b);
    }

    [Fact]
    public void WriteLimitsAreEnforced()
    {
        using var g = NewGuest(c => c.WithMaxWriteBytes(10).WithMaxFileSize(4));
        Assert.Equal(WasiErrno.Success, g.Write(1, "12345678", out var n));
        Assert.Equal(8u, n);
        Assert.Equal(WasiErrno.Success, g.Write(1, "abcdef", out n));
        Assert.Equal(2u, n);
        Assert.Equal(WasiErrno.NoSpc, g.Write(1, "x", out _));
        Assert.Equal(10, _stdout.Length);

        using var g2 = NewGuest(c => c.WithMaxFileSize(4));
        Assert.Equal(WasiErrno.Success, g2.Open(3, "f", out int fd, oflags: 1));
        Assert.Equal(WasiErrno.Success, g2.Write(fd, "123456", out n));
        Assert.Equal(4u, n);
        Assert.Equal(WasiErrno.Fbig, g2.Write(fd, "7", out _));
        Assert.Equal(WasiErrno.Fbig, g2.Wasi.FdFilestatSetSize(fd, 5));
        Assert.Equal(WasiErrno.Fbig, g2.Wasi.FdAllocate(fd, 0, 100));
        Assert.Equal(4, new FileInfo(Path.Combine(_dir, "f")).Length);
    }

    [Fact]
    public void MaxOpenFilesGivesEmfile()
    {
        File.WriteAllText(Path.Combine(_dir, "f"), "x");
        using var g = NewGuest(c => c.WithMaxOpenFiles(5));
        Assert.Equal(WasiErrno.Success, g.Open(3, "f", out _));
        Assert.Equal(WasiErrno.Mfile, g.Open(3, "f", out _));
    }

    [Fact]
    public void ProcExitThrowsWithTheCode()
    {
        using var g = NewGuest();
        var e = Assert.Throws<WasiExitException>(() => g.Wasi.ProcExit(33));
        Assert.Equal(33, e.ExitCode);
        Assert.Equal(33, g.Wasi.ExitCode);
        Assert.Equal(WasiErrno.Success, g.Wasi.SchedYield());
        Assert.NotEqual(WasiErrno.Success, g.Wasi.ProcRaise(9));
    }

    [Fact]
    public void SeekTellAndBothWhenceEncodings()
    {
        using var g = NewGuest();
        Assert.Equal(WasiErrno.Success, g.Open(3, "f", out int fd, oflags: 1));
        g.Write(fd, "0123456789", out _);
        int p = g.Alloc(8);
        Assert.Equal(WasiErrno.Success, g.Wasi.FdSeek(g.Mem, fd, 2, 0, p)); // preview1 SET
        Assert.Equal(2ul, g.U64(p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdSeek(g.Mem, fd, 3, 1, p)); // preview1 CUR
        Assert.Equal(5ul, g.U64(p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdSeek(g.Mem, fd, -1, 2, p)); // preview1 END
        Assert.Equal(9ul, g.U64(p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdSeekUnstable(g.Mem, fd, 1, 2, p)); // preview0 SET
        Assert.Equal(1ul, g.U64(p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdSeekUnstable(g.Mem, fd, 1, 0, p)); // preview0 CUR
        Assert.Equal(2ul, g.U64(p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdSeekUnstable(g.Mem, fd, 0, 1, p)); // preview0 END
        Assert.Equal(10ul, g.U64(p));
        Assert.Equal(WasiErrno.Inval, g.Wasi.FdSeek(g.Mem, fd, -11, 1, p));
        Assert.Equal(WasiErrno.Inval, g.Wasi.FdSeek(g.Mem, fd, 0, 3, p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdTell(g.Mem, fd, p));
        Assert.Equal(10ul, g.U64(p));
        Assert.Equal(WasiErrno.Spipe, g.Wasi.FdSeek(g.Mem, 1, 0, 0, p));
    }

    [Fact]
    public void PreadPwriteAndAppend()
    {
        using var g = NewGuest();
        Assert.Equal(WasiErrno.Success, g.Open(3, "f", out int fd, oflags: 1));
        g.Write(fd, "abcdef", out _);
        var (iov, buf) = g.Iov(new byte[3]);
        int n = g.Alloc(4);
        Assert.Equal(WasiErrno.Success, g.Wasi.FdPread(g.Mem, fd, iov, 1, 2, n));
        Assert.Equal("cde", Encoding.ASCII.GetString(g.Mem, buf, (int)g.U32(n)));
        var (wiov, _) = g.Iov("XY"u8.ToArray());
        Assert.Equal(WasiErrno.Success, g.Wasi.FdPwrite(g.Mem, fd, wiov, 1, 0, n));
        Assert.Equal("XYcdef", File.ReadAllText(Path.Combine(_dir, "f")));
        int p = g.Alloc(8);
        g.Wasi.FdTell(g.Mem, fd, p);
        Assert.Equal(6ul, g.U64(p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdFdstatSetFlags(fd, 1));
        g.Wasi.FdSeek(g.Mem, fd, 0, 0, p);
        g.Write(fd, "!", out _);
        Assert.Equal("XYcdef!", File.ReadAllText(Path.Combine(_dir, "f")));
    }

    [Fact]
    public void FilestatLayoutsOfBothVersions()
    {
        File.WriteAllText(Path.Combine(_dir, "f"), "12345");
        using var g = NewGuest();
        Assert.Equal(WasiErrno.Success, g.Open(3, "f", out int fd));
        int p1 = g.Alloc(64), p0 = g.Alloc(56);
        Assert.Equal(WasiErrno.Success, g.Wasi.FdFilestatGet(g.Mem, fd, p1));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdFilestatGetUnstable(g.Mem, fd, p0));
        Assert.Equal((byte)WasiFileType.RegularFile, g.Mem[p1 + 16]);
        Assert.Equal(1ul, g.U64(p1 + 24));   // nlink u64
        Assert.Equal(5ul, g.U64(p1 + 32));   // size
        Assert.Equal(1u, g.U32(p0 + 20));    // nlink u32
        Assert.Equal(5ul, g.U64(p0 + 24));   // size
        Assert.Equal(g.U64(p1 + 48), g.U64(p0 + 40)); // mtim
        var (path, len) = g.Str("f");
        Assert.Equal(WasiErrno.Success, g.Wasi.PathFilestatGetUnstable(g.Mem, 3, 0, path, len, p0));
        Assert.Equal(5ul, g.U64(p0 + 24));
        Assert.Equal(g.U64(p1 + 8), g.U64(p0 + 8)); // same inode
    }

    [Fact]
    public void ReaddirWithCookiesAndSmallBuffers()
    {
        for (int i = 0; i < 5; i++) File.WriteAllText(Path.Combine(_dir, "file" + i), "");
        using var g = NewGuest();
        var names = new List<string>();
        long cookie = 0;
        int buf = g.Alloc(40), used = g.Alloc(4);
        // A buffer of 40 bytes holds one entry at a time (24-byte header + name).
        while (true)
        {
            Assert.Equal(WasiErrno.Success, g.Wasi.FdReaddir(g.Mem, 3, buf, 40, cookie, used));
            int n = (int)g.U32(used);
            if (n == 0) break;
            int namlen = (int)g.U32(buf + 16);
            names.Add(Encoding.UTF8.GetString(g.Mem, buf + 24, namlen));
            cookie = (long)g.U64(buf);
        }
        Assert.Equal([".", "..", "file0", "file1", "file2", "file3", "file4"], names);
        Assert.Equal(WasiErrno.Success, g.Wasi.FdReaddir(g.Mem, 3, buf, 40, 100, used));
        Assert.Equal(0u, g.U32(used));
    }

    [Fact]
    public void PrestatAndRenumber()
    {
        using var g = NewGuest();
        int p = g.Alloc(8), name = g.Alloc(16);
        Assert.Equal(WasiErrno.Success, g.Wasi.FdPrestatGet(g.Mem, 3, p));
        Assert.Equal(8u, g.U32(p + 4));
        Assert.Equal(WasiErrno.NameTooLong, g.Wasi.FdPrestatDirName(g.Mem, 3, name, 7));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdPrestatDirName(g.Mem, 3, name, 16));
        Assert.Equal("/sandbox", Encoding.UTF8.GetString(g.Mem, name, 8));
        Assert.Equal(WasiErrno.Badf, g.Wasi.FdPrestatGet(g.Mem, 1, p));
        Assert.Equal(WasiErrno.Badf, g.Wasi.FdPrestatGet(g.Mem, 4, p));
        Assert.Equal(WasiErrno.Success, g.Open(3, ".", out int dup, oflags: 2, rights: WasiRights.All & ~WasiRights.FdWrite));
        Assert.Equal(WasiErrno.Badf, g.Wasi.FdRenumber(3, 99));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdRenumber(3, dup));
        Assert.Equal(WasiErrno.Badf, g.Wasi.FdPrestatGet(g.Mem, 3, p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdPrestatGet(g.Mem, dup, p));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdClose(dup));
        Assert.Equal(WasiErrno.Badf, g.Wasi.FdClose(dup));
    }

    [Fact]
    public void FileSystemOperationsInsideTheSandbox()
    {
        using var g = NewGuest();
        Assert.Equal(WasiErrno.Success, g.Mkdir(3, "d"));
        Assert.Equal(WasiErrno.Exist, g.Mkdir(3, "d"));
        Assert.Equal(WasiErrno.Success, g.Open(3, "d/f", out int fd, oflags: 1));
        g.Write(fd, "data", out _);
        Assert.Equal(WasiErrno.Exist, g.Open(3, "d/f", out _, oflags: 1 | 4));
        Assert.Equal(WasiErrno.NotEmpty, g.Rmdir(3, "d"));
        Assert.Equal(WasiErrno.Success, g.Link(3, "d/f", 3, "hard"));
        Assert.Equal(WasiErrno.Success, g.Stat(3, "hard", 0, out int st));
        Assert.Equal(2ul, g.U64(st + 24));
        Assert.Equal(WasiErrno.Success, g.Symlink("d/f", 3, "soft"));
        Assert.Equal(WasiErrno.Success, g.Readlink(3, "soft", out var target));
        Assert.Equal("d/f", target);
        Assert.Equal(WasiErrno.Inval, g.Readlink(3, "hard", out _));
        Assert.Equal(WasiErrno.Success, g.Stat(3, "soft", 1, out st));
        Assert.Equal(4ul, g.U64(st + 32));
        Assert.Equal(WasiErrno.Success, g.Rename(3, "d/f", 3, "moved"));
        Assert.Equal(WasiErrno.NoEnt, g.Stat(3, "soft", 1, out _));
        Assert.Equal(WasiErrno.Success, g.Unlink(3, "soft"));
        Assert.Equal(WasiErrno.IsDir, g.Unlink(3, "d"));
        Assert.Equal(WasiErrno.NotDir, g.Rmdir(3, "moved"));
        Assert.Equal(WasiErrno.Success, g.Rmdir(3, "d"));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdFilestatSetTimes(fd, 1_000_000_000L * 86400, 2_000_000_000L * 86400 / 2, 1 | 4));
        Assert.Equal(new DateTime(1970, 1, 2, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(_dir, "moved")));
        Assert.Equal(WasiErrno.Inval, g.Wasi.FdFilestatSetTimes(fd, 0, 0, 1 | 2));
        var (p, l) = g.Str("moved");
        Assert.Equal(WasiErrno.Success, g.Wasi.PathFilestatSetTimes(g.Mem, 3, 0, p, l, 0, 3_000_000_000L * 86400 / 3, 4));
        Assert.Equal(new DateTime(1970, 1, 2, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(_dir, "moved")));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdFilestatSetSize(fd, 2));
        Assert.Equal("da", File.ReadAllText(Path.Combine(_dir, "moved")));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdAllocate(fd, 0, 10));
        Assert.Equal(10, new FileInfo(Path.Combine(_dir, "moved")).Length);
        Assert.Equal(WasiErrno.Success, g.Wasi.FdSync(fd));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdDatasync(fd));
        Assert.Equal(WasiErrno.Success, g.Wasi.FdAdvise(fd, 0, 10, 1));
        Assert.Equal(WasiErrno.Inval, g.Wasi.FdAdvise(fd, 0, 10, 6));
    }

    [Fact]
    public void PollWaitsForClocksAndReportsReadyFds()
    {
        using var g = NewGuest();
        int subs = g.Alloc(48 * 2), events = g.Alloc(32 * 2), n = g.Alloc(4);
        Assert.Equal(WasiErrno.Inval, g.Wasi.PollOneoff(g.Mem, subs, events, 0, n));
        // One relative clock of 20 ms.
        Array.Clear(g.Mem, subs, 96);
        BitConverter.TryWriteBytes(g.Mem.AsSpan(subs), 7UL);
        g.Mem[subs + 8] = 0;
        g.SetU32(subs + 16, 1);
        BitConverter.TryWriteBytes(g.Mem.AsSpan(subs + 24), 20_000_000UL);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(WasiErrno.Success, g.Wasi.PollOneoff(g.Mem, subs, events, 1, n));
        Assert.True(sw.ElapsedMilliseconds >= 15);
        Assert.Equal(1u, g.U32(n));
        Assert.Equal(7ul, g.U64(events));
        // Clock plus a writable stdout: returns at once with the fd event; a bad fd gives an EBADF event.
        BitConverter.TryWriteBytes(g.Mem.AsSpan(subs), 7UL);
        BitConverter.TryWriteBytes(g.Mem.AsSpan(subs + 24), 10_000_000_000UL);
        BitConverter.TryWriteBytes(g.Mem.AsSpan(subs + 48), 8UL);
        g.Mem[subs + 56] = 2;
        g.SetU32(subs + 64, 1);
        sw.Restart();
        Assert.Equal(WasiErrno.Success, g.Wasi.PollOneoff(g.Mem, subs, events, 2, n));
        Assert.True(sw.ElapsedMilliseconds < 5000);
        Assert.Equal(1u, g.U32(n));
        Assert.Equal(8ul, g.U64(events));
        Assert.Equal(2, g.Mem[events + 10]);
        g.SetU32(subs + 64, 77);
        Assert.Equal(WasiErrno.Success, g.Wasi.PollOneoff(g.Mem, subs, events, 2, n));
        Assert.Equal((ushort)WasiErrno.Badf, BitConverter.ToUInt16(g.Mem, events + 8));
    }

    [Fact]
    public void SocketFunctionsOnInheritedSockets()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var g = NewGuest(c => c.WithSocket(listener));
        const int sockFd = 4;
        Assert.Equal(WasiErrno.NotSock, g.Wasi.SockShutdown(1, 3));
        Assert.Equal(WasiErrno.Badf, g.Wasi.SockShutdown(50, 3));
        Assert.Equal(WasiErrno.NotSock, g.Wasi.SockShutdown(3, 3));
        int fdPtr = g.Alloc(4);
        Assert.Equal(WasiErrno.Success, g.Wasi.FdFdstatSetFlags(sockFd, 4));
        Assert.Equal(WasiErrno.Again, g.Wasi.SockAccept(g.Mem, sockFd, 0, fdPtr));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        client.Send("ping"u8);
        Assert.True(listener.Poll(5_000_000, SelectMode.SelectRead));
        Assert.Equal(WasiErrno.Success, g.Wasi.SockAccept(g.Mem, sockFd, 0, fdPtr));
        int conn = (int)g.U32(fdPtr);
        var (iov, buf) = g.Iov(new byte[4]);
        int n = g.Alloc(4), flags = g.Alloc(2);
        Assert.Equal(WasiErrno.Success, g.Wasi.SockRecv(g.Mem, conn, iov, 1, 0, n, flags));
        Assert.Equal("ping", Encoding.ASCII.GetString(g.Mem, buf, (int)g.U32(n)));
        var (siov, _) = g.Iov("pong"u8.ToArray());
        Assert.Equal(WasiErrno.Success, g.Wasi.SockSend(g.Mem, conn, siov, 1, 0, n));
        var back = new byte[4];
        Assert.Equal(4, client.Receive(back));
        Assert.Equal("pong", Encoding.ASCII.GetString(back));
        Assert.Equal(WasiErrno.Inval, g.Wasi.SockShutdown(conn, 0));
        Assert.Equal(WasiErrno.Success, g.Wasi.SockShutdown(conn, 3));
    }
}
