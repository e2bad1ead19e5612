using Cilantro.Compiler;
using Cilantro.Model;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// Calls of host functions from compiled code: a host function defined from a delegate of the import's own shape
/// is called directly, any other through the value stack; both must behave as in the interpreter (arguments,
/// results, re-entry, memory growth, traps, recursion through the host).
/// </summary>
public class HostCallTests
{
    public static TheoryData<EngineKind> Engines => [EngineKind.Compiler, EngineKind.Interpreter];

    private const string Mixed = """
        (module
          (import "env" "mix" (func $mix (param i32 i64 f32 f64) (result f64)))
          (func (export "run") (param i32 i64 f32 f64) (result f64)
            (f64.add (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)) (f64.const 0.5))))
        """;

    [Theory]
    [MemberData(nameof(Engines))]
    public void ArgumentsAndResultsPassUnchanged(EngineKind kind)
    {
        var engine = new Engine(new EngineOptions { Kind = kind });
        var linker = new Linker(engine);
        var seen = new List<(int, long, float, double)>();
        linker.DefineFunction<int, long, float, double, double>("env", "mix", (a, b, c, d) =>
        {
            seen.Add((a, b, c, d));
            return a + b + c + d;
        });
        var store = new Store(engine);
        var run = linker.Instantiate(store, Module.FromText(engine, Mixed)).GetFunction("run");
        double Run(int a, long b, float c, double d) => run.Call(store, Value.I32(a), Value.I64(b), Value.F32(c), Value.F64(d))[0].AsDouble();
        Assert.Equal(-1 + (1L << 40) + 2.5f + 0.25 + 0.5, Run(-1, 1L << 40, 2.5f, 0.25));
        Assert.Equal((-1, 1L << 40, 2.5f, 0.25), seen[0]);
        Assert.True(double.IsNaN(Run(0, 0, float.NaN, 0)));
        Assert.Equal(2, seen.Count);
    }

    /// <summary>The same module linked once to a delegate of its shape, once to one of another shape (uint), once raw.</summary>
    [Fact]
    public void EachInstanceCallsItsOwnHostFunctionWhateverItsForm()
    {
        const string wat = """
            (module (import "env" "f" (func $f (param i32) (result i32)))
              (func (export "run") (param i32) (result i32) (call $f (local.get 0))))
            """;
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var module = Module.FromText(engine, wat);
        var direct = new Linker(engine);
        direct.DefineFunction<int, int>("env", "f", x => x * 2);
        var unsigned = new Linker(engine);
        unsigned.DefineFunction<uint, uint>("env", "f", x => x / 2);
        var raw = new Linker(engine);
        raw.DefineFunction("env", "f", new FuncType([ValType.I32], [ValType.I32]), (a, r) => r[0] = Value.I32(a[0].AsInt32() + 7));
        var store = new Store(engine);
        var a = direct.Instantiate(store, module).GetFunction<int, int>("run");
        var b = unsigned.Instantiate(store, module).GetFunction<int, int>("run");
        var c = raw.Instantiate(store, module).GetFunction<int, int>("run");
        Assert.Equal(0, CompiledModule.Get(module.Definition, new CompilerLimits()).InterpretedCount);
        Assert.Equal(-20, a(-10));
        Assert.Equal(0x7ffffffb, b(-10));
        Assert.Equal(-3, c(-10));
    }

    /// <summary>A host function that grows the memory and writes to the new page: the caller reads it after the call.</summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void AHostFunctionMayGrowTheMemory(EngineKind kind)
    {
        const string wat = """
            (module (import "env" "grow" (func $grow (param i32) (result i32)))
              (memory (export "mem") 1)
              (func (export "run") (result i32)
                (drop (i32.load (i32.const 0)))
                (drop (call $grow (i32.const 1)))
                (i32.load (i32.const 70000))))
            """;
        var engine = new Engine(new EngineOptions { Kind = kind });
        var linker = new Linker(engine);
        Memory? mem = null;
        linker.DefineFunction<int, int>("env", "grow", n =>
        {
            int old = (int)mem!.Grow(n);
            mem.WriteInt32(70000, 1234);
            return old;
        });
        var inst = linker.Instantiate(new Store(engine), Module.FromText(engine, wat));
        mem = inst.GetMemory("mem");
        Assert.Equal(1234, inst.GetFunction<int>("run")());
    }

    /// <summary>Recursion through the host: the guest calls the host, which calls the guest again; deep recursion still ends in a trap.</summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public void RecursionThroughTheHostWorksAndIsBounded(EngineKind kind)
    {
        const string wat = """
            (module (import "env" "down" (func $down (param i32) (result i32)))
              (func (export "count") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))
            """;
        var engine = new Engine(new EngineOptions { Kind = kind });
        var linker = new Linker(engine);
        Func<int, int>? count = null;
        linker.DefineFunction<int, int>("env", "down", n => count!(n));
        count = linker.Instantiate(new Store(engine), Module.FromText(engine, wat)).GetFunction<int, int>("count");
        Assert.Equal(100, count(100));
        var e = Assert.Throws<TrapException>(() => count(10_000_000));
        Assert.Equal("call stack exhausted", e.Message);
        Assert.Equal(5, count(5)); // the store is usable afterwards
    }

    /// <summary>A trap raised by the host passes through the compiled caller with its frame, as in the interpreter.</summary>
    [Fact]
    public void AHostTrapHasTheCallersFrame()
    {
        const string wat = """
            (module (import "env" "fail" (func $fail (param i32)))
              (func $inner (export "run") (param i32) (call $fail (local.get 0))))
            """;
        string Frames(EngineKind kind)
        {
            var engine = new Engine(new EngineOptions { Kind = kind });
            var linker = new Linker(engine);
            linker.DefineFunction<int>("env", "fail", n => throw new TrapException(TrapKind.HostTrap, "host says no " + n));
            var run = linker.Instantiate(new Store(engine), Module.FromText(engine, wat)).GetAction<int>("run");
            var e = Assert.Throws<TrapException>(() => run(3));
            Assert.Equal("host says no 3", e.Message);
            return string.Join(";", e.WasmStack.Select(f => $"{f.FunctionIndex}@{f.CodeOffset}"));
        }
        string compiled = Frames(EngineKind.Compiler);
        Assert.NotEmpty(compiled);
        Assert.Equal(Frames(EngineKind.Interpreter), compiled);
    }

    /// <summary>
    /// Host calls allocate nothing: the compiler's direct call passes the arguments as they are, and the value-stack
    /// path (the interpreter, raw definitions) passes them in a buffer on the stack. A run allocates the same with 10
    /// calls as with 1,000.
    /// </summary>
    [Theory]
    [InlineData(EngineKind.Compiler, true)]
    [InlineData(EngineKind.Compiler, false)]
    [InlineData(EngineKind.Interpreter, true)]
    [InlineData(EngineKind.Interpreter, false)]
    public void HostCallsAllocateNothing(EngineKind kind, bool typed)
    {
        const string wat = """
            (module (import "env" "inc" (func $inc (param i32) (result i32)))
              (func (export "loop") (param i32) (result i32) (local i32)
                (block (loop
                  (br_if 1 (i32.ge_u (local.get 1) (local.get 0)))
                  (local.set 1 (call $inc (local.get 1)))
                  (br 0)))
                (local.get 1)))
            """;
        var engine = new Engine(new EngineOptions { Kind = kind });
        var linker = new Linker(engine);
        if (typed) linker.DefineFunction<int, int>("env", "inc", x => x + 1);
        else linker.DefineFunction("env", "inc", new FuncType([ValType.I32], [ValType.I32]), (a, r) => r[0] = Value.I32(a[0].AsInt32() + 1));
        var run = linker.Instantiate(new Store(engine), Module.FromText(engine, wat)).GetFunction<int, int>("loop");
        Assert.Equal(10, run(10));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(10, run(10));
        long perRun = GC.GetAllocatedBytesForCurrentThread() - before; // the entry's own, if any
        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(1000, run(1000));
        Assert.Equal(perRun, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The emitted code calls an import of a numeric type through the delegate of its shape, and any other through the value stack only.</summary>
    [Fact]
    public void OnlyImportsOfNumericTypesGetTheDirectCall()
    {
        const string wat = """
            (module
              (import "env" "f" (func $f (param i32 f64) (result i64)))
              (import "env" "g" (func $g (param externref)))
              (func (export "run") (param externref) (result i64)
                (call $g (local.get 0))
                (call $f (i32.const 1) (f64.const 2))))
            """;
        var il = Cilantro.Aot.AotCompiler.Compile(Cilantro.Text.Wat.ToBinary(wat, WasmFeatures.Default), new Cilantro.Aot.AotOptions { DumpIl = true }).Il!;
        Assert.Contains("isinst Func`3", il);
        Assert.Contains("callvirt Func`3::Invoke", il);
        Assert.DoesNotContain("Action`1", il);
        Assert.Equal(typeof(Func<int, double, long>), FunctionCompiler.HostDelegateType(new FuncType([ValType.I32, ValType.F64], [ValType.I64])));
        Assert.Equal(typeof(Action), FunctionCompiler.HostDelegateType(new FuncType([], [])));
        Assert.Null(FunctionCompiler.HostDelegateType(new FuncType([ValType.I32], [ValType.I32, ValType.I32])));
        Assert.Null(FunctionCompiler.HostDelegateType(new FuncType([ValType.V128], [])));
    }

    /// <summary>The direct call in code compiled ahead of time (saved, loaded from a universal module), with a typed and a raw host function.</summary>
    [Fact]
    public void PrecompiledCodeCallsTypedHostFunctionsDirectly()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var module = Module.FromBytes(engine, Cilantro.Aot.AotCompiler.Compile(Cilantro.Text.Wat.ToBinary(Mixed, WasmFeatures.Default)).ToUniversalWasm());
        Assert.True(module.PrecompiledStatus.IsPrecompiled, module.PrecompiledStatus.PrecompiledRejection);
        var typed = new Linker(engine);
        typed.DefineFunction<int, long, float, double, double>("env", "mix", (a, b, c, d) => a * b + c * d);
        var raw = new Linker(engine);
        raw.DefineFunction("env", "mix", new FuncType([ValType.I32, ValType.I64, ValType.F32, ValType.F64], [ValType.F64]),
            (a, r) => r[0] = Value.F64(a[0].AsInt32() - a[3].AsDouble()));
        var store = new Store(engine);
        var args = new[] { Value.I32(3), Value.I64(4), Value.F32(0.5f), Value.F64(8) };
        Assert.Equal(3 * 4 + 0.5 * 8 + 0.5, typed.Instantiate(store, module).GetFunction("run").Call(store, args)[0].AsDouble());
        Assert.Equal(3 - 8 + 0.5, raw.Instantiate(store, module).GetFunction("run").Call(store, args)[0].AsDouble());
    }
}
