using System.Text;
using Cilantro.Wasi;
using Xunit;

namespace Cilantro.Tests.Wasi;

/// <summary>The engine binding: WASI under both module names, proc_exit as the exit code, missing imports by name.</summary>
public sealed class WasiLinkerTests
{
    private const string Hello = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_unstable" "fd_seek" (func $seek0 (param i32 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 6))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (call $exit (call $seek0 (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 32)))
            unreachable))
        """;

    public static TheoryData<string> Engines()
    {
        var d = new TheoryData<string>();
        foreach (var k in Enum.GetValues<EngineKind>()) d.Add(k.ToString());
        return d;
    }

    private static Engine NewEngine(string kind) => new(new EngineOptions { Kind = Enum.Parse<EngineKind>(kind) });

    [Theory]
    [MemberData(nameof(Engines))]
    public void ProcExitCodeAndStdout(string kind)
    {
        var engine = NewEngine(kind);
        var stdout = new MemoryStream();
        int code = WasiLinker.RunCommand(Module.FromText(engine, Hello), new WasiConfiguration().WithStdout(stdout));
        Assert.Equal((int)WasiErrno.Spipe, code);
        Assert.Equal("hello\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void ReturningFromStartIsExitZeroAndTrapsPropagate(string kind)
    {
        var engine = NewEngine(kind);
        Assert.Equal(0, WasiLinker.RunCommand(Module.FromText(engine, """(module (memory (export "memory") 1) (func (export "_start")))"""), new WasiConfiguration()));
        Assert.Throws<TrapException>(() => WasiLinker.RunCommand(
            Module.FromText(engine, """(module (memory (export "memory") 1) (func (export "_start") unreachable))"""), new WasiConfiguration()));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void MissingImportIsReportedByNameBeforeRunning(string kind)
    {
        var engine = NewEngine(kind);
        var stdout = new MemoryStream();
        var module = Module.FromText(engine, """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "no_such_function" (func))
              (func (export "_start")))
            """);
        var e = Assert.Throws<LinkException>(() => WasiLinker.RunCommand(module, new WasiConfiguration().WithStdout(stdout)));
        Assert.Contains("no_such_function", e.Message);
        Assert.Equal(0, stdout.Length);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void BadPointersFromTheGuestGiveEfault(string kind)
    {
        var engine = NewEngine(kind);
        var module = Module.FromText(engine, """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start")
                (call $exit (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 0)))))
            """);
        Assert.Equal((int)WasiErrno.Fault, WasiLinker.RunCommand(module, new WasiConfiguration()));
    }
}
