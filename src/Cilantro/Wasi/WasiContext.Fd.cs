using System.Net.Sockets;
using System.Text;

namespace Cilantro.Wasi;

public sealed partial class WasiContext
{
    // ---------------------------------------------------------------- read / write

    /// <summary><c>fd_read(fd, iovs, iovs_len, nread_ptr)</c>.</summary>
    public WasiErrno FdRead(Span<byte> mem, int fd, int iovs, int iovsLen, int nreadPtr)
    {
        try
        {
            var e = Get(fd, WasiRights.FdRead);
            ulong total = ReadInto(mem, e, iovs, iovsLen, e.Position, out long advanced);
            if (e.Kind == FdKind.File) e.Position += advanced;
            WriteU32(mem, (uint)nreadPtr, (uint)total);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_pread(fd, iovs, iovs_len, offset, nread_ptr)</c>: reads at an offset without moving the position.</summary>
    public WasiErrno FdPread(Span<byte> mem, int fd, int iovs, int iovsLen, long offset, int nreadPtr)
    {
        try
        {
            var e = Get(fd, WasiRights.FdRead | WasiRights.FdSeek);
            if (e.Kind != FdKind.File) return e.Kind == FdKind.Directory ? WasiErrno.IsDir : WasiErrno.Spipe;
            if (offset < 0) return WasiErrno.Inval;
            ulong total = ReadInto(mem, e, iovs, iovsLen, offset, out _);
            WriteU32(mem, (uint)nreadPtr, (uint)total);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    private ulong ReadInto(Span<byte> mem, FdEntry e, int iovs, int iovsLen, long offset, out long advanced)
    {
        ulong total = 0;
        advanced = 0;
        CheckArray(mem, iovs, iovsLen, 8);
        // Validate every iovec before doing I/O, so a bad pointer cannot lose data.
        for (uint i = 0; i < (uint)iovsLen; i++)
            Mem(mem, ReadU32(mem, (uint)iovs + i * 8), ReadU32(mem, (uint)iovs + i * 8 + 4));
        for (uint i = 0; i < (uint)iovsLen; i++)
        {
            uint buf = ReadU32(mem, (uint)iovs + i * 8), len = ReadU32(mem, (uint)iovs + i * 8 + 4);
            var span = Mem(mem, buf, len);
            if (span.Length == 0) continue;
            int n;
            switch (e.Kind)
            {
                case FdKind.File:
                    n = RandomAccess.Read(e.Handle!, span, offset + advanced);
                    advanced += n;
                    break;
                case FdKind.Stdin:
                    n = e.Stream is null ? 0 : e.Stream.Read(span);
                    break;
                case FdKind.Socket:
                    n = e.Socket!.Receive(span);
                    break;
                case FdKind.Directory:
                    throw new WasiErrnoException(WasiErrno.IsDir);
                default:
                    throw new WasiErrnoException(WasiErrno.Badf);
            }
            total += (ulong)n;
            if (n < span.Length) break;
        }
        return total;
    }

    /// <summary><c>fd_write(fd, iovs, iovs_len, nwritten_ptr)</c>.</summary>
    public WasiErrno FdWrite(Span<byte> mem, int fd, int iovs, int iovsLen, int nwrittenPtr)
    {
        try
        {
            var e = Get(fd, WasiRights.FdWrite);
            long offset = e.Position;
            if (e.Kind == FdKind.File && (e.Flags & WasiConst.FdflagAppend) != 0) offset = RandomAccess.GetLength(e.Handle!);
            ulong total = WriteFrom(mem, e, iovs, iovsLen, offset);
            if (e.Kind == FdKind.File) e.Position = offset + (long)total;
            WriteU32(mem, (uint)nwrittenPtr, (uint)total);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_pwrite(fd, iovs, iovs_len, offset, nwritten_ptr)</c>: writes at an offset without moving the position.</summary>
    public WasiErrno FdPwrite(Span<byte> mem, int fd, int iovs, int iovsLen, long offset, int nwrittenPtr)
    {
        try
        {
            var e = Get(fd, WasiRights.FdWrite | WasiRights.FdSeek);
            if (e.Kind != FdKind.File) return e.Kind == FdKind.Directory ? WasiErrno.IsDir : WasiErrno.Spipe;
            if (offset < 0) return WasiErrno.Inval;
            ulong total = WriteFrom(mem, e, iovs, iovsLen, offset);
            WriteU32(mem, (uint)nwrittenPtr, (uint)total);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    private ulong WriteFrom(Span<byte> mem, FdEntry e, int iovs, int iovsLen, long offset)
    {
        ulong total = 0;
        CheckArray(mem, iovs, iovsLen, 8);
        for (uint i = 0; i < (uint)iovsLen; i++)
            Mem(mem, ReadU32(mem, (uint)iovs + i * 8), ReadU32(mem, (uint)iovs + i * 8 + 4));
        for (uint i = 0; i < (uint)iovsLen; i++)
        {
            uint buf = ReadU32(mem, (uint)iovs + i * 8), len = ReadU32(mem, (uint)iovs + i * 8 + 4);
            ReadOnlySpan<byte> span = Mem(mem, buf, len);
            if (span.Length == 0) continue;
            if (_writeBudget <= 0)
            {
                if (total > 0) break;
                throw new WasiErrnoException(WasiErrno.NoSpc);
            }
            if (span.Length > _writeBudget) span = span[..(int)_writeBudget];
            switch (e.Kind)
            {
                case FdKind.File:
                    long at = offset + (long)total;
                    if (at + span.Length > _config.MaxFileSize)
                    {
                        long room = _config.MaxFileSize - at;
                        if (room <= 0)
                        {
                            if (total > 0) return total;
                            throw new WasiErrnoException(WasiErrno.Fbig);
                        }
                        span = span[..(int)room];
                    }
                    RandomAccess.Write(e.Handle!, span, at);
                    break;
                case FdKind.Stdout:
                case FdKind.Stderr:
                    if (e.Stream is not null) { e.Stream.Write(span); e.Stream.Flush(); }
                    break;
                case FdKind.Socket:
                    span = span[..e.Socket!.Send(span)];
                    break;
                case FdKind.Directory:
                    throw new WasiErrnoException(WasiErrno.IsDir);
                default:
                    throw new WasiErrnoException(WasiErrno.Badf);
            }
            _writeBudget -= span.Length;
            total += (ulong)span.Length;
            if (span.Length < len) break;
        }
        return total;
    }

    // ---------------------------------------------------------------- position

    /// <summary><c>fd_seek(fd, offset, whence, newoffset_ptr)</c> with preview1 whence values (set 0, cur 1, end 2).</summary>
    public WasiErrno FdSeek(Span<byte> mem, int fd, long offset, int whence, int newOffsetPtr) =>
        Seek(mem, fd, offset, whence switch { 0 => 0, 1 => 1, 2 => 2, _ => -1 }, newOffsetPtr);

    /// <summary><c>wasi_unstable.fd_seek</c>: preview0 whence values (cur 0, end 1, set 2).</summary>
    public WasiErrno FdSeekUnstable(Span<byte> mem, int fd, long offset, int whence, int newOffsetPtr) =>
        Seek(mem, fd, offset, whence switch { 0 => 1, 1 => 2, 2 => 0, _ => -1 }, newOffsetPtr);

    private WasiErrno Seek(Span<byte> mem, int fd, long offset, int whence, int newOffsetPtr)
    {
        try
        {
            var e = Get(fd);
            if (e.Kind is FdKind.Stdin or FdKind.Stdout or FdKind.Stderr or FdKind.Socket) return WasiErrno.Spipe;
            var need = offset == 0 && whence == 1 ? WasiRights.FdTell : WasiRights.FdSeek;
            if ((e.Base & (need | WasiRights.FdSeek)) == 0) return WasiErrno.NotCapable;
            if (e.Kind != FdKind.File) return e.Kind == FdKind.Directory ? WasiErrno.IsDir : WasiErrno.Spipe;
            long basePos = whence switch
            {
                0 => 0,
                1 => e.Position,
                2 => RandomAccess.GetLength(e.Handle!),
                _ => throw new WasiErrnoException(WasiErrno.Inval),
            };
            long pos;
            try { pos = checked(basePos + offset); }
            catch (OverflowException) { return WasiErrno.Inval; }
            if (pos < 0) return WasiErrno.Inval;
            WriteU64(mem, (uint)newOffsetPtr, (ulong)pos);
            e.Position = pos;
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_tell(fd, offset_ptr)</c>.</summary>
    public WasiErrno FdTell(Span<byte> mem, int fd, int offsetPtr)
    {
        try
        {
            var e = Get(fd, WasiRights.FdTell);
            if (e.Kind != FdKind.File) return e.Kind == FdKind.Directory ? WasiErrno.IsDir : WasiErrno.Spipe;
            WriteU64(mem, (uint)offsetPtr, (ulong)e.Position);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    // ---------------------------------------------------------------- sync, advise, allocate, close

    /// <summary><c>fd_sync(fd)</c>.</summary>
    public WasiErrno FdSync(int fd) => Sync(fd, WasiRights.FdSync);
    /// <summary><c>fd_datasync(fd)</c>.</summary>
    public WasiErrno FdDatasync(int fd) => Sync(fd, WasiRights.FdDatasync);

    private WasiErrno Sync(int fd, WasiRights right)
    {
        try
        {
            var e = Get(fd, right);
            if (e.Kind == FdKind.File) RandomAccess.FlushToDisk(e.Handle!);
            else if (e.Kind is FdKind.Stdout or FdKind.Stderr) e.Stream?.Flush();
            else if (e.Kind != FdKind.Directory) return WasiErrno.Inval;
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_advise(fd, offset, len, advice)</c>: checked, then ignored (advice only).</summary>
    public WasiErrno FdAdvise(int fd, long offset, long len, int advice)
    {
        try
        {
            var e = Get(fd, WasiRights.FdAdvise);
            if (advice is < 0 or > 5 || offset < 0 || len < 0) return WasiErrno.Inval;
            if (e.Kind == FdKind.Directory) return WasiErrno.IsDir;
            if (e.Kind != FdKind.File) return WasiErrno.Spipe;
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_allocate(fd, offset, len)</c>: grows the file to at least <c>offset + len</c>.</summary>
    public WasiErrno FdAllocate(int fd, long offset, long len)
    {
        try
        {
            var e = Get(fd, WasiRights.FdAllocate);
            if (e.Kind == FdKind.Directory) return WasiErrno.IsDir;
            if (e.Kind != FdKind.File) return WasiErrno.Spipe;
            if (offset < 0 || len <= 0) return WasiErrno.Inval;
            long end;
            try { end = checked(offset + len); }
            catch (OverflowException) { return WasiErrno.Fbig; }
            if (end > _config.MaxFileSize) return WasiErrno.Fbig;
            if (RandomAccess.GetLength(e.Handle!) < end) RandomAccess.SetLength(e.Handle!, end);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_close(fd)</c>.</summary>
    public WasiErrno FdClose(int fd)
    {
        try
        {
            var e = Get(fd);
            _fds[fd] = null;
            e.Handle?.Dispose();
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_renumber(from, to)</c>: moves <paramref name="from"/> onto <paramref name="to"/> (which must be open), closing it.</summary>
    public WasiErrno FdRenumber(int from, int to)
    {
        try
        {
            var e = Get(from);
            var target = Get(to);
            if (from == to) return WasiErrno.Success;
            target.Handle?.Dispose();
            _fds[to] = e;
            _fds[from] = null;
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    // ---------------------------------------------------------------- fdstat, filestat

    /// <summary><c>fd_fdstat_get(fd, fdstat_ptr)</c>.</summary>
    public WasiErrno FdFdstatGet(Span<byte> mem, int fd, int statPtr)
    {
        try
        {
            var e = Get(fd);
            var s = Mem(mem, (uint)statPtr, 24);
            s.Clear();
            s[0] = (byte)e.FileType;
            WriteU16(mem, (uint)statPtr + 2, e.Flags);
            WriteU64(mem, (uint)statPtr + 8, (ulong)e.Base);
            WriteU64(mem, (uint)statPtr + 16, (ulong)e.Inheriting);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_fdstat_set_flags(fd, flags)</c>: append and nonblock may change; the sync flags are not supported.</summary>
    public WasiErrno FdFdstatSetFlags(int fd, int flags)
    {
        try
        {
            var e = Get(fd, WasiRights.FdFdstatSetFlags);
            if ((flags & ~0x1F) != 0) return WasiErrno.Inval;
            if ((flags & (WasiConst.FdflagDsync | WasiConst.FdflagRsync | WasiConst.FdflagSync)) != 0) return WasiErrno.NotSup;
            e.Flags = (ushort)flags;
            if (e.Socket is not null) e.Socket.Blocking = (flags & WasiConst.FdflagNonblock) == 0;
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_fdstat_set_rights(fd, base, inheriting)</c>: rights can only be dropped.</summary>
    public WasiErrno FdFdstatSetRights(int fd, long rightsBase, long rightsInheriting)
    {
        try
        {
            var e = Get(fd);
            var b = (WasiRights)rightsBase;
            var i = (WasiRights)rightsInheriting;
            if ((b & ~e.Base) != 0 || (i & ~e.Inheriting) != 0) return WasiErrno.NotCapable;
            e.Base = b;
            e.Inheriting = i;
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_filestat_get(fd, filestat_ptr)</c> (preview1 layout, 64 bytes).</summary>
    public WasiErrno FdFilestatGet(Span<byte> mem, int fd, int statPtr) => FilestatGet(mem, fd, statPtr, false);

    /// <summary><c>wasi_unstable.fd_filestat_get</c> (preview0 layout, 56 bytes, 32-bit link count).</summary>
    public WasiErrno FdFilestatGetUnstable(Span<byte> mem, int fd, int statPtr) => FilestatGet(mem, fd, statPtr, true);

    private WasiErrno FilestatGet(Span<byte> mem, int fd, int statPtr, bool preview0)
    {
        try
        {
            var e = Get(fd, WasiRights.FdFilestatGet);
            HostStat st;
            switch (e.Kind)
            {
                case FdKind.File:
                {
                    var err = HostFs.FStat(e.Handle!, e.HostPath, out st);
                    if (err != WasiErrno.Success) return err;
                    break;
                }
                case FdKind.Directory:
                {
                    string path = CheckedDirPath(e);
                    if (!HostFs.TryStat(path, false, out st, out var err)) return err;
                    break;
                }
                default:
                    st = new HostStat { Type = e.FileType, Nlink = 1 };
                    break;
            }
            WriteFilestat(mem, (uint)statPtr, st, preview0);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    private static void WriteFilestat(Span<byte> mem, uint p, in HostStat st, bool preview0)
    {
        var s = Mem(mem, p, preview0 ? 56u : 64u);
        s.Clear();
        WriteU64(mem, p, st.Dev);
        WriteU64(mem, p + 8, st.Ino);
        s[16] = (byte)st.Type;
        if (preview0)
        {
            WriteU32(mem, p + 20, (uint)st.Nlink);
            WriteU64(mem, p + 24, st.Size);
            WriteU64(mem, p + 32, st.Atim);
            WriteU64(mem, p + 40, st.Mtim);
            WriteU64(mem, p + 48, st.Ctim);
        }
        else
        {
            WriteU64(mem, p + 24, st.Nlink);
            WriteU64(mem, p + 32, st.Size);
            WriteU64(mem, p + 40, st.Atim);
            WriteU64(mem, p + 48, st.Mtim);
            WriteU64(mem, p + 56, st.Ctim);
        }
    }

    /// <summary><c>fd_filestat_set_size(fd, size)</c>.</summary>
    public WasiErrno FdFilestatSetSize(int fd, long size)
    {
        try
        {
            var e = Get(fd, WasiRights.FdFilestatSetSize);
            if (e.Kind == FdKind.Directory) return WasiErrno.IsDir;
            if (e.Kind != FdKind.File) return WasiErrno.Inval;
            if (size < 0) return WasiErrno.Inval;
            if (size > _config.MaxFileSize) return WasiErrno.Fbig;
            RandomAccess.SetLength(e.Handle!, size);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_filestat_set_times(fd, atim, mtim, fst_flags)</c>.</summary>
    public WasiErrno FdFilestatSetTimes(int fd, long atim, long mtim, int fstFlags)
    {
        try
        {
            var e = Get(fd, WasiRights.FdFilestatSetTimes);
            if (!TimesFromFlags(atim, mtim, fstFlags, out var a, out var m)) return WasiErrno.Inval;
            return e.Kind switch
            {
                FdKind.File => HostFs.SetTimes(e.Handle!, a, m),
                FdKind.Directory => HostFs.SetTimes(CheckedDirPath(e), true, a, m),
                _ => WasiErrno.Badf,
            };
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    private static bool TimesFromFlags(long atim, long mtim, int flags, out ulong? a, out ulong? m)
    {
        a = m = null;
        if ((flags & ~0xF) != 0) return false;
        if ((flags & WasiConst.FstAtim) != 0 && (flags & WasiConst.FstAtimNow) != 0) return false;
        if ((flags & WasiConst.FstMtim) != 0 && (flags & WasiConst.FstMtimNow) != 0) return false;
        if ((flags & WasiConst.FstAtim) != 0) a = (ulong)atim == ulong.MaxValue ? ulong.MaxValue - 1 : (ulong)atim;
        if ((flags & WasiConst.FstAtimNow) != 0) a = ulong.MaxValue;
        if ((flags & WasiConst.FstMtim) != 0) m = (ulong)mtim == ulong.MaxValue ? ulong.MaxValue - 1 : (ulong)mtim;
        if ((flags & WasiConst.FstMtimNow) != 0) m = ulong.MaxValue;
        return true;
    }

    // ---------------------------------------------------------------- preopens, readdir

    /// <summary><c>fd_prestat_get(fd, prestat_ptr)</c>.</summary>
    public WasiErrno FdPrestatGet(Span<byte> mem, int fd, int prestatPtr)
    {
        try
        {
            var e = Get(fd);
            if (e.PreopenName is null) return WasiErrno.Badf;
            Mem(mem, (uint)prestatPtr, 8).Clear();
            WriteU32(mem, (uint)prestatPtr + 4, (uint)Encoding.UTF8.GetByteCount(e.PreopenName));
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_prestat_dir_name(fd, path, path_len)</c>.</summary>
    public WasiErrno FdPrestatDirName(Span<byte> mem, int fd, int pathPtr, int pathLen)
    {
        try
        {
            var e = Get(fd);
            if (e.PreopenName is null) return WasiErrno.Badf;
            var name = Encoding.UTF8.GetBytes(e.PreopenName);
            if ((uint)pathLen < (uint)name.Length) return WasiErrno.NameTooLong;
            name.CopyTo(Mem(mem, (uint)pathPtr, (uint)name.Length));
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>fd_readdir(fd, buf, buf_len, cookie, bufused_ptr)</c>: entries in a stable order, <c>.</c> and <c>..</c> first; the cookie is an index.</summary>
    public WasiErrno FdReaddir(Span<byte> mem, int fd, int buf, int bufLen, long cookie, int bufUsedPtr)
    {
        try
        {
            var e = Get(fd, WasiRights.FdReaddir);
            if (e.Kind != FdKind.Directory) return WasiErrno.NotDir;
            string dir = CheckedDirPath(e);
            var names = new List<string>();
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir)) names.Add(Path.GetFileName(entry));
            names.Sort(StringComparer.Ordinal);
            names.Insert(0, "..");
            names.Insert(0, ".");
            var outBuf = Mem(mem, (uint)buf, (uint)bufLen);
            int used = 0;
            Span<byte> header = stackalloc byte[24];
            for (long i = cookie < 0 ? 0 : cookie; i < names.Count && used < outBuf.Length; i++)
            {
                string name = names[(int)i];
                string hostPath = name == "." ? dir : name == ".." ? (e.Comps.Length == 0 ? dir : Path.GetDirectoryName(dir)!) : dir + "/" + name;
                HostFs.TryStat(hostPath, false, out var st, out _);
                var nameBytes = Encoding.UTF8.GetBytes(name);
                header.Clear();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)(i + 1));
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header[8..], st.Ino);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)nameBytes.Length);
                header[20] = (byte)st.Type;
                int n = Math.Min(24, outBuf.Length - used);
                header[..n].CopyTo(outBuf[used..]);
                used += n;
                n = Math.Min(nameBytes.Length, outBuf.Length - used);
                nameBytes.AsSpan(0, n).CopyTo(outBuf[used..]);
                used += n;
            }
            WriteU32(mem, (uint)bufUsedPtr, (uint)used);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    // ---------------------------------------------------------------- sockets

    private FdEntry GetSocket(int fd, WasiRights right)
    {
        var e = Get(fd);
        if (e.Kind != FdKind.Socket) throw new WasiErrnoException(WasiErrno.NotSock);
        if ((e.Base & right) != right) throw new WasiErrnoException(WasiErrno.NotCapable);
        return e;
    }

    /// <summary><c>sock_accept(fd, flags, fd_ptr)</c> on an inherited listening socket.</summary>
    public WasiErrno SockAccept(Span<byte> mem, int fd, int flags, int fdPtr)
    {
        try
        {
            var e = GetSocket(fd, WasiRights.SockAccept);
            if ((flags & ~WasiConst.FdflagNonblock) != 0) return WasiErrno.Inval;
            Mem(mem, (uint)fdPtr, 4);
            if ((e.Flags & WasiConst.FdflagNonblock) != 0 && !e.Socket!.Poll(0, SelectMode.SelectRead)) return WasiErrno.Again;
            var s = e.Socket!.Accept();
            s.Blocking = (flags & WasiConst.FdflagNonblock) == 0;
            int n = Allocate(new FdEntry
            {
                Kind = FdKind.Socket, Socket = s, Flags = (ushort)flags,
                Base = WasiConst.SocketRights & ~WasiRights.SockAccept, Inheriting = 0,
            });
            WriteU32(mem, (uint)fdPtr, (uint)n);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr)</c>.</summary>
    public WasiErrno SockRecv(Span<byte> mem, int fd, int riData, int riDataLen, int riFlags, int roDataLenPtr, int roFlagsPtr)
    {
        try
        {
            var e = GetSocket(fd, WasiRights.FdRead);
            if ((riFlags & ~3) != 0) return WasiErrno.Inval;
            CheckArray(mem, riData, riDataLen, 8);
            var sf = SocketFlags.None;
            if ((riFlags & 1) != 0) sf |= SocketFlags.Peek;
            ulong total = 0;
            for (uint i = 0; i < (uint)riDataLen; i++)
            {
                var span = Mem(mem, ReadU32(mem, (uint)riData + i * 8), ReadU32(mem, (uint)riData + i * 8 + 4));
                if (span.Length == 0) continue;
                int n = e.Socket!.Receive(span, sf);
                total += (ulong)n;
                if (n < span.Length || (riFlags & 1) != 0) break;
            }
            WriteU32(mem, (uint)roDataLenPtr, (uint)total);
            WriteU16(mem, (uint)roFlagsPtr, 0);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>sock_send(fd, si_data, si_data_len, si_flags, so_datalen_ptr)</c>.</summary>
    public WasiErrno SockSend(Span<byte> mem, int fd, int siData, int siDataLen, int siFlags, int soDataLenPtr)
    {
        try
        {
            var e = GetSocket(fd, WasiRights.FdWrite);
            if (siFlags != 0) return WasiErrno.Inval;
            ulong total = WriteFrom(mem, e, siData, siDataLen, 0);
            WriteU32(mem, (uint)soDataLenPtr, (uint)total);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>sock_shutdown(fd, how)</c>: how is 1 (read), 2 (write) or 3 (both).</summary>
    public WasiErrno SockShutdown(int fd, int how)
    {
        try
        {
            var e = GetSocket(fd, WasiRights.SockShutdown);
            var sd = how switch
            {
                1 => SocketShutdown.Receive,
                2 => SocketShutdown.Send,
                3 => SocketShutdown.Both,
                _ => throw new WasiErrnoException(WasiErrno.Inval),
            };
            e.Socket!.Shutdown(sd);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }
}
