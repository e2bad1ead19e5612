using System.Text;
using Cilantro.Wasi;
using Xunit;

namespace Cilantro.Tests.Wasi;

/// <summary>
/// Attacks on the capability sandbox, as a hostile guest would try them: every attempt must fail with the proper errno,
/// and nothing outside the preopen may be read, created, changed or deleted.
/// Layout: <c>T/outside/secret.txt</c> (the prize), <c>T/sandbox</c> preopened as <c>/</c> (fd 3), with host-made
/// symlinks inside pointing out.
/// </summary>
public sealed class SandboxEscapeTests : IDisposable
{
    private const int Root = 3;
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "cilantro-wasi-" + Guid.NewGuid().ToString("N"));
    private readonly string _outside, _sandbox;
    private readonly string _snapshot;
    private readonly Guest _g;

    public SandboxEscapeTests()
    {
        _outside = Path.Combine(_tmp, "outside");
        _sandbox = Path.Combine(_tmp, "sandbox");
        Directory.CreateDirectory(Path.Combine(_outside, "dir"));
        Directory.CreateDirectory(Path.Combine(_sandbox, "sub", "deeper"));
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "SECRET");
        File.WriteAllText(Path.Combine(_outside, "dir", "x.txt"), "X");
        File.WriteAllText(Path.Combine(_tmp, "top.txt"), "TOP");
        File.WriteAllText(Path.Combine(_sandbox, "inside.txt"), "inside");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "abs_link"), _outside);
        File.CreateSymbolicLink(Path.Combine(_sandbox, "abs_file_link"), Path.Combine(_outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_sandbox, "rel_link"), "../outside");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "sub", "chain1"), "../chain2");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "chain2"), "sub/deeper/chain3");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "sub", "deeper", "chain3"), "../../../outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "loop2"), "loop1");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "self"), "self/x");
        File.CreateSymbolicLink(Path.Combine(_sandbox, "ok_link"), "sub/../inside.txt");
        _snapshot = Snapshot();
        _g = new Guest(new WasiConfiguration().WithPreopenedDirectory(_sandbox, "/"));
    }

    public void Dispose()
    {
        _g.Dispose();
        // The outside world must be exactly as before, whatever the test did.
        Assert.Equal(_snapshot, Snapshot());
        try { Directory.Delete(_tmp, true); } catch (IOException) { }
    }

    /// <summary>Names, types, contents and times of everything outside the sandbox.</summary>
    private string Snapshot()
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.EnumerateFileSystemEntries(_tmp, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (f.StartsWith(_sandbox, StringComparison.Ordinal)) continue;
            var info = new FileInfo(f);
            sb.Append(f).Append('|').Append(info.Attributes).Append('|');
            if (File.Exists(f)) sb.Append(File.ReadAllText(f)).Append('|').Append(info.LastWriteTimeUtc.Ticks);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private const WasiRights DirRights = WasiRights.All & ~WasiRights.FdWrite;

    private static void AssertDenied(WasiErrno e) =>
        Assert.True(e is WasiErrno.NotCapable or WasiErrno.Perm, $"expected ENOTCAPABLE/EPERM, got {e}");

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("..")]
    [InlineData("../sandbox/inside.txt")]
    [InlineData("sub/../../outside/secret.txt")]
    [InlineData("sub/deeper/../../../outside/secret.txt")]
    [InlineData("./sub/./../.././outside/secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("//inside.txt")]
    public void DotDotAndAbsolutePathsAreRefused(string path)
    {
        AssertDenied(_g.Open(Root, path, out _));
        AssertDenied(_g.Open(Root, path, out _, lookup: 1));
        AssertDenied(_g.Stat(Root, path, 1, out _));
    }

    [Fact]
    public void AbsoluteHostPathIsRefused()
    {
        AssertDenied(_g.Open(Root, Path.Combine(_outside, "secret.txt"), out _));
        AssertDenied(_g.Open(Root, Path.Combine(_sandbox, "inside.txt"), out _));
    }

    [Theory]
    [InlineData("abs_link/secret.txt")]
    [InlineData("abs_file_link")]
    [InlineData("rel_link/secret.txt")]
    [InlineData("rel_link/dir/x.txt")]
    [InlineData("sub/chain1")]
    [InlineData("chain2")]
    public void HostSymlinksPointingOutAreNotFollowed(string path)
    {
        AssertDenied(_g.Open(Root, path, out _, lookup: 1));
        AssertDenied(_g.Stat(Root, path, 1, out _));
        AssertDenied(_g.Open(Root, path + "/", out _, lookup: 1, oflags: 2));
        AssertDenied(_g.Mkdir(Root, path + "/newdir"));
        AssertDenied(_g.Open(Root, path + "/created.txt", out _, oflags: 1));
    }

    [Fact]
    public void SymlinkWithoutFollowIsNotOpened()
    {
        Assert.Equal(WasiErrno.Loop, _g.Open(Root, "abs_file_link", out _));
        Assert.Equal(WasiErrno.Loop, _g.Open(Root, "rel_link", out _));
        // The link itself may be inspected (lstat) and read, which reveals nothing outside.
        Assert.Equal(WasiErrno.Success, _g.Stat(Root, "rel_link", 0, out int st));
        Assert.Equal((byte)WasiFileType.SymbolicLink, _g.Mem[st + 16]);
        Assert.Equal(WasiErrno.Success, _g.Readlink(Root, "rel_link", out var target));
        Assert.Equal("../outside", target);
    }

    [Fact]
    public void SymlinkLoopsGiveEloop()
    {
        Assert.Equal(WasiErrno.Loop, _g.Open(Root, "loop1", out _, lookup: 1));
        Assert.Equal(WasiErrno.Loop, _g.Open(Root, "loop1/x", out _));
        Assert.Equal(WasiErrno.Loop, _g.Open(Root, "self", out _, lookup: 1));
        Assert.Equal(WasiErrno.Loop, _g.Stat(Root, "loop2", 1, out _));
    }

    [Fact]
    public void SymlinkInsideIsFollowed()
    {
        Assert.Equal(WasiErrno.Success, _g.Open(Root, "ok_link", out int fd, lookup: 1));
        Assert.Equal(WasiErrno.Success, _g.Read(fd, 100, out var text));
        Assert.Equal("inside", text);
    }

    /// <summary>
    /// Symlink targets climbing above the preopen are refused at creation, but a guest can still make one by moving a
    /// link up after creating it deeper: <c>deep/l -> ../outside</c> is fine where it is, and points out once renamed.
    /// </summary>
    private void MakeEscapingLink(string name, string target = "../outside")
    {
        if (_g.Mkdir(Root, "deep") is not (WasiErrno.Success or WasiErrno.Exist)) Assert.Fail("mkdir deep");
        Assert.Equal(WasiErrno.Success, _g.Symlink(target, Root, "deep/l"));
        Assert.Equal(WasiErrno.Success, _g.Rename(Root, "deep/l", Root, name));
        Assert.Equal(WasiErrno.Success, _g.Readlink(Root, name, out var t));
        Assert.Equal(target, t);
    }

    [Fact]
    public void GuestCannotCreateSymlinksPointingOut()
    {
        AssertDenied(_g.Symlink("../outside", Root, "evil"));
        AssertDenied(_g.Symlink("sub/../../outside/secret.txt", Root, "evil2"));
        AssertDenied(_g.Symlink("../../outside", Root, "sub/evil3"));
        AssertDenied(_g.Symlink(_outside, Root, "abs"));
        AssertDenied(_g.Symlink("/etc", Root, "abs2"));
        Assert.Equal(WasiErrno.Success, _g.Symlink("../inside.txt", Root, "sub/fine"));
        Assert.Empty(Directory.GetFileSystemEntries(_sandbox, "evil*"));
        Assert.False(File.Exists(Path.Combine(_sandbox, "abs")));
    }

    [Fact]
    public void GuestMadeSymlinksCannotEscape()
    {
        MakeEscapingLink("evil");
        MakeEscapingLink("evil2", "../outside/secret.txt");
        Assert.Equal(WasiErrno.Success, _g.Symlink("../evil/secret.txt", Root, "sub/evil3"));
        AssertDenied(_g.Open(Root, "evil/secret.txt", out _, lookup: 1));
        AssertDenied(_g.Open(Root, "evil2", out _, lookup: 1));
        AssertDenied(_g.Open(Root, "evil2", out _, lookup: 1, oflags: 1 | 8, rights: WasiRights.FdWrite));
        AssertDenied(_g.Open(Root, "sub/evil3", out _, lookup: 1));
        AssertDenied(_g.Mkdir(Root, "evil/made"));
        AssertDenied(_g.Unlink(Root, "evil/secret.txt"));
        AssertDenied(_g.Rmdir(Root, "evil/dir"));
        AssertDenied(_g.Symlink("x", Root, "evil/planted"));
        AssertDenied(_g.Stat(Root, "evil2", 1, out _));
        var (p, l) = _g.Str("evil2");
        AssertDenied(_g.Wasi.PathFilestatSetTimes(_g.Mem, Root, 1, p, l, 0, 0, 4));
    }

    [Fact]
    public void RenamesCannotMoveThingsInOrOut()
    {
        AssertDenied(_g.Rename(Root, "inside.txt", Root, "../outside/moved.txt"));
        AssertDenied(_g.Rename(Root, "../outside/secret.txt", Root, "stolen.txt"));
        AssertDenied(_g.Rename(Root, "rel_link/secret.txt", Root, "stolen.txt"));
        AssertDenied(_g.Rename(Root, "inside.txt", Root, "rel_link/moved.txt"));
        MakeEscapingLink("evil");
        AssertDenied(_g.Rename(Root, "evil/secret.txt", Root, "stolen.txt"));
        // Moving the link itself is fine: it stays a link that cannot be followed out.
        Assert.Equal(WasiErrno.Success, _g.Rename(Root, "evil", Root, "evil_moved"));
        AssertDenied(_g.Open(Root, "evil_moved/secret.txt", out _, lookup: 1));
    }

    [Fact]
    public void HardLinksCannotReachOutside()
    {
        AssertDenied(_g.Link(Root, "../outside/secret.txt", Root, "hl"));
        AssertDenied(_g.Link(Root, "rel_link/secret.txt", Root, "hl", flags: 1));
        AssertDenied(_g.Link(Root, "abs_file_link", Root, "hl", flags: 1));
        AssertDenied(_g.Link(Root, "inside.txt", Root, "../outside/hl"));
        AssertDenied(_g.Link(Root, "inside.txt", Root, "rel_link/hl"));
        // Linking the symlink itself (no follow) makes another link that is still not followed out.
        Assert.Equal(WasiErrno.Success, _g.Link(Root, "rel_link", Root, "hl_to_link"));
        AssertDenied(_g.Open(Root, "hl_to_link/secret.txt", out _, lookup: 1));
        Assert.Equal(WasiErrno.Perm, _g.Link(Root, "sub", Root, "dirlink"));
    }

    [Fact]
    public void DirectoryFdCannotClimbAboveItself()
    {
        Assert.Equal(WasiErrno.Success, _g.Open(Root, "sub", out int sub, oflags: 2, rights: DirRights));
        AssertDenied(_g.Open(sub, "..", out _));
        AssertDenied(_g.Open(sub, "../inside.txt", out _));
        AssertDenied(_g.Open(sub, "deeper/../../inside.txt", out _));
        Assert.Equal(WasiErrno.Success, _g.Open(sub, "deeper/..", out _, rights: DirRights));
    }

    [Fact]
    public void SwappingAnOpenDirectoryForASymlinkDoesNotEscape()
    {
        Assert.Equal(WasiErrno.Success, _g.Open(Root, "sub", out int sub, oflags: 2, rights: DirRights));
        Assert.Equal(WasiErrno.Success, _g.Rename(Root, "sub", Root, "sub_moved"));
        Assert.Equal(WasiErrno.Success, _g.Symlink("rel_link", Root, "sub"));
        var e = _g.Open(sub, "secret.txt", out _);
        Assert.NotEqual(WasiErrno.Success, e);
        Assert.NotEqual(WasiErrno.Success, _g.Open(sub, "new.txt", out _, oflags: 1));
        Assert.NotEqual(WasiErrno.Success, _g.Mkdir(sub, "newdir"));
    }

    [Fact]
    public void ReadOnlyPreopenCannotBeChanged()
    {
        using var ro = new Guest(new WasiConfiguration().WithPreopenedDirectory(_sandbox, "/ro", readOnly: true));
        string before = File.ReadAllText(Path.Combine(_sandbox, "inside.txt"));
        Assert.NotEqual(WasiErrno.Success, ro.Open(Root, "new.txt", out _, oflags: 1));
        Assert.NotEqual(WasiErrno.Success, ro.Open(Root, "inside.txt", out _, oflags: 8));
        Assert.NotEqual(WasiErrno.Success, ro.Mkdir(Root, "d"));
        Assert.NotEqual(WasiErrno.Success, ro.Unlink(Root, "inside.txt"));
        Assert.NotEqual(WasiErrno.Success, ro.Rmdir(Root, "sub/deeper"));
        Assert.NotEqual(WasiErrno.Success, ro.Rename(Root, "inside.txt", Root, "x.txt"));
        Assert.NotEqual(WasiErrno.Success, ro.Symlink("inside.txt", Root, "l"));
        Assert.NotEqual(WasiErrno.Success, ro.Link(Root, "inside.txt", Root, "l"));
        // Opening for writing either fails or yields an fd without the write right.
        if (ro.Open(Root, "inside.txt", out int fd, rights: WasiRights.FdWrite | WasiRights.FdRead) == WasiErrno.Success)
            Assert.Equal(WasiErrno.NotCapable, ro.Write(fd, "pwned", out _));
        // Rights can only be dropped, never regained.
        Assert.Equal(WasiErrno.NotCapable, ro.Wasi.FdFdstatSetRights(Root, (long)WasiRights.All, (long)WasiRights.All));
        Assert.Equal(WasiErrno.Success, ro.Open(Root, "inside.txt", out int rfd, rights: WasiRights.FdRead));
        Assert.Equal(WasiErrno.Success, ro.Read(rfd, 100, out var text));
        Assert.Equal("inside", text);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_sandbox, "inside.txt")));
        Assert.False(File.Exists(Path.Combine(_sandbox, "new.txt")));
        Assert.False(Directory.Exists(Path.Combine(_sandbox, "d")));
    }

    [Fact]
    public void DroppedRightsAreEnforced()
    {
        Assert.Equal(WasiErrno.Success, _g.Wasi.FdFdstatSetRights(Root, (long)(WasiRights.PathOpen | WasiRights.FdReaddir), (long)WasiRights.FdRead));
        Assert.Equal(WasiErrno.NotCapable, _g.Mkdir(Root, "d"));
        Assert.Equal(WasiErrno.NotCapable, _g.Open(Root, "f", out _, oflags: 1));
        Assert.Equal(WasiErrno.Success, _g.Open(Root, "inside.txt", out int fd, rights: WasiRights.FdRead | WasiRights.FdWrite));
        Assert.Equal(WasiErrno.NotCapable, _g.Write(fd, "x", out _));
        Assert.Equal(WasiErrno.Success, _g.Read(fd, 10, out _));
    }

    [Fact]
    public void BadGuestPointersGiveEfault()
    {
        int n = _g.Alloc(4);
        // iovec pointing past the end of memory
        int iov = _g.Alloc(8);
        _g.SetU32(iov, (uint)_g.Mem.Length - 2);
        _g.SetU32(iov + 4, 100);
        Assert.Equal(WasiErrno.Fault, _g.Wasi.FdWrite(_g.Mem, 1, iov, 1, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.FdWrite(_g.Mem, 1, -8, 1, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.FdWrite(_g.Mem, 1, iov, int.MaxValue, n));
        _g.SetU32(iov, 0xFFFFFFF0);
        _g.SetU32(iov + 4, 0x20);
        Assert.Equal(WasiErrno.Fault, _g.Wasi.FdRead(_g.Mem, 0, iov, 1, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.PathOpen(_g.Mem, Root, 0, _g.Mem.Length - 1, 10, 0, 0, 0, 0, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.PathOpen(_g.Mem, Root, 0, 0, -1, 0, 0, 0, 0, n));
        var (p, l) = _g.Str("inside.txt");
        Assert.Equal(WasiErrno.Fault, _g.Wasi.PathOpen(_g.Mem, Root, 0, p, l, 0, 0, 0, 0, -4));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.ArgsSizesGet(_g.Mem, -1, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.RandomGet(_g.Mem, 10, -1));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.ClockTimeGet(_g.Mem, 0, 0, _g.Mem.Length - 4));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.FdPrestatDirName(_g.Mem, Root, _g.Mem.Length, 10));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.PollOneoff(_g.Mem, _g.Mem.Length - 10, 0, 1, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.FdReaddir(_g.Mem, Root, _g.Mem.Length - 10, 100, 0, n));
        // Huge counts whose byte size wraps around 32 bits fail at once instead of looping.
        Assert.Equal(WasiErrno.Fault, _g.Wasi.FdWrite(_g.Mem, 1, 0, 0x20000000, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.FdRead(_g.Mem, 0, 0, -1, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.PollOneoff(_g.Mem, 0, 0, int.MaxValue, n));
        Assert.Equal(WasiErrno.Fault, _g.Wasi.PollOneoffUnstable(_g.Mem, 0, 0, 0x4924925, n));
    }

    [Fact]
    public void InvalidPathBytesAreRejected()
    {
        AssertErr(WasiErrno.Ilseq, _g.Open(Root, "inside.txt\0", out _));
        int p = _g.Alloc(4);
        _g.Mem[p] = 0xFF; _g.Mem[p + 1] = 0xFE;
        AssertErr(WasiErrno.Ilseq, _g.Wasi.PathOpen(_g.Mem, Root, 0, p, 2, 0, 0, 0, 0, p));
        AssertErr(WasiErrno.NoEnt, _g.Open(Root, "", out _));
        AssertErr(WasiErrno.NameTooLong, _g.Open(Root, new string('a', 300), out _));
    }

    private static void AssertErr(WasiErrno expected, WasiErrno actual) => Assert.Equal(expected, actual);

    [Fact]
    public void FdsThatAreNotDirectoriesCannotBeUsedAsPathBases()
    {
        Assert.Equal(WasiErrno.Success, _g.Open(Root, "inside.txt", out int fd));
        Assert.NotEqual(WasiErrno.Success, _g.Open(fd, "../outside/secret.txt", out _));
        Assert.NotEqual(WasiErrno.Success, _g.Open(1, "x", out _));
        Assert.Equal(WasiErrno.Badf, _g.Open(99, "inside.txt", out _));
    }
}
