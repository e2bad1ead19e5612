using Cilantro.Model;

namespace Cilantro.Wasi;

/// <summary>Registers WASI (<c>wasi_snapshot_preview1</c> and <c>wasi_unstable</c>) in a <see cref="Linker"/>, and runs WASI programs.</summary>
public static class WasiLinker
{
    /// <summary>The preview1 module name.</summary>
    public const string Preview1 = "wasi_snapshot_preview1";
    /// <summary>The older preview0 module name.</summary>
    public const string Preview0 = "wasi_unstable";

    /// <summary>When set (e.g. to <see cref="Console.Error"/>), every WASI call defined afterwards is logged with its arguments and errno.</summary>
    public static TextWriter? Trace { get; set; }

    private delegate WasiErrno Impl(WasiContext c, Span<byte> m, ReadOnlySpan<Value> a);

    private static readonly ValType I = ValType.I32, L = ValType.I64;

    /// <summary>Creates a <see cref="WasiContext"/> from <paramref name="config"/> and defines every WASI function in <paramref name="linker"/>.</summary>
    public static WasiContext DefineWasi(this Linker linker, WasiConfiguration config)
    {
        var ctx = new WasiContext(config);
        linker.DefineWasi(ctx);
        return ctx;
    }

    /// <summary>Defines every WASI function of <paramref name="ctx"/> under both module names. Call <see cref="Attach"/> after instantiation.</summary>
    public static void DefineWasi(this Linker linker, WasiContext ctx)
    {
        foreach (var module in new[] { Preview1, Preview0 })
        {
            bool p0 = module == Preview0;
            void Def(string name, ValType[] ps, Impl impl)
            {
                if (Trace is { } trace)
                {
                    linker.DefineFunction(module, name, new FuncType(ps, [I]), (a, r) =>
                    {
                        var e = impl(ctx, ctx.CurrentMemory, a);
                        trace.WriteLine($"{module}.{name}({string.Join(", ", a.ToArray())}) -> {e}");
                        r[0] = Value.I32((int)e);
                    });
                    return;
                }
                linker.DefineFunction(module, name, new FuncType(ps, [I]),
                    (a, r) => r[0] = Value.I32((int)impl(ctx, ctx.CurrentMemory, a)));
            }

            Def("args_get", [I, I], (c, m, a) => c.ArgsGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("args_sizes_get", [I, I], (c, m, a) => c.ArgsSizesGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("environ_get", [I, I], (c, m, a) => c.EnvironGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("environ_sizes_get", [I, I], (c, m, a) => c.EnvironSizesGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("clock_res_get", [I, I], (c, m, a) => c.ClockResGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("clock_time_get", [I, L, I], (c, m, a) => c.ClockTimeGet(m, a[0].AsInt32(), a[1].AsInt64(), a[2].AsInt32()));
            Def("fd_advise", [I, L, L, I], (c, m, a) => c.FdAdvise(a[0].AsInt32(), a[1].AsInt64(), a[2].AsInt64(), a[3].AsInt32()));
            Def("fd_allocate", [I, L, L], (c, m, a) => c.FdAllocate(a[0].AsInt32(), a[1].AsInt64(), a[2].AsInt64()));
            Def("fd_close", [I], (c, m, a) => c.FdClose(a[0].AsInt32()));
            Def("fd_datasync", [I], (c, m, a) => c.FdDatasync(a[0].AsInt32()));
            Def("fd_fdstat_get", [I, I], (c, m, a) => c.FdFdstatGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("fd_fdstat_set_flags", [I, I], (c, m, a) => c.FdFdstatSetFlags(a[0].AsInt32(), a[1].AsInt32()));
            Def("fd_fdstat_set_rights", [I, L, L], (c, m, a) => c.FdFdstatSetRights(a[0].AsInt32(), a[1].AsInt64(), a[2].AsInt64()));
            Def("fd_filestat_get", [I, I], p0
                ? (c, m, a) => c.FdFilestatGetUnstable(m, a[0].AsInt32(), a[1].AsInt32())
                : (c, m, a) => c.FdFilestatGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("fd_filestat_set_size", [I, L], (c, m, a) => c.FdFilestatSetSize(a[0].AsInt32(), a[1].AsInt64()));
            Def("fd_filestat_set_times", [I, L, L, I], (c, m, a) => c.FdFilestatSetTimes(a[0].AsInt32(), a[1].AsInt64(), a[2].AsInt64(), a[3].AsInt32()));
            Def("fd_pread", [I, I, I, L, I], (c, m, a) => c.FdPread(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt64(), a[4].AsInt32()));
            Def("fd_prestat_get", [I, I], (c, m, a) => c.FdPrestatGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("fd_prestat_dir_name", [I, I, I], (c, m, a) => c.FdPrestatDirName(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32()));
            Def("fd_pwrite", [I, I, I, L, I], (c, m, a) => c.FdPwrite(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt64(), a[4].AsInt32()));
            Def("fd_read", [I, I, I, I], (c, m, a) => c.FdRead(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32()));
            Def("fd_readdir", [I, I, I, L, I], (c, m, a) => c.FdReaddir(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt64(), a[4].AsInt32()));
            Def("fd_renumber", [I, I], (c, m, a) => c.FdRenumber(a[0].AsInt32(), a[1].AsInt32()));
            Def("fd_seek", [I, L, I, I], p0
                ? (c, m, a) => c.FdSeekUnstable(m, a[0].AsInt32(), a[1].AsInt64(), a[2].AsInt32(), a[3].AsInt32())
                : (c, m, a) => c.FdSeek(m, a[0].AsInt32(), a[1].AsInt64(), a[2].AsInt32(), a[3].AsInt32()));
            Def("fd_sync", [I], (c, m, a) => c.FdSync(a[0].AsInt32()));
            Def("fd_tell", [I, I], (c, m, a) => c.FdTell(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("fd_write", [I, I, I, I], (c, m, a) => c.FdWrite(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32()));
            Def("path_create_directory", [I, I, I], (c, m, a) => c.PathCreateDirectory(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32()));
            Def("path_filestat_get", [I, I, I, I, I], p0
                ? (c, m, a) => c.PathFilestatGetUnstable(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32())
                : (c, m, a) => c.PathFilestatGet(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32()));
            Def("path_filestat_set_times", [I, I, I, I, L, L, I], (c, m, a) => c.PathFilestatSetTimes(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt64(), a[5].AsInt64(), a[6].AsInt32()));
            Def("path_link", [I, I, I, I, I, I, I], (c, m, a) => c.PathLink(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32(), a[5].AsInt32(), a[6].AsInt32()));
            Def("path_open", [I, I, I, I, I, L, L, I, I], (c, m, a) => c.PathOpen(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32(), a[5].AsInt64(), a[6].AsInt64(), a[7].AsInt32(), a[8].AsInt32()));
            Def("path_readlink", [I, I, I, I, I, I], (c, m, a) => c.PathReadlink(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32(), a[5].AsInt32()));
            Def("path_remove_directory", [I, I, I], (c, m, a) => c.PathRemoveDirectory(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32()));
            Def("path_rename", [I, I, I, I, I, I], (c, m, a) => c.PathRename(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32(), a[5].AsInt32()));
            Def("path_symlink", [I, I, I, I, I], (c, m, a) => c.PathSymlink(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32()));
            Def("path_unlink_file", [I, I, I], (c, m, a) => c.PathUnlinkFile(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32()));
            Def("poll_oneoff", [I, I, I, I], p0
                ? (c, m, a) => c.PollOneoffUnstable(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32())
                : (c, m, a) => c.PollOneoff(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32()));
            linker.DefineFunction(module, "proc_exit", new FuncType([I], []), (a, r) => ctx.ProcExit(a[0].AsInt32()));
            Def("proc_raise", [I], (c, m, a) => c.ProcRaise(a[0].AsInt32()));
            Def("sched_yield", [], (c, m, a) => c.SchedYield());
            Def("random_get", [I, I], (c, m, a) => c.RandomGet(m, a[0].AsInt32(), a[1].AsInt32()));
            Def("sock_accept", [I, I, I], (c, m, a) => c.SockAccept(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32()));
            Def("sock_recv", [I, I, I, I, I, I], (c, m, a) => c.SockRecv(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32(), a[5].AsInt32()));
            Def("sock_send", [I, I, I, I, I], (c, m, a) => c.SockSend(m, a[0].AsInt32(), a[1].AsInt32(), a[2].AsInt32(), a[3].AsInt32(), a[4].AsInt32()));
            Def("sock_shutdown", [I, I], (c, m, a) => c.SockShutdown(a[0].AsInt32(), a[1].AsInt32()));
        }
    }

    /// <summary>Points <paramref name="ctx"/> at the exported memory (<c>memory</c>) of <paramref name="instance"/>.</summary>
    public static void Attach(this WasiContext ctx, Instance instance)
    {
        if (instance.GetExport("memory") is Memory memory) ctx.Memory = memory.GetSpan;
    }

    /// <summary>
    /// Instantiates <paramref name="module"/> with WASI from <paramref name="config"/> (plus whatever <paramref name="linker"/>
    /// already defines) and runs its <c>_start</c>. Returns the exit code: the <c>proc_exit</c> code, or 0 when <c>_start</c> returns.
    /// </summary>
    /// <exception cref="LinkException">An import is missing (reported by name before anything runs).</exception>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public static int RunCommand(Module module, WasiConfiguration config, Linker? linker = null, Store? store = null)
    {
        store ??= new Store(module.Engine);
        linker ??= new Linker(module.Engine);
        using var ctx = linker.DefineWasi(config);
        try
        {
            var instance = linker.Instantiate(store, module);
            ctx.Attach(instance);
            var start = instance.TryGetFunction("_start") ?? throw new InvalidOperationException("the module exports no _start function");
            start.Call(store);
            return 0;
        }
        catch (WasiExitException e)
        {
            return e.ExitCode;
        }
    }
}
