using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Cilantro.Wasi;

internal enum FdKind { Stdin, Stdout, Stderr, File, Directory, Socket }

/// <summary>One open file descriptor of the guest.</summary>
internal sealed class FdEntry
{
    public FdKind Kind;
    public WasiRights Base, Inheriting;
    public ushort Flags;
    public Stream? Stream;
    public SafeFileHandle? Handle;
    public long Position;
    /// <summary>The real host path of the preopen this entry lives under.</summary>
    public string Root = "";
    /// <summary>Path components from <see cref="Root"/> to this entry, each a real directory (none a symlink) except maybe the last for files.</summary>
    public string[] Comps = [];
    public string? PreopenName;
    public bool ReadOnlyTree;
    public Socket? Socket;
    public bool IsTerminal;

    public string HostPath => Comps.Length == 0 ? Root : Root + "/" + string.Join('/', Comps);
    public WasiFileType FileType => Kind switch
    {
        FdKind.Directory => WasiFileType.Directory,
        FdKind.File => WasiFileType.RegularFile,
        FdKind.Socket => WasiFileType.SocketStream,
        _ => IsTerminal ? WasiFileType.CharacterDevice : WasiFileType.Unknown,
    };
}

/// <summary>
/// The state of one WASI guest (fd table, preopens, arguments, clocks, random source) and every
/// <c>wasi_snapshot_preview1</c> function as a method over guest linear memory. Each method takes the whole memory
/// as a span and the pointer/length arguments as the guest passes them, and returns the spec's errno; bad guest
/// pointers give <see cref="WasiErrno.Fault"/>, never a host exception. Only <see cref="ProcExit"/> throws
/// (<see cref="WasiExitException"/>). All guest paths are resolved in user space below a preopen (the sandbox).
/// </summary>
public sealed partial class WasiContext : IDisposable
{
    private readonly List<FdEntry?> _fds = [];
    private readonly byte[][] _args;
    private readonly byte[][] _env;
    private readonly WasiConfiguration _config;
    private long _writeBudget;
    private readonly long _monotonicBase = Stopwatch.GetTimestamp();

    /// <summary>Creates the WASI state of a guest from a configuration.</summary>
    public WasiContext(WasiConfiguration config)
    {
        _config = config;
        _writeBudget = config.MaxWriteBytes;
        _args = new byte[config.Arguments.Count][];
        for (int i = 0; i < _args.Length; i++) _args[i] = Encoding.UTF8.GetBytes(config.Arguments[i]);
        _env = new byte[config.Environment.Count][];
        for (int i = 0; i < _env.Length; i++)
            _env[i] = Encoding.UTF8.GetBytes(config.Environment[i].Key + "=" + config.Environment[i].Value);

        _fds.Add(new FdEntry { Kind = FdKind.Stdin, Stream = config.Stdin, Base = WasiConst.StdioRights, IsTerminal = config.StdinIsInherited && !Console.IsInputRedirected });
        _fds.Add(new FdEntry { Kind = FdKind.Stdout, Stream = config.Stdout, Base = WasiConst.StdioRights, IsTerminal = config.StdioIsTerminal });
        _fds.Add(new FdEntry { Kind = FdKind.Stderr, Stream = config.Stderr, Base = WasiConst.StdioRights, IsTerminal = config.StdioIsTerminal });
        foreach (var p in config.Preopens)
        {
            string root = RealPath(p.HostPath);
            var rights = WasiConst.DirRights;
            var inheriting = WasiConst.DirRights | WasiConst.FileRights;
            if (p.ReadOnly) { rights &= ~WasiConst.MutatingRights; inheriting &= ~WasiConst.MutatingRights; }
            _fds.Add(new FdEntry
            {
                Kind = FdKind.Directory, Root = root, PreopenName = p.GuestPath, ReadOnlyTree = p.ReadOnly,
                Base = rights, Inheriting = inheriting,
            });
        }
        foreach (var s in config.Sockets)
            _fds.Add(new FdEntry { Kind = FdKind.Socket, Socket = s, Base = WasiConst.SocketRights, Inheriting = WasiConst.SocketRights });
    }

    /// <summary>Returns the guest's whole linear memory (set by the engine binding once the instance exists).</summary>
    public delegate Span<byte> MemoryAccessor();

    /// <summary>Where the binding layer finds the guest's memory; null until the instance exports one.</summary>
    public MemoryAccessor? Memory { get; set; }

    /// <summary>The guest memory through <see cref="Memory"/>, or an empty span (every pointer then gives <c>EFAULT</c>).</summary>
    internal Span<byte> CurrentMemory => Memory is { } m ? m() : [];

    /// <summary>The exit code passed to <c>proc_exit</c>, once the guest called it.</summary>
    public int? ExitCode { get; private set; }

    private static string RealPath(string hostPath)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(hostPath));
        // Resolve symlinks in the host's own choice of folder once, so later checks compare real paths.
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string cur = "/";
        foreach (var part in parts)
        {
            string next = Path.Combine(cur, part);
            var info = new DirectoryInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(true);
                next = target is null ? next : Path.TrimEndingDirectorySeparator(target.FullName);
            }
            cur = next;
        }
        return cur.Length > 1 ? cur.TrimEnd('/') : cur;
    }

    /// <summary>Closes every file the guest left open.</summary>
    public void Dispose()
    {
        for (int i = 3; i < _fds.Count; i++)
        {
            _fds[i]?.Handle?.Dispose();
            _fds[i] = null;
        }
    }

    // ---------------------------------------------------------------- guest memory

    private static Span<byte> Mem(Span<byte> mem, uint ptr, uint len)
    {
        if ((ulong)ptr + len > (ulong)mem.Length) throw new WasiErrnoException(WasiErrno.Fault);
        return mem.Slice((int)ptr, (int)len);
    }

    /// <summary>Checks that an array of <paramref name="count"/> elements of <paramref name="size"/> bytes lies in memory.</summary>
    private static void CheckArray(Span<byte> mem, int ptr, int count, uint size)
    {
        if ((ulong)(uint)ptr + (ulong)(uint)count * size > (ulong)mem.Length) throw new WasiErrnoException(WasiErrno.Fault);
    }

    private static uint ReadU32(Span<byte> mem, uint ptr) => BinaryPrimitives.ReadUInt32LittleEndian(Mem(mem, ptr, 4));
    private static ulong ReadU64(Span<byte> mem, uint ptr) => BinaryPrimitives.ReadUInt64LittleEndian(Mem(mem, ptr, 8));
    private static ushort ReadU16(Span<byte> mem, uint ptr) => BinaryPrimitives.ReadUInt16LittleEndian(Mem(mem, ptr, 2));
    private static void WriteU32(Span<byte> mem, uint ptr, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Mem(mem, ptr, 4), v);
    private static void WriteU64(Span<byte> mem, uint ptr, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Mem(mem, ptr, 8), v);
    private static void WriteU16(Span<byte> mem, uint ptr, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Mem(mem, ptr, 2), v);

    private static string ReadPath(Span<byte> mem, int ptr, int len)
    {
        var bytes = Mem(mem, (uint)ptr, (uint)len);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WasiErrnoException(WasiErrno.Ilseq);
        }
    }

    /// <summary>Maps an exception thrown by a host API to an errno.</summary>
    private static WasiErrno Map(Exception e) => e switch
    {
        WasiErrnoException w => w.Errno,
        FileNotFoundException or DirectoryNotFoundException => WasiErrno.NoEnt,
        UnauthorizedAccessException => WasiErrno.Acces,
        PathTooLongException => WasiErrno.NameTooLong,
        SocketException s => MapSocket(s.SocketErrorCode),
        ObjectDisposedException => WasiErrno.Badf,
        NotSupportedException => WasiErrno.NotSup,
        IOException io when io.HResult > 0 && io.HResult < 200 => HostFs.FromErrno(io.HResult),
        IOException io when (io.HResult & 0xFFFF) == 0x70 || (io.HResult & 0xFFFF) == 0x27 => WasiErrno.NoSpc,
        IOException => WasiErrno.Io,
        ArgumentException => WasiErrno.Inval,
        OverflowException => WasiErrno.Overflow,
        OutOfMemoryException => WasiErrno.NoMem,
        _ => WasiErrno.Io,
    };

    private static WasiErrno MapSocket(SocketError e) => e switch
    {
        SocketError.WouldBlock or SocketError.TryAgain => WasiErrno.Again,
        SocketError.NotConnected => WasiErrno.NotConn,
        SocketError.ConnectionReset => WasiErrno.ConnReset,
        SocketError.ConnectionAborted => WasiErrno.ConnAborted,
        SocketError.Shutdown => WasiErrno.Pipe,
        SocketError.InvalidArgument => WasiErrno.Inval,
        SocketError.NotSocket => WasiErrno.NotSock,
        SocketError.OperationNotSupported => WasiErrno.NotSup,
        _ => WasiErrno.Io,
    };

    private FdEntry Get(int fd)
    {
        if (fd < 0 || fd >= _fds.Count || _fds[fd] is not { } e) throw new WasiErrnoException(WasiErrno.Badf);
        return e;
    }

    private FdEntry Get(int fd, WasiRights needed)
    {
        var e = Get(fd);
        if ((e.Base & needed) != needed) throw new WasiErrnoException(WasiErrno.NotCapable);
        return e;
    }

    private int Allocate(FdEntry entry)
    {
        int open = 0;
        int free = -1;
        for (int i = 0; i < _fds.Count; i++)
        {
            if (_fds[i] is null) { if (free < 0) free = i; }
            else open++;
        }
        if (open >= _config.MaxOpenFiles) throw new WasiErrnoException(WasiErrno.Mfile);
        if (free >= 0) { _fds[free] = entry; return free; }
        _fds.Add(entry);
        return _fds.Count - 1;
    }

    // ---------------------------------------------------------------- args, environ

    /// <summary><c>args_get(argv, argv_buf)</c>.</summary>
    public WasiErrno ArgsGet(Span<byte> mem, int argv, int argvBuf) => StringsGet(mem, _args, argv, argvBuf);
    /// <summary><c>args_sizes_get(argc_ptr, argv_buf_size_ptr)</c>.</summary>
    public WasiErrno ArgsSizesGet(Span<byte> mem, int argc, int bufSize) => StringsSizes(mem, _args, argc, bufSize);
    /// <summary><c>environ_get(environ, environ_buf)</c>.</summary>
    public WasiErrno EnvironGet(Span<byte> mem, int environ, int environBuf) => StringsGet(mem, _env, environ, environBuf);
    /// <summary><c>environ_sizes_get(count_ptr, buf_size_ptr)</c>.</summary>
    public WasiErrno EnvironSizesGet(Span<byte> mem, int count, int bufSize) => StringsSizes(mem, _env, count, bufSize);

    private static WasiErrno StringsGet(Span<byte> mem, byte[][] strings, int ptrs, int buf)
    {
        try
        {
            uint p = (uint)buf;
            for (int i = 0; i < strings.Length; i++)
            {
                WriteU32(mem, (uint)ptrs + (uint)(i * 4), p);
                var s = strings[i];
                s.CopyTo(Mem(mem, p, (uint)s.Length + 1));
                mem[(int)(p + (uint)s.Length)] = 0;
                p += (uint)s.Length + 1;
            }
            return WasiErrno.Success;
        }
        catch (WasiErrnoException e) { return e.Errno; }
    }

    private static WasiErrno StringsSizes(Span<byte> mem, byte[][] strings, int countPtr, int sizePtr)
    {
        try
        {
            uint size = 0;
            foreach (var s in strings) size += (uint)s.Length + 1;
            WriteU32(mem, (uint)countPtr, (uint)strings.Length);
            WriteU32(mem, (uint)sizePtr, size);
            return WasiErrno.Success;
        }
        catch (WasiErrnoException e) { return e.Errno; }
    }

    // ---------------------------------------------------------------- clocks, random, process

    private ulong Now(int clockId) => clockId switch
    {
        0 => HostFs.ToNs(DateTime.UtcNow),
        1 => (ulong)Stopwatch.GetElapsedTime(_monotonicBase).Ticks * 100 + 1,
        2 => HostFs.CpuTime(false),
        3 => HostFs.CpuTime(true),
        _ => throw new WasiErrnoException(WasiErrno.Inval),
    };

    /// <summary><c>clock_res_get(id, resolution_ptr)</c>: realtime, monotonic, process and thread CPU time.</summary>
    public WasiErrno ClockResGet(Span<byte> mem, int clockId, int resPtr)
    {
        try
        {
            ulong res = clockId switch
            {
                0 => 100,
                1 => Math.Max(1UL, (ulong)(1_000_000_000L / Stopwatch.Frequency)),
                2 => HostFs.CpuTimeResolution(false),
                3 => HostFs.CpuTimeResolution(true),
                _ => throw new WasiErrnoException(WasiErrno.Inval),
            };
            WriteU64(mem, (uint)resPtr, res);
            return WasiErrno.Success;
        }
        catch (WasiErrnoException e) { return e.Errno; }
    }

    /// <summary><c>clock_time_get(id, precision, time_ptr)</c>.</summary>
    public WasiErrno ClockTimeGet(Span<byte> mem, int clockId, long precision, int timePtr)
    {
        try
        {
            _ = precision;
            WriteU64(mem, (uint)timePtr, Now(clockId));
            return WasiErrno.Success;
        }
        catch (WasiErrnoException e) { return e.Errno; }
    }

    /// <summary><c>random_get(buf, len)</c>: bytes from the host's cryptographic random generator.</summary>
    public WasiErrno RandomGet(Span<byte> mem, int buf, int len)
    {
        try
        {
            RandomNumberGenerator.Fill(Mem(mem, (uint)buf, (uint)len));
            return WasiErrno.Success;
        }
        catch (WasiErrnoException e) { return e.Errno; }
    }

    /// <summary><c>proc_exit(code)</c>: records the code and throws <see cref="WasiExitException"/> to unwind the guest.</summary>
    public void ProcExit(int code)
    {
        ExitCode = code;
        throw new WasiExitException(code);
    }

    /// <summary><c>proc_raise(sig)</c>: signals are not supported (<c>ENOSYS</c>).</summary>
    public WasiErrno ProcRaise(int signal) => signal is < 0 or > 30 ? WasiErrno.Inval : WasiErrno.NoSys;

    /// <summary><c>sched_yield()</c>.</summary>
    public WasiErrno SchedYield()
    {
        Thread.Yield();
        return WasiErrno.Success;
    }
}
