namespace Cilantro.Wasi;

/// <summary>WASI error numbers (<c>errno</c>), with the values of <c>wasi_snapshot_preview1</c> (also used by <c>wasi_unstable</c>).</summary>
public enum WasiErrno : ushort
{
#pragma warning disable CS1591 // the names are the spec's
    Success = 0, TooBig = 1, Acces = 2, AddrInUse = 3, AddrNotAvail = 4, AfNoSupport = 5, Again = 6, Already = 7,
    Badf = 8, BadMsg = 9, Busy = 10, Canceled = 11, Child = 12, ConnAborted = 13, ConnRefused = 14, ConnReset = 15,
    Deadlk = 16, DestAddrReq = 17, Dom = 18, Dquot = 19, Exist = 20, Fault = 21, Fbig = 22, HostUnreach = 23,
    Idrm = 24, Ilseq = 25, InProgress = 26, Intr = 27, Inval = 28, Io = 29, IsConn = 30, IsDir = 31, Loop = 32,
    Mfile = 33, Mlink = 34, MsgSize = 35, Multihop = 36, NameTooLong = 37, NetDown = 38, NetReset = 39,
    NetUnreach = 40, Nfile = 41, NoBufs = 42, NoDev = 43, NoEnt = 44, NoExec = 45, NoLck = 46, NoLink = 47,
    NoMem = 48, NoMsg = 49, NoProtoOpt = 50, NoSpc = 51, NoSys = 52, NotConn = 53, NotDir = 54, NotEmpty = 55,
    NotRecoverable = 56, NotSock = 57, NotSup = 58, NotTy = 59, Nxio = 60, Overflow = 61, OwnerDead = 62,
    Perm = 63, Pipe = 64, Proto = 65, ProtoNoSupport = 66, Prototype = 67, Range = 68, Rofs = 69, Spipe = 70,
    Srch = 71, Stale = 72, TimedOut = 73, TxtBsy = 74, Xdev = 75, NotCapable = 76,
#pragma warning restore CS1591
}

/// <summary>WASI file-descriptor rights (<c>rights</c>).</summary>
[Flags]
public enum WasiRights : ulong
{
#pragma warning disable CS1591
    None = 0,
    FdDatasync = 1UL << 0, FdRead = 1UL << 1, FdSeek = 1UL << 2, FdFdstatSetFlags = 1UL << 3, FdSync = 1UL << 4,
    FdTell = 1UL << 5, FdWrite = 1UL << 6, FdAdvise = 1UL << 7, FdAllocate = 1UL << 8,
    PathCreateDirectory = 1UL << 9, PathCreateFile = 1UL << 10, PathLinkSource = 1UL << 11,
    PathLinkTarget = 1UL << 12, PathOpen = 1UL << 13, FdReaddir = 1UL << 14, PathReadlink = 1UL << 15,
    PathRenameSource = 1UL << 16, PathRenameTarget = 1UL << 17, PathFilestatGet = 1UL << 18,
    PathFilestatSetSize = 1UL << 19, PathFilestatSetTimes = 1UL << 20, FdFilestatGet = 1UL << 21,
    FdFilestatSetSize = 1UL << 22, FdFilestatSetTimes = 1UL << 23, PathSymlink = 1UL << 24,
    PathRemoveDirectory = 1UL << 25, PathUnlinkFile = 1UL << 26, PollFdReadwrite = 1UL << 27,
    SockShutdown = 1UL << 28, SockAccept = 1UL << 29,
    /// <summary>Every right.</summary>
    All = (1UL << 30) - 1,
#pragma warning restore CS1591
}

/// <summary>WASI file types (<c>filetype</c>).</summary>
public enum WasiFileType : byte
{
#pragma warning disable CS1591
    Unknown = 0, BlockDevice = 1, CharacterDevice = 2, Directory = 3, RegularFile = 4, SocketDgram = 5,
    SocketStream = 6, SymbolicLink = 7,
#pragma warning restore CS1591
}

/// <summary>Constants of the WASI preview1 ABI.</summary>
internal static class WasiConst
{
    public const ushort FdflagAppend = 1, FdflagDsync = 2, FdflagNonblock = 4, FdflagRsync = 8, FdflagSync = 16;
    public const ushort OflagCreat = 1, OflagDirectory = 2, OflagExcl = 4, OflagTrunc = 8;
    public const uint LookupSymlinkFollow = 1;
    public const ushort FstAtim = 1, FstAtimNow = 2, FstMtim = 4, FstMtimNow = 8;
    public const byte EventClock = 0, EventFdRead = 1, EventFdWrite = 2;
    public const ushort SubclockAbstime = 1;
    public const int MaxSymlinks = 40;

    /// <summary>Rights meaningful on a regular file.</summary>
    public const WasiRights FileRights = WasiRights.FdDatasync | WasiRights.FdRead | WasiRights.FdSeek |
        WasiRights.FdFdstatSetFlags | WasiRights.FdSync | WasiRights.FdTell | WasiRights.FdWrite |
        WasiRights.FdAdvise | WasiRights.FdAllocate | WasiRights.FdFilestatGet | WasiRights.FdFilestatSetSize |
        WasiRights.FdFilestatSetTimes | WasiRights.PollFdReadwrite;

    /// <summary>Rights meaningful on a directory.</summary>
    public const WasiRights DirRights = WasiRights.FdFdstatSetFlags | WasiRights.FdSync | WasiRights.FdAdvise |
        WasiRights.PathCreateDirectory | WasiRights.PathCreateFile | WasiRights.PathLinkSource |
        WasiRights.PathLinkTarget | WasiRights.PathOpen | WasiRights.FdReaddir | WasiRights.PathReadlink |
        WasiRights.PathRenameSource | WasiRights.PathRenameTarget | WasiRights.PathFilestatGet |
        WasiRights.PathFilestatSetSize | WasiRights.PathFilestatSetTimes | WasiRights.FdFilestatGet |
        WasiRights.FdFilestatSetTimes | WasiRights.PathSymlink | WasiRights.PathRemoveDirectory |
        WasiRights.PathUnlinkFile | WasiRights.FdDatasync;

    /// <summary>Rights that change something (dropped from read-only preopens).</summary>
    public const WasiRights MutatingRights = WasiRights.FdDatasync | WasiRights.FdSync | WasiRights.FdWrite |
        WasiRights.FdAllocate | WasiRights.PathCreateDirectory | WasiRights.PathCreateFile |
        WasiRights.PathLinkSource | WasiRights.PathLinkTarget | WasiRights.PathRenameSource |
        WasiRights.PathRenameTarget | WasiRights.PathFilestatSetSize | WasiRights.PathFilestatSetTimes |
        WasiRights.FdFilestatSetSize | WasiRights.FdFilestatSetTimes | WasiRights.PathSymlink |
        WasiRights.PathRemoveDirectory | WasiRights.PathUnlinkFile | WasiRights.FdFdstatSetFlags;

    /// <summary>Rights of the standard streams.</summary>
    public const WasiRights StdioRights = WasiRights.FdRead | WasiRights.FdWrite | WasiRights.FdFdstatSetFlags |
        WasiRights.FdFilestatGet | WasiRights.PollFdReadwrite;

    /// <summary>Rights of an inherited socket.</summary>
    public const WasiRights SocketRights = WasiRights.FdRead | WasiRights.FdWrite | WasiRights.FdFdstatSetFlags |
        WasiRights.FdFilestatGet | WasiRights.PollFdReadwrite | WasiRights.SockShutdown | WasiRights.SockAccept;
}

/// <summary>Thrown by <c>proc_exit</c>: the guest asked to end with an exit code. It ends the guest, not the host.</summary>
public sealed class WasiExitException : Exception
{
    /// <summary>Creates the exception for an exit code.</summary>
    public WasiExitException(int exitCode) : base($"WASI proc_exit({exitCode})") => ExitCode = exitCode;

    /// <summary>The code the guest passed to <c>proc_exit</c>.</summary>
    public int ExitCode { get; }
}

/// <summary>Internal control flow: abort a WASI call with an errno (bad guest pointer, failed check).</summary>
internal sealed class WasiErrnoException(WasiErrno errno) : Exception(errno.ToString())
{
    public WasiErrno Errno { get; } = errno;
}
