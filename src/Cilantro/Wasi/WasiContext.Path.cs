using System.Text;

namespace Cilantro.Wasi;

/// <summary>A guest path resolved below a directory fd: the real parent directory and the final name.</summary>
internal struct ResolvedPath
{
    public string Root;
    /// <summary>Components of the parent directory from the root; each one checked to be a real directory.</summary>
    public List<string> Parent;
    /// <summary>The final name, or null when the path names the parent directory itself (<c>.</c>, <c>a/..</c>).</summary>
    public string? Name;
    public bool Trailing;
    public bool Exists;
    public HostStat Stat;
    public bool ReadOnly;

    public readonly string ParentPath => Parent.Count == 0 ? Root : Root + "/" + string.Join('/', Parent);
    public readonly string HostPath => Name is null ? ParentPath : ParentPath + "/" + Name;
    public readonly string[] Comps
    {
        get
        {
            var list = new List<string>(Parent);
            if (Name is not null) list.Add(Name);
            return [.. list];
        }
    }
}

public sealed partial class WasiContext
{
    // ---------------------------------------------------------------- the sandbox

    /// <summary>Checks that every component from the preopen root to a directory fd is still a real directory (not a symlink).</summary>
    private static string CheckedDirPath(FdEntry e)
    {
        string cur = e.Root;
        foreach (var c in e.Comps)
        {
            cur = cur + "/" + c;
            if (!HostFs.TryStat(cur, false, out var st, out var err))
                throw new WasiErrnoException(err == WasiErrno.Success ? WasiErrno.NoEnt : err);
            if (st.Type != WasiFileType.Directory) throw new WasiErrnoException(WasiErrno.NoEnt);
        }
        return cur;
    }

    /// <summary>
    /// Resolves <paramref name="path"/> below the directory fd <paramref name="dir"/> entirely in user space: component by
    /// component, <c>..</c> never above the fd's directory, absolute paths refused, symlinks read and spliced in by us (never
    /// by the OS) with a loop limit, absolute symlink targets refused. The final component is followed only when
    /// <paramref name="followFinal"/> (or the path ends with a slash).
    /// </summary>
    private static ResolvedPath Resolve(FdEntry dir, string path, bool followFinal)
    {
        if (dir.Kind != FdKind.Directory) throw new WasiErrnoException(WasiErrno.NotDir);
        if (path.Length == 0) throw new WasiErrnoException(WasiErrno.NoEnt);
        if (path.Contains('\0')) throw new WasiErrnoException(WasiErrno.Ilseq);
        if (path[0] == '/') throw new WasiErrnoException(WasiErrno.NotCapable);
        CheckedDirPath(dir);

        var stack = new List<string>(dir.Comps);
        int floor = stack.Count;
        bool trailing = path.EndsWith('/') || path.EndsWith("/.") || path == ".";
        var pending = new Stack<string>();
        PushComponents(pending, path);
        int links = 0;
        var r = new ResolvedPath { Root = dir.Root, ReadOnly = dir.ReadOnlyTree, Exists = true };
        r.Stat.Type = WasiFileType.Directory;
        while (pending.Count > 0)
        {
            string c = pending.Pop();
            bool last = pending.Count == 0;
            if (c == "..")
            {
                if (stack.Count == floor) throw new WasiErrnoException(WasiErrno.NotCapable);
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            if (Encoding.UTF8.GetByteCount(c) > 255) throw new WasiErrnoException(WasiErrno.NameTooLong);
            string hostPath = Join(dir.Root, stack, c);
            if (!HostFs.TryStat(hostPath, false, out var st, out var err))
            {
                if (err != WasiErrno.NoEnt) throw new WasiErrnoException(err);
                if (!last) throw new WasiErrnoException(WasiErrno.NoEnt);
                r.Parent = stack;
                r.Name = c;
                r.Exists = false;
                r.Stat = default;
                r.Trailing = trailing;
                return r;
            }
            if (st.Type == WasiFileType.SymbolicLink && (!last || followFinal || trailing))
            {
                if (++links > WasiConst.MaxSymlinks) throw new WasiErrnoException(WasiErrno.Loop);
                string? target = new FileInfo(hostPath).LinkTarget;
                if (string.IsNullOrEmpty(target)) throw new WasiErrnoException(WasiErrno.NoEnt);
                if (target[0] == '/') throw new WasiErrnoException(WasiErrno.NotCapable);
                if (last && (target.EndsWith('/') || target.EndsWith("/.") || target == ".")) trailing = true;
                PushComponents(pending, target);
                continue;
            }
            if (last)
            {
                r.Parent = stack;
                r.Name = c;
                r.Stat = st;
                r.Trailing = trailing;
                if (trailing && st.Type != WasiFileType.Directory) throw new WasiErrnoException(WasiErrno.NotDir);
                return r;
            }
            if (st.Type != WasiFileType.Directory) throw new WasiErrnoException(WasiErrno.NotDir);
            stack.Add(c);
        }
        // The path names a directory reached by ".." or a symlink to "." : the directory on top of the stack.
        r.Parent = stack;
        r.Name = null;
        r.Trailing = true;
        if (!HostFs.TryStat(r.HostPath, false, out r.Stat, out var e2)) throw new WasiErrnoException(e2);
        return r;
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            if (parts[i].Length == 0 || parts[i] == ".") continue;
            pending.Push(parts[i]);
        }
    }

    private static string Join(string root, List<string> stack, string name)
    {
        var sb = new StringBuilder(root);
        foreach (var s in stack) sb.Append('/').Append(s);
        return sb.Append('/').Append(name).ToString();
    }

    private static void CheckWritable(in ResolvedPath r)
    {
        if (r.ReadOnly) throw new WasiErrnoException(WasiErrno.Rofs);
    }

    // ---------------------------------------------------------------- path_open

    /// <summary><c>path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, fd_ptr)</c>.</summary>
    public WasiErrno PathOpen(Span<byte> mem, int fd, int dirflags, int pathPtr, int pathLen, int oflags,
        long rightsBase, long rightsInheriting, int fdflags, int fdPtr)
    {
        try
        {
            var dir = Get(fd, WasiRights.PathOpen);
            string path = ReadPath(mem, pathPtr, pathLen);
            Mem(mem, (uint)fdPtr, 4);
            if ((oflags & ~0xF) != 0 || (fdflags & ~0x1F) != 0) return WasiErrno.Inval;
            bool creat = (oflags & WasiConst.OflagCreat) != 0, excl = (oflags & WasiConst.OflagExcl) != 0;
            bool trunc = (oflags & WasiConst.OflagTrunc) != 0, wantDir = (oflags & WasiConst.OflagDirectory) != 0;
            if (creat && (dir.Base & WasiRights.PathCreateFile) == 0) return WasiErrno.NotCapable;
            if (trunc && (dir.Base & WasiRights.PathFilestatSetSize) == 0) return WasiErrno.NotCapable;
            var requested = (WasiRights)rightsBase;
            var requestedInh = (WasiRights)rightsInheriting;

            var r = Resolve(dir, path, (dirflags & WasiConst.LookupSymlinkFollow) != 0);
            if (r.Exists)
            {
                if (creat && excl) return WasiErrno.Exist;
                if (r.Stat.Type == WasiFileType.SymbolicLink) return wantDir ? WasiErrno.NotDir : WasiErrno.Loop;
                if (r.Stat.Type == WasiFileType.Directory)
                {
                    if (trunc || (requested & WasiRights.FdWrite) != 0 || (fdflags & WasiConst.FdflagAppend) != 0)
                        return WasiErrno.IsDir;
                    CheckedDirPath(new FdEntry { Root = r.Root, Comps = r.Comps });
                    var entry = new FdEntry
                    {
                        Kind = FdKind.Directory, Root = r.Root, Comps = r.Comps, ReadOnlyTree = r.ReadOnly,
                        Base = requested & dir.Inheriting & WasiConst.DirRights,
                        Inheriting = requestedInh & dir.Inheriting, Flags = (ushort)fdflags,
                    };
                    WriteU32(mem, (uint)fdPtr, (uint)Allocate(entry));
                    return WasiErrno.Success;
                }
                if (wantDir) return WasiErrno.NotDir;
            }
            else
            {
                if (!creat) return WasiErrno.NoEnt;
                if (wantDir) return WasiErrno.Inval;
                if (r.Trailing) return WasiErrno.IsDir;
                CheckWritable(r);
            }
            if (r.Name is null) return WasiErrno.IsDir;

            var fileRights = requested & dir.Inheriting & WasiConst.FileRights;
            bool write = (fileRights & (WasiRights.FdWrite | WasiRights.FdAllocate | WasiRights.FdFilestatSetSize)) != 0
                || trunc || (fdflags & WasiConst.FdflagAppend) != 0;
            if (write) CheckWritable(r);
            bool read = (fileRights & (WasiRights.FdRead | WasiRights.FdReaddir)) != 0 || !write;
            var access = read && write ? FileAccess.ReadWrite : write ? FileAccess.Write : FileAccess.Read;
            FileMode mode = creat ? (excl ? FileMode.CreateNew : trunc ? FileMode.Create : FileMode.OpenOrCreate)
                : trunc ? FileMode.Truncate : FileMode.Open;
            if (access == FileAccess.Read && mode is FileMode.Create or FileMode.Truncate)
                access = FileAccess.ReadWrite;
            if (access == FileAccess.Read && mode is FileMode.OpenOrCreate or FileMode.CreateNew && !r.Exists)
            {
                // Create the file, then reopen read-only.
                File.OpenHandle(r.HostPath, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete).Dispose();
                mode = FileMode.Open;
            }
            var options = (fdflags & (WasiConst.FdflagSync | WasiConst.FdflagDsync | WasiConst.FdflagRsync)) != 0
                ? FileOptions.WriteThrough : FileOptions.None;
            var handle = File.OpenHandle(r.HostPath, mode, access, FileShare.ReadWrite | FileShare.Delete, options);
            var fileEntry = new FdEntry
            {
                Kind = FdKind.File, Root = r.Root, Comps = r.Comps, ReadOnlyTree = r.ReadOnly, Handle = handle,
                Base = fileRights, Inheriting = requestedInh & dir.Inheriting & WasiConst.FileRights, Flags = (ushort)fdflags,
            };
            int newFd;
            try { newFd = Allocate(fileEntry); }
            catch { handle.Dispose(); throw; }
            WriteU32(mem, (uint)fdPtr, (uint)newFd);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    // ---------------------------------------------------------------- directories, files, links

    /// <summary><c>path_create_directory(fd, path, path_len)</c>.</summary>
    public WasiErrno PathCreateDirectory(Span<byte> mem, int fd, int pathPtr, int pathLen)
    {
        try
        {
            var dir = Get(fd, WasiRights.PathCreateDirectory);
            var r = Resolve(dir, ReadPath(mem, pathPtr, pathLen), false);
            if (r.Exists) return WasiErrno.Exist;
            CheckWritable(r);
            Directory.CreateDirectory(r.HostPath);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>path_remove_directory(fd, path, path_len)</c>.</summary>
    public WasiErrno PathRemoveDirectory(Span<byte> mem, int fd, int pathPtr, int pathLen)
    {
        try
        {
            var dir = Get(fd, WasiRights.PathRemoveDirectory);
            var r = Resolve(dir, ReadPath(mem, pathPtr, pathLen), false);
            if (r.Name is null) return WasiErrno.Inval;
            if (!r.Exists) return WasiErrno.NoEnt;
            if (r.Stat.Type != WasiFileType.Directory) return WasiErrno.NotDir;
            CheckWritable(r);
            if (Directory.EnumerateFileSystemEntries(r.HostPath).Any()) return WasiErrno.NotEmpty;
            Directory.Delete(r.HostPath, false);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>path_unlink_file(fd, path, path_len)</c>: removes a file or symlink (never follows it).</summary>
    public WasiErrno PathUnlinkFile(Span<byte> mem, int fd, int pathPtr, int pathLen)
    {
        try
        {
            var dir = Get(fd, WasiRights.PathUnlinkFile);
            var r = Resolve(dir, ReadPath(mem, pathPtr, pathLen), false);
            if (r.Name is null) return WasiErrno.IsDir;
            if (!r.Exists) return WasiErrno.NoEnt;
            if (r.Stat.Type == WasiFileType.Directory) return WasiErrno.IsDir;
            CheckWritable(r);
            File.Delete(r.HostPath);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>path_rename(fd, old_path, old_path_len, new_fd, new_path, new_path_len)</c>.</summary>
    public WasiErrno PathRename(Span<byte> mem, int fd, int oldPtr, int oldLen, int newFd, int newPtr, int newLen)
    {
        try
        {
            var src = Get(fd, WasiRights.PathRenameSource);
            var dst = Get(newFd, WasiRights.PathRenameTarget);
            string oldPath = ReadPath(mem, oldPtr, oldLen), newPath = ReadPath(mem, newPtr, newLen);
            var a = Resolve(src, oldPath, false);
            if (a.Name is null) return WasiErrno.Busy;
            if (!a.Exists) return WasiErrno.NoEnt;
            var b = Resolve(dst, newPath, false);
            if (b.Name is null) return WasiErrno.Busy;
            if (b.Trailing && a.Stat.Type != WasiFileType.Directory) return WasiErrno.NotDir;
            if (a.Trailing && a.Stat.Type != WasiFileType.Directory) return WasiErrno.NotDir;
            if (b.Exists)
            {
                if (a.Stat.Type == WasiFileType.Directory && b.Stat.Type != WasiFileType.Directory) return WasiErrno.NotDir;
                if (a.Stat.Type != WasiFileType.Directory && b.Stat.Type == WasiFileType.Directory) return WasiErrno.IsDir;
            }
            CheckWritable(a);
            CheckWritable(b);
            return HostFs.Rename(a.HostPath, b.HostPath);
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>path_link(old_fd, old_flags, old_path, old_path_len, new_fd, new_path, new_path_len)</c>: a hard link inside the sandbox.</summary>
    public WasiErrno PathLink(Span<byte> mem, int oldFd, int oldFlags, int oldPtr, int oldLen, int newFd, int newPtr, int newLen)
    {
        try
        {
            var src = Get(oldFd, WasiRights.PathLinkSource);
            var dst = Get(newFd, WasiRights.PathLinkTarget);
            string oldPath = ReadPath(mem, oldPtr, oldLen), newPath = ReadPath(mem, newPtr, newLen);
            var a = Resolve(src, oldPath, (oldFlags & WasiConst.LookupSymlinkFollow) != 0);
            if (!a.Exists) return WasiErrno.NoEnt;
            if (a.Name is null || a.Stat.Type == WasiFileType.Directory) return WasiErrno.Perm;
            var b = Resolve(dst, newPath, false);
            if (b.Exists || b.Name is null) return WasiErrno.Exist;
            if (b.Trailing) return WasiErrno.NoEnt;
            CheckWritable(b);
            return HostFs.Link(a.HostPath, b.HostPath);
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>path_symlink(old_path, old_path_len, fd, new_path, new_path_len)</c>. Absolute targets are refused.</summary>
    public WasiErrno PathSymlink(Span<byte> mem, int oldPtr, int oldLen, int fd, int newPtr, int newLen)
    {
        try
        {
            string target = ReadPath(mem, oldPtr, oldLen);
            var dir = Get(fd, WasiRights.PathSymlink);
            string newPath = ReadPath(mem, newPtr, newLen);
            if (target.Contains('\0')) return WasiErrno.Ilseq;
            var b = Resolve(dir, newPath, false);
            if (b.Exists || b.Name is null) return WasiErrno.Exist;
            if (b.Trailing) return WasiErrno.NoEnt;
            if (target.Length == 0) return WasiErrno.NoEnt;
            if (target[0] == '/') return WasiErrno.NotCapable;
            // Defence in depth for host tools that might later follow the link: a target that climbs above the
            // preopen (lexically, from the link's own folder) is refused; the guest could never follow it anyway.
            int depth = b.Parent.Count;
            foreach (var part in target.Split('/'))
            {
                if (part == "..") { if (--depth < 0) return WasiErrno.NotCapable; }
                else if (part.Length > 0 && part != ".") depth++;
            }
            CheckWritable(b);
            File.CreateSymbolicLink(b.HostPath, target);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr)</c>.</summary>
    public WasiErrno PathReadlink(Span<byte> mem, int fd, int pathPtr, int pathLen, int buf, int bufLen, int bufUsedPtr)
    {
        try
        {
            var dir = Get(fd, WasiRights.PathReadlink);
            var r = Resolve(dir, ReadPath(mem, pathPtr, pathLen), false);
            if (!r.Exists) return WasiErrno.NoEnt;
            if (r.Stat.Type != WasiFileType.SymbolicLink) return WasiErrno.Inval;
            var bytes = Encoding.UTF8.GetBytes(new FileInfo(r.HostPath).LinkTarget ?? "");
            var dest = Mem(mem, (uint)buf, (uint)bufLen);
            int n = Math.Min(bytes.Length, dest.Length);
            bytes.AsSpan(0, n).CopyTo(dest);
            WriteU32(mem, (uint)bufUsedPtr, (uint)n);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>path_filestat_get(fd, flags, path, path_len, filestat_ptr)</c> (preview1 layout).</summary>
    public WasiErrno PathFilestatGet(Span<byte> mem, int fd, int flags, int pathPtr, int pathLen, int statPtr) =>
        PathFilestat(mem, fd, flags, pathPtr, pathLen, statPtr, false);

    /// <summary><c>wasi_unstable.path_filestat_get</c> (preview0 layout).</summary>
    public WasiErrno PathFilestatGetUnstable(Span<byte> mem, int fd, int flags, int pathPtr, int pathLen, int statPtr) =>
        PathFilestat(mem, fd, flags, pathPtr, pathLen, statPtr, true);

    private WasiErrno PathFilestat(Span<byte> mem, int fd, int flags, int pathPtr, int pathLen, int statPtr, bool preview0)
    {
        try
        {
            var dir = Get(fd, WasiRights.PathFilestatGet);
            var r = Resolve(dir, ReadPath(mem, pathPtr, pathLen), (flags & WasiConst.LookupSymlinkFollow) != 0);
            if (!r.Exists) return WasiErrno.NoEnt;
            WriteFilestat(mem, (uint)statPtr, r.Stat, preview0);
            return WasiErrno.Success;
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }

    /// <summary><c>path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)</c>.</summary>
    public WasiErrno PathFilestatSetTimes(Span<byte> mem, int fd, int flags, int pathPtr, int pathLen, long atim, long mtim, int fstFlags)
    {
        try
        {
            var dir = Get(fd, WasiRights.PathFilestatSetTimes);
            string path = ReadPath(mem, pathPtr, pathLen);
            if (!TimesFromFlags(atim, mtim, fstFlags, out var a, out var m)) return WasiErrno.Inval;
            var r = Resolve(dir, path, (flags & WasiConst.LookupSymlinkFollow) != 0);
            if (!r.Exists) return WasiErrno.NoEnt;
            CheckWritable(r);
            return HostFs.SetTimes(r.HostPath, false, a, m);
        }
        catch (Exception ex) when (ex is not WasiExitException) { return Map(ex); }
    }
}
