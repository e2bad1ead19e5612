using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cilantro.Wasi;

/// <summary>What the host knows of a file (an <c>lstat</c>/<c>stat</c> result).</summary>
internal struct HostStat
{
    public WasiFileType Type;
    public ulong Dev, Ino, Nlink, Size, Atim, Mtim, Ctim;
}

/// <summary>
/// The few file-system calls .NET has no API for (stat with inode numbers, hard links, rename with POSIX semantics,
/// timestamps without following symlinks, fsync of a directory, CPU-time clocks). Linux and macOS.
/// </summary>
internal static partial class HostFs
{
    private static readonly bool IsLinux = OperatingSystem.IsLinux();
    private static readonly bool IsMac = OperatingSystem.IsMacOS() || OperatingSystem.IsIOS();
    private const int LinuxAtFdcwd = -100, MacAtFdcwd = -2;
    private static int AtFdcwd => IsLinux ? LinuxAtFdcwd : MacAtFdcwd;
    private static int AtSymlinkNofollow => IsLinux ? 0x100 : 0x20;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buf);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkAt(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string oldpath, string newpath);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int UtimensAt(int dirfd, string path, long* times, int flags);

    [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
    private static unsafe partial int Futimens(nint fd, long* times);

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static unsafe partial int ClockGetTime(int clockId, long* ts);

    [LibraryImport("libc", EntryPoint = "clock_getres", SetLastError = true)]
    private static unsafe partial int ClockGetRes(int clockId, long* ts);

    /// <summary>Stats a path; false when it does not exist (or cannot be stat'ed: then <paramref name="errno"/> says why).</summary>
    public static bool TryStat(string path, bool follow, out HostStat st, out WasiErrno errno)
    {
        st = default;
        errno = WasiErrno.NoEnt;
        if (IsLinux) return TryStatx(LinuxAtFdcwd, path, follow ? 0 : 0x100, out st, out errno);
        try
        {
            FileSystemInfo info = new FileInfo(path);
            if ((int)info.Attributes == -1) return false;
            bool isLink = info.LinkTarget is not null;
            if (isLink && follow)
            {
                var target = info.ResolveLinkTarget(true);
                if (target is null || !target.Exists && !Directory.Exists(target.FullName)) return false;
                info = Directory.Exists(target.FullName) ? new DirectoryInfo(target.FullName) : target;
                isLink = false;
            }
            bool isDir = (info.Attributes & FileAttributes.Directory) != 0;
            st.Type = isLink ? WasiFileType.SymbolicLink : isDir ? WasiFileType.Directory : WasiFileType.RegularFile;
            st.Size = isDir || isLink ? 0 : (ulong)new FileInfo(info.FullName).Length;
            st.Nlink = 1;
            st.Ino = (ulong)StringComparer.Ordinal.GetHashCode(Path.GetFullPath(path)) & 0x7fffffff;
            st.Atim = ToNs(info.LastAccessTimeUtc);
            st.Mtim = ToNs(info.LastWriteTimeUtc);
            st.Ctim = st.Mtim;
            errno = WasiErrno.Success;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errno = WasiErrno.Acces;
            return false;
        }
    }

    /// <summary>Stats an open file.</summary>
    public static WasiErrno FStat(SafeFileHandle handle, string path, out HostStat st)
    {
        if (IsLinux)
        {
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                int fd = (int)handle.DangerousGetHandle();
                return TryStatx(fd, "", 0x1000 /* AT_EMPTY_PATH */, out st, out var errno) ? WasiErrno.Success : errno;
            }
            finally { if (added) handle.DangerousRelease(); }
        }
        return TryStat(path, true, out st, out var e2) ? WasiErrno.Success : e2;
    }

    private static unsafe bool TryStatx(int dirfd, string path, int flags, out HostStat st, out WasiErrno errno)
    {
        st = default;
        byte* buf = stackalloc byte[256];
        if (Statx(dirfd, path, flags, 0x7ff, buf) != 0)
        {
            errno = FromErrno(Marshal.GetLastPInvokeError());
            return false;
        }
        errno = WasiErrno.Success;
        ushort mode = *(ushort*)(buf + 28);
        st.Type = (mode & 0xF000) switch
        {
            0x4000 => WasiFileType.Directory,
            0x8000 => WasiFileType.RegularFile,
            0xA000 => WasiFileType.SymbolicLink,
            0x2000 => WasiFileType.CharacterDevice,
            0x6000 => WasiFileType.BlockDevice,
            0xC000 => WasiFileType.SocketStream,
            _ => WasiFileType.Unknown,
        };
        st.Nlink = *(uint*)(buf + 16);
        st.Ino = *(ulong*)(buf + 32);
        st.Size = *(ulong*)(buf + 40);
        st.Atim = Ts(buf + 64);
        st.Ctim = Ts(buf + 96);
        st.Mtim = Ts(buf + 112);
        st.Dev = ((ulong)*(uint*)(buf + 136) << 32) | *(uint*)(buf + 140);
        return true;

        static ulong Ts(byte* p) => (ulong)(*(long*)p * 1_000_000_000L + *(uint*)(p + 8));
    }

    internal static ulong ToNs(DateTime utc) => (ulong)(utc.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100;

    /// <summary><c>linkat</c> without following symlinks.</summary>
    public static WasiErrno Link(string oldPath, string newPath) =>
        LinkAt(AtFdcwd, oldPath, AtFdcwd, newPath, 0) == 0 ? WasiErrno.Success : LastErrno();

    /// <summary>POSIX <c>rename</c> (replaces files and empty directories atomically).</summary>
    public static WasiErrno Rename(string oldPath, string newPath) =>
        RenameNative(oldPath, newPath) == 0 ? WasiErrno.Success : LastErrno();

    /// <summary>Sets timestamps of a path; null keeps a time, <see cref="ulong.MaxValue"/> means "now".</summary>
    public static unsafe WasiErrno SetTimes(string path, bool follow, ulong? atim, ulong? mtim)
    {
        long* ts = stackalloc long[4];
        Fill(ts, atim); Fill(ts + 2, mtim);
        return UtimensAt(AtFdcwd, path, ts, follow ? 0 : AtSymlinkNofollow) == 0 ? WasiErrno.Success : LastErrno();
    }

    /// <summary>Sets timestamps of an open file.</summary>
    public static unsafe WasiErrno SetTimes(SafeFileHandle handle, ulong? atim, ulong? mtim)
    {
        long* ts = stackalloc long[4];
        Fill(ts, atim); Fill(ts + 2, mtim);
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Futimens(handle.DangerousGetHandle(), ts) == 0 ? WasiErrno.Success : LastErrno();
        }
        finally { if (added) handle.DangerousRelease(); }
    }

    private static unsafe void Fill(long* ts, ulong? ns)
    {
        long utimeNow = IsLinux ? (1L << 30) - 1 : -1, utimeOmit = IsLinux ? (1L << 30) - 2 : -2;
        if (ns is null) { ts[0] = 0; ts[1] = utimeOmit; }
        else if (ns == ulong.MaxValue) { ts[0] = 0; ts[1] = utimeNow; }
        else { ts[0] = (long)(ns.Value / 1_000_000_000); ts[1] = (long)(ns.Value % 1_000_000_000); }
    }

    /// <summary>CPU time of the process (<paramref name="thread"/> false) or calling thread, in nanoseconds.</summary>
    public static unsafe ulong CpuTime(bool thread)
    {
        if (IsLinux || IsMac)
        {
            int id = IsLinux ? (thread ? 3 : 2) : (thread ? 16 : 12);
            long* ts = stackalloc long[2];
            try
            {
                if (ClockGetTime(id, ts) == 0) return (ulong)(ts[0] * 1_000_000_000L + ts[1]);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        return (ulong)System.Environment.CpuUsage.TotalTime.Ticks * 100;
    }

    /// <summary>Resolution of a CPU-time clock in nanoseconds.</summary>
    public static unsafe ulong CpuTimeResolution(bool thread)
    {
        if (IsLinux || IsMac)
        {
            int id = IsLinux ? (thread ? 3 : 2) : (thread ? 16 : 12);
            long* ts = stackalloc long[2];
            try
            {
                if (ClockGetRes(id, ts) == 0) return Math.Max(1UL, (ulong)(ts[0] * 1_000_000_000L + ts[1]));
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        return 100;
    }

    private static WasiErrno LastErrno() => FromErrno(Marshal.GetLastPInvokeError());

    /// <summary>Maps a host <c>errno</c> (Linux or macOS numbering) to WASI.</summary>
    public static WasiErrno FromErrno(int e)
    {
        switch (e)
        {
            case 1: return WasiErrno.Perm;
            case 2: return WasiErrno.NoEnt;
            case 5: return WasiErrno.Io;
            case 9: return WasiErrno.Badf;
            case 12: return WasiErrno.NoMem;
            case 13: return WasiErrno.Acces;
            case 16: return WasiErrno.Busy;
            case 17: return WasiErrno.Exist;
            case 18: return WasiErrno.Xdev;
            case 20: return WasiErrno.NotDir;
            case 21: return WasiErrno.IsDir;
            case 22: return WasiErrno.Inval;
            case 23: return WasiErrno.Nfile;
            case 24: return WasiErrno.Mfile;
            case 26: return WasiErrno.TxtBsy;
            case 27: return WasiErrno.Fbig;
            case 28: return WasiErrno.NoSpc;
            case 29: return WasiErrno.Spipe;
            case 30: return WasiErrno.Rofs;
            case 31: return WasiErrno.Mlink;
            case 32: return WasiErrno.Pipe;
        }
        if (IsLinux)
        {
            return e switch
            {
                11 => WasiErrno.Again, 36 => WasiErrno.NameTooLong, 38 => WasiErrno.NoSys, 39 => WasiErrno.NotEmpty,
                40 => WasiErrno.Loop, 95 => WasiErrno.NotSup, 122 => WasiErrno.Dquot, 75 => WasiErrno.Overflow,
                _ => WasiErrno.Io,
            };
        }
        return e switch
        {
            35 => WasiErrno.Again, 63 => WasiErrno.NameTooLong, 78 => WasiErrno.NoSys, 66 => WasiErrno.NotEmpty,
            62 => WasiErrno.Loop, 45 => WasiErrno.NotSup, 102 => WasiErrno.NotSup, 69 => WasiErrno.Dquot,
            84 => WasiErrno.Overflow, _ => WasiErrno.Io,
        };
    }
}
