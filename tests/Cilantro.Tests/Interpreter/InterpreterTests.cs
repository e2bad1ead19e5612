using Cilantro.Tests;
using Cilantro.Model;
using Cilantro.Tests.Runtime;
using Xunit;

namespace Cilantro.Tests.Interpreter;

public class InterpreterTests
{
    private static readonly ValType I32 = ValType.I32;
    private static readonly ValType I64 = ValType.I64;

    [Fact]
    public void FibThroughTypedDelegate()
    {
        var inst = ModuleBuilder.Instantiate(ModuleBuilder.FibModule());
        var fib = inst.GetFunction<int, int>("fib");
        Assert.Equal(6765, fib(20));
        Assert.Equal(832040, fib(30));
    }

    [Fact]
    public void FibThroughUntypedCall()
    {
        var inst = ModuleBuilder.Instantiate(ModuleBuilder.FibModule());
        var r = inst.GetFunction("fib").Call(Value.I32(10));
        Assert.Single(r);
        Assert.Equal(55, r[0].AsInt32());
    }

    [Fact]
    public void ArgumentErrorsAreTyped()
    {
        var inst = ModuleBuilder.Instantiate(ModuleBuilder.FibModule());
        Assert.Throws<WasmTypeException>(() => inst.GetFunction("fib").Call());
        Assert.Throws<WasmTypeException>(() => inst.GetFunction("fib").Call(Value.I64(1)));
        Assert.Throws<WasmTypeException>(() => inst.GetFunction<long, int>("fib"));
        Assert.Throws<UnknownExportException>(() => inst.GetFunction("nope"));
        Assert.Throws<UnknownExportException>(() => inst.GetMemory("fib"));
    }

    [Fact]
    public void LoopSumI64()
    {
        // (func (param i64) (result i64) (local i64 i64)  ;; sum 0..n-1
        //   block loop  local.get 1 local.get 0 i64.ge_s br_if 1
        //     local.get 2 local.get 1 i64.add local.set 2
        //     local.get 1 i64.const 1 i64.add local.set 1 br 0 end end local.get 2)
        byte[] code =
        [
            0x02, 0x40, 0x03, 0x40,
            0x20, 0x01, 0x20, 0x00, 0x59, 0x0D, 0x01,
            0x20, 0x02, 0x20, 0x01, 0x7C, 0x21, 0x02,
            0x20, 0x01, 0x42, 0x01, 0x7C, 0x21, 0x01, 0x0C, 0x00,
            0x0B, 0x0B, 0x20, 0x02, 0x0B,
        ];
        var b = new ModuleBuilder();
        int t = b.Type([I64], [I64]);
        int f = b.Func(t, code, new LocalDecl(2, I64));
        b.Export("sum", ExternKind.Func, f);
        var inst = ModuleBuilder.Instantiate(b.Build());
        Assert.Equal(4950L, inst.GetFunction<long, long>("sum")(100));
        Assert.Equal(499999500000L, inst.GetFunction<long, long>("sum")(1000000));
    }

    [Fact]
    public void MemoryStoreLoadGrow()
    {
        // (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.store local.get 0 i32.load)
        byte[] code = [0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0B];
        // (func (param i32) (result i32) local.get 0 memory.grow)
        byte[] grow = [0x20, 0x00, 0x40, 0x00, 0x0B];
        var b = new ModuleBuilder().Memory(1, 3);
        int t2 = b.Type([I32, I32], [I32]);
        int t1 = b.Type([I32], [I32]);
        int f = b.Func(t2, code);
        int g = b.Func(t1, grow);
        b.Export("rw", ExternKind.Func, f).Export("grow", ExternKind.Func, g).Export("mem", ExternKind.Memory, 0);
        var inst = ModuleBuilder.Instantiate(b.Build());
        var rw = inst.GetFunction<int, int, int>("rw");
        Assert.Equal(123456, rw(100, 123456));
        var mem = inst.GetMemory("mem");
        Assert.Equal(123456, mem.ReadInt32(100));
        mem.WriteInt32(200, 77);
        Assert.Equal(77, mem.Read<int>(200));
        var trap = Assert.Throws<TrapException>(() => rw(65534, 1));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, trap.Kind);
        Assert.Equal("out of bounds memory access", trap.Message);
        var growF = inst.GetFunction<int, int>("grow");
        Assert.Equal(1, growF(1));
        Assert.Equal(5, rw(65534, 5));
        Assert.Equal(-1, growF(5));
        Assert.Equal(-1, growF(-1));
        Assert.Equal(2, growF(1));
        Assert.Equal(3, mem.Pages);
        Assert.Equal(123456, mem.ReadInt32(100));
    }

    [Fact]
    public void TranslatorReadsCodeWithTheEnginesFeatures()
    {
        var features = WasmFeatures.Default with { ExtendedConst = true, TailCall = true, Simd = false };
        var engine = new Engine(new EngineOptions { Features = features });
        var module = Module.FromText(engine, "(module (func (export \"f\") (param i32) (result i32) local.get 0 i32.const 1 i32.add))");
        Assert.Same(features, module.Definition.Features);
        var inst = new Linker(engine).Instantiate(new Store(engine), module);
        Assert.Equal(42, inst.GetFunction<int, int>("f")(41));
    }

    [Fact]
    public void DivideByZeroTrapsAndStoreStaysUsable()
    {
        byte[] code = [0x20, 0x00, 0x20, 0x01, 0x6D, 0x0B];
        var b = new ModuleBuilder();
        int t = b.Type([I32, I32], [I32]);
        int f = b.Func(t, code);
        b.Export("div", ExternKind.Func, f).Name(f, "div");
        var inst = ModuleBuilder.Instantiate(b.Build());
        var div = inst.GetFunction<int, int, int>("div");
        var e = Assert.Throws<TrapException>(() => div(1, 0));
        Assert.Equal("integer divide by zero", e.Message);
        Assert.Equal("div", e.WasmStack[0].FunctionName);
        e = Assert.Throws<TrapException>(() => div(int.MinValue, -1));
        Assert.Equal("integer overflow", e.Message);
        Assert.Equal(-3, div(7, -2));
    }

    [Fact]
    public void InfiniteRecursionIsExhaustionAndHostSurvives()
    {
        // (func $f call $f)
        byte[] code = [0x10, 0x00, 0x0B];
        var b = new ModuleBuilder();
        int t = b.Type([], []);
        int f = b.Func(t, code);
        b.Export("f", ExternKind.Func, f).Name(f, "runaway");
        b.Func(b.Type([I32], [I32]), ModuleBuilder.FibCode(1));
        b.Export("fib", ExternKind.Func, 1);
        var inst = ModuleBuilder.Instantiate(b.Build());
        var e = Assert.Throws<TrapException>(() => inst.GetAction("f")());
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal("call stack exhausted", e.Message);
        Assert.Equal("runaway", e.WasmStack[0].FunctionName);
        Assert.Equal(55, inst.GetFunction<int, int>("fib")(10));
        e = Assert.Throws<TrapException>(() => inst.GetAction("f")());
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
    }

    [Fact]
    public void HostFunctionsTypedAndRaw()
    {
        // (import "env" "add" (func (param i32 i64) (result i64)))
        // (func (param i32) (result i64) local.get 0 local.get 0 i64.extend_i32_s call 0)
        var b = new ModuleBuilder();
        int ti = b.Type([I32, I64], [I64]);
        b.ImportFunc("env", "add", ti);
        int t = b.Type([I32], [I64]);
        int f = b.Func(t, [0x20, 0x00, 0x20, 0x00, 0xAC, 0x10, 0x00, 0x0B]);
        b.Export("run", ExternKind.Func, f);
        var def = b.Build();
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.DefineFunction("env", "add", (int a, long c) => a + c * 10);
        var inst = linker.Instantiate(new Store(engine), Module.FromDefinition(engine, def));
        Assert.Equal(77L, inst.GetFunction<int, long>("run")(7));

        var linker2 = new Linker(engine);
        linker2.DefineFunction("env", "add", new FuncType([I32, I64], [I64]), (args, results) =>
        {
            if (args[0].AsInt32() == 13) throw new InvalidOperationException("unlucky");
            results[0] = Value.I64(args[0].AsInt32() - args[1].AsInt64());
        });
        var inst2 = linker2.Instantiate(new Store(engine), Module.FromDefinition(engine, def));
        Assert.Equal(0L, inst2.GetFunction<int, long>("run")(5));
        var ex = Assert.Throws<InvalidOperationException>(() => inst2.GetFunction<int, long>("run")(13));
        Assert.Equal("unlucky", ex.Message);
        Assert.Equal(0L, inst2.GetFunction<int, long>("run")(6));
    }

    [Fact]
    public void LinkErrorsNameTheImport()
    {
        var b = new ModuleBuilder();
        int ti = b.Type([I32, I64], [I64]);
        b.ImportFunc("env", "add", ti);
        var def = b.Build();
        var engine = new Engine();
        var e = Assert.Throws<LinkException>(() => new Linker(engine).Instantiate(new Store(engine), Module.FromDefinition(engine, def)));
        Assert.Equal("unknown import", e.SpecMessage);
        Assert.Contains("\"env\" \"add\"", e.Message);
        var linker = new Linker(engine);
        linker.DefineFunction("env", "add", (int a) => a);
        e = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(engine), Module.FromDefinition(engine, def)));
        Assert.Equal("incompatible import type", e.SpecMessage);
        Assert.Contains("(func (param i32 i64) (result i64))", e.Message);
    }
}

public class EmbeddingApiTests
{
    private static string Example(string name) => Path.Combine(TestSuitePaths.RepoRoot, "examples", name);

    [Fact]
    public void FibExampleFromFile()
    {
        var engine = new Engine();
        var module = Module.FromFile(engine, Example("fib.wat"));
        var inst = new Linker(engine).Instantiate(new Store(engine), module);
        Assert.Equal(6765, inst.GetFunction<int, int>("fib")(20));
        Assert.Equal(6765, inst.GetFunction<int, int>("fib_iter")(20));
        Assert.Equal(12200160415121876738UL, (ulong)inst.GetFunction<int, long>("fib64")(93));
    }

    [Fact]
    public void GlobalsTablesAndMemoryFromText()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, """
            (module
              (global (export "g") (mut i64) (i64.const 5))
              (table (export "t") 2 funcref)
              (memory (export "m") 1 2)
              (func $f (export "f") (result i64) global.get 0 i64.const 1 i64.add)
              (elem (i32.const 1) $f)
              (data (i32.const 8) "hi\00")
              (func (export "call1") (result i64) i32.const 1 call_indirect (result i64)))
            """);
        var store = new Store(engine);
        var inst = new Linker(engine).Instantiate(store, module);
        var g = inst.GetGlobal("g");
        Assert.Equal(5L, g.Value.AsInt64());
        g.Value = Value.I64(41);
        Assert.Equal(42L, inst.GetFunction<long>("call1")());
        Assert.Throws<WasmTypeException>(() => g.Value = Value.I32(1));
        var t = inst.GetTable("t");
        Assert.Equal(2, t.Length);
        Assert.Null(t.Get(store, 0).Ref);
        Assert.IsType<Function>(t.Get(store, 1).Ref);
        var m = inst.GetMemory("m");
        Assert.Equal("hi", m.ReadNullTerminatedString(8));
        Assert.Equal(1, m.Grow(1));
        Assert.Equal(-1, m.Grow(1));
        var e = Assert.Throws<TrapException>(() => new Linker(engine).Instantiate(store, Module.FromText(engine,
            "(module (table 1 funcref) (elem (i32.const 0) $f $f) (func $f))")));
        Assert.Equal("out of bounds table access", e.Message);
    }

    [Fact]
    public void HostCanCallBackIntoGuest()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, """
            (module
              (import "env" "twice" (func $twice (param i32) (result i32)))
              (func $inc (export "inc") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
              (func (export "run") (param i32) (result i32) local.get 0 call $twice))
            """);
        var store = new Store(engine);
        Instance? inst = null;
        var linker = new Linker(engine);
        linker.DefineFunction("env", "twice", (int x) => inst!.GetFunction<int, int>("inc")(inst.GetFunction<int, int>("inc")(x)));
        inst = linker.Instantiate(store, module);
        Assert.Equal(12, inst.GetFunction<int, int>("run")(10));
    }
}
