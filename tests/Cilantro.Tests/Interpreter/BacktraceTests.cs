using Cilantro.Aot;
using Cilantro.Compiler;
using Cilantro.Instructions;
using Cilantro.Model;
using Xunit;

namespace Cilantro.Tests.Interpreter;

/// <summary>
/// Trap backtraces: frames innermost first, each with the module byte offset of its trapping or calling instruction,
/// the same on every engine (interpreter, compiler, compiler with functions split hard into regions, ahead-of-time code).
/// </summary>
public class BacktraceTests
{
    /// <summary>Module byte offset of the <paramref name="nth"/> (0-based) <paramref name="op"/> in defined function <paramref name="func"/>.</summary>
    internal static int OffsetOf(ModuleDefinition def, int func, Opcode op, int nth = 0)
    {
        var body = def.Bodies[func - def.ImportedFunctionCount];
        var r = new CodeReader(body.Code.Span, body.CodeOffset, WasmFeatures.Default);
        while (!r.AtEnd)
        {
            r.Read(out var ins);
            if (ins.Opcode == op && nth-- == 0) return ins.Offset;
        }
        throw new InvalidOperationException($"no {op} in function {func}");
    }

    /// <summary>The engines every case runs on.</summary>
    public static TheoryData<string> Engines() => new() { "interpreter", "compiler", "split", "aot" };

    private static Engine EngineFor(string kind, int maxCallDepth = 10000) =>
        new(new EngineOptions { Kind = kind == "interpreter" ? EngineKind.Interpreter : EngineKind.Compiler, MaxCallDepth = maxCallDepth });

    private static Module ModuleFor(Engine engine, string kind, string wat, string name = "m")
    {
        if (kind == "aot")
        {
            var bytes = Cilantro.Text.Wat.ToBinary(wat, WasmFeatures.Default);
            var m = Module.FromBytes(engine, AotCompiler.Compile(bytes).ToUniversalWasm(), name);
            Assert.True(m.PrecompiledStatus.IsPrecompiled, m.PrecompiledStatus.PrecompiledRejection);
            return m;
        }
        var module = Module.FromText(engine, wat, name);
        // Nearly every function with some control flow is split into region methods.
        if (kind == "split") CompiledModule.Get(module.Definition, new CompilerLimits { SplitDivisor = 2000 });
        return module;
    }

    /// <summary>An engine of the kind, a store and a linker of it.</summary>
    private static (Engine, Store, Linker) Setup(string kind)
    {
        var engine = EngineFor(kind);
        return (engine, new Store(engine), new Linker(engine));
    }

    private static (Instance, ModuleDefinition) Load(string kind, string wat, Linker? linker = null, Engine? engine = null, Store? store = null, string name = "m")
    {
        engine ??= EngineFor(kind);
        var module = ModuleFor(engine, kind, wat, name);
        var inst = (linker ?? new Linker(engine)).Instantiate(store ?? new Store(engine), module);
        return (inst, module.Definition);
    }

    /// <summary>Asserts the frames: (function index, offset) innermost first, all of module "m".</summary>
    private static void Frames(TrapException e, params (int Func, int Offset)[] expected)
    {
        Assert.Equal(expected.Length, e.WasmStack.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Func, e.WasmStack[i].FunctionIndex);
            Assert.Equal(expected[i].Offset, e.WasmStack[i].CodeOffset);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void EachFrameCarriesTheOffsetOfItsTrappingOrCallingInstruction(string kind)
    {
        var (inst, def) = Load(kind, """
            (module
              (memory 1)
              (func $inner (param i32) (result i32) local.get 0 i32.const 1 i32.add i32.load)
              (func $middle (param i32) (result i32) nop local.get 0 call $inner i32.const 2 i32.add)
              (func $outer (export "outer") (param i32) (result i32) local.get 0 i32.const 3 i32.mul call $middle))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("outer")(100000));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, e.Kind);
        Assert.Equal(3, e.WasmStack.Count);
        Assert.Equal(["inner", "middle", "outer"], e.WasmStack.Select(f => f.FunctionName));
        Assert.All(e.WasmStack, f => Assert.Equal("m", f.ModuleName));
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load)), (1, OffsetOf(def, 1, Opcode.Call)), (2, OffsetOf(def, 2, Opcode.Call)));
        Assert.Contains($"@0x{e.WasmStack[0].CodeOffset:x}", e.WasmStack[0].ToString());
        // Again, now that everything is compiled and warm.
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("outer")(100000));
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load)), (1, OffsetOf(def, 1, Opcode.Call)), (2, OffsetOf(def, 2, Opcode.Call)));
        Assert.Equal(2, inst.GetFunction<int, int>("outer")(1));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void FusedLoadAndDivisionTrapsPointAtTheirOwnInstruction(string kind)
    {
        var (inst, def) = Load(kind, """
            (module
              (memory 1)
              (func (export "load") (param i32) (result i32) (local i32)
                i32.const 5 local.set 1 local.get 0 i32.load offset=4)
              (func (export "div") (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.div_u local.get 0 local.get 1 i32.div_s i32.add)
              (func (export "unreachable") nop nop unreachable))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("load")(65534));
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load)));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("div")(int.MinValue, -1));
        Assert.Equal(TrapKind.IntegerOverflow, e.Kind);
        Frames(e, (1, OffsetOf(def, 1, Opcode.I32DivS)));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("div")(1, 0));
        Frames(e, (1, OffsetOf(def, 1, Opcode.I32DivU)));
        e = Assert.Throws<TrapException>(() => inst.GetAction("unreachable")());
        Frames(e, (2, OffsetOf(def, 2, Opcode.Unreachable)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void ExhaustionPointsAtTheCallAndIndirectCallTrapsAtCallIndirect(string kind)
    {
        var (inst, def) = Load(kind, """
            (module
              (type $t (func (result i32)))
              (table 2 funcref)
              (func $rec (export "rec") (result i32) nop call $rec)
              (func (export "indirect") (param i32) (result i32) local.get 0 call_indirect (type $t)))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int>("rec")());
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        int call = OffsetOf(def, 0, Opcode.Call);
        Assert.Equal(200, e.WasmStack.Count);
        Assert.All(e.WasmStack, f => Assert.Equal(call, f.CodeOffset));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("indirect")(1));
        Assert.Equal(TrapKind.UninitializedElement, e.Kind);
        Assert.Equal("uninitialized element 1", e.Message);
        Frames(e, (1, OffsetOf(def, 1, Opcode.CallIndirect)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void FramesOfTwoModulesAndAHostFunctionInBetween(string kind)
    {
        var (engine, store, linker) = Setup(kind);
        var (lib, libDef) = Load(kind, """
            (module
              (memory 1)
              (func (export "deep") (param i32) (result i32) local.get 0 i32.load))
            """, linker, engine, store);
        linker.Define("lib", "deep", lib.GetExport("deep")!);
        Func<int, int> deep = lib.GetFunction<int, int>("deep");
        linker.DefineFunction("host", "callback", (int x) => deep(x));
        var (app, appDef) = Load(kind, """
            (module
              (import "lib" "deep" (func $deep (param i32) (result i32)))
              (import "host" "callback" (func $cb (param i32) (result i32)))
              (func $a (export "direct") (param i32) (result i32) local.get 0 call $deep)
              (func $b (export "viaHost") (param i32) (result i32) local.get 0 call $cb))
            """, linker, engine, store);
        var e = Assert.Throws<TrapException>(() => app.GetFunction<int, int>("direct")(70000));
        Frames(e, (0, OffsetOf(libDef, 0, Opcode.I32Load)), (2, OffsetOf(appDef, 2, Opcode.Call)));
        e = Assert.Throws<TrapException>(() => app.GetFunction<int, int>("viaHost")(70000));
        Frames(e, (0, OffsetOf(libDef, 0, Opcode.I32Load)), (3, OffsetOf(appDef, 3, Opcode.Call)));
        // The store stays usable and the module stack is balanced afterwards.
        Assert.Equal(0, app.GetFunction<int, int>("direct")(8));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void CompiledInterpretedCompiled(string kind)
    {
        // $mid has too many locals for the compiler: it runs in the interpreter between two compiled functions.
        string locals = string.Join(" ", Enumerable.Repeat("i32", 1600));
        var (inst, def) = Load(kind, $$"""
            (module
              (memory 1)
              (func $inner (param i32) (result i32) local.get 0 i32.load)
              (func $mid (param i32) (result i32) (local {{locals}}) nop local.get 0 call $inner)
              (func $outer (export "outer") (param i32) (result i32) local.get 0 call $mid i32.const 1 i32.add))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("outer")(70000));
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load)), (1, OffsetOf(def, 1, Opcode.Call)), (2, OffsetOf(def, 2, Opcode.Call)));
        Assert.Equal(1, inst.GetFunction<int, int>("outer")(0));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void TrapsInHelpersAndHostFunctions(string kind)
    {
        var engine = EngineFor(kind);
        var linker = new Linker(engine);
        linker.DefineFunction("host", "fail", (int x) => { if (x != 0) throw new TrapException(TrapKind.HostTrap, "host says no"); });
        var (inst, def) = Load(kind, """
            (module
              (import "host" "fail" (func $fail (param i32)))
              (memory 1)
              (table 2 funcref)
              (func $fill (param i32) nop local.get 0 i32.const 0 i32.const 16 memory.fill)
              (func $get (param i32) (result funcref) local.get 0 table.get 0)
              (func $conv (param f32) (result i32) local.get 0 i32.trunc_f32_s)
              (func $host (param i32) i32.const 1 drop local.get 0 call $fail)
              (func (export "fill") (param i32) local.get 0 call $fill)
              (func (export "get") (param i32) local.get 0 call $get drop)
              (func (export "conv") (param f32) (result i32) local.get 0 call $conv)
              (func (export "host") (param i32) local.get 0 call $host))
            """, linker, engine);
        var e = Assert.Throws<TrapException>(() => inst.GetAction<int>("fill")(65530));
        Frames(e, (1, OffsetOf(def, 1, Opcode.MemoryFill)), (5, OffsetOf(def, 5, Opcode.Call)));
        e = Assert.Throws<TrapException>(() => inst.GetAction<int>("get")(7));
        Assert.Equal(TrapKind.OutOfBoundsTableAccess, e.Kind);
        Frames(e, (2, OffsetOf(def, 2, Opcode.TableGet)), (6, OffsetOf(def, 6, Opcode.Call)));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<float, int>("conv")(float.NaN));
        Assert.Equal(TrapKind.InvalidConversionToInteger, e.Kind);
        Frames(e, (3, OffsetOf(def, 3, Opcode.I32TruncF32S)), (7, OffsetOf(def, 7, Opcode.Call)));
        e = Assert.Throws<TrapException>(() => inst.GetAction<int>("host")(1));
        Assert.Equal("host says no", e.Message);
        Frames(e, (4, OffsetOf(def, 4, Opcode.Call)), (8, OffsetOf(def, 8, Opcode.Call)));
        inst.GetAction<int>("host")(0);
        Assert.Equal(5, inst.GetFunction<float, int>("conv")(5.5f));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void TrapsInsideLoopsAndBlocksAndThroughCallIndirect(string kind)
    {
        var (inst, def) = Load(kind, """
            (module
              (type $t (func (param i32) (result i32)))
              (memory 1)
              (table 2 funcref)
              (elem (i32.const 0) $sum)
              (func $sum (param i32) (result i32) (local i32 i32)
                (block $done
                  (loop $next
                    (br_if $done (i32.eqz (local.get 0)))
                    (if (i32.gt_u (local.get 0) (i32.const 100))
                      (then (local.set 2 (i32.div_u (local.get 2) (i32.sub (local.get 0) (local.get 0))))))
                    (local.set 1 (i32.add (local.get 1) (i32.load (i32.mul (local.get 0) (i32.const 4096)))))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (br $next)))
                (local.get 1))
              (func (export "via") (param i32 i32) (result i32)
                (block (result i32)
                  (loop (result i32)
                    (call_indirect (type $t) (local.get 0) (local.get 1))))))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("via")(20, 0));
        Assert.Equal(TrapKind.OutOfBoundsMemoryAccess, e.Kind);
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load)), (1, OffsetOf(def, 1, Opcode.CallIndirect)));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("via")(101, 0));
        Assert.Equal(TrapKind.IntegerDivideByZero, e.Kind);
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32DivU)), (1, OffsetOf(def, 1, Opcode.CallIndirect)));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("via")(1, 5));
        Assert.Equal(TrapKind.UndefinedElement, e.Kind);
        Frames(e, (1, OffsetOf(def, 1, Opcode.CallIndirect)));
        Assert.Equal(0, inst.GetFunction<int, int, int>("via")(0, 0));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void FunctionWithManyCalls(string kind)
    {
        // Nine calls: the compiler protects the whole body (one handler reading a site local) rather than each call.
        string calls = string.Concat(Enumerable.Repeat("i32.const 0 call $leaf drop ", 8));
        var (inst, def) = Load(kind, $$"""
            (module
              (memory 1)
              (func $leaf (param i32) (result i32) local.get 0 i32.load)
              (func $many (export "many") (param i32) (result i32)
                {{calls}}
                local.get 0 i32.const 1 i32.eq if unreachable end
                local.get 0 call $leaf))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("many")(70000));
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load)), (1, OffsetOf(def, 1, Opcode.Call, 8)));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("many")(1));
        Frames(e, (1, OffsetOf(def, 1, Opcode.Unreachable)));
        Assert.Equal(0, inst.GetFunction<int, int>("many")(8));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void CallIndirectIntoAnotherInstance(string kind)
    {
        var (engine, store, linker) = Setup(kind);
        var (lib, libDef) = Load(kind, """
            (module
              (memory 1)
              (table (export "t") 2 funcref)
              (elem (i32.const 1) $deep)
              (func $deep (param i32) (result i32) nop local.get 0 i32.load)
              (func $wrap (export "wrap") (param i32) (result i32) local.get 0 call $deep))
            """, linker, engine, store, "lib");
        linker.Define("lib", "t", lib.GetExport("t")!);
        linker.Define("lib", "wrap", lib.GetExport("wrap")!);
        var (app, appDef) = Load(kind, """
            (module
              (type $t (func (param i32) (result i32)))
              (import "lib" "t" (table 2 funcref))
              (import "lib" "wrap" (func $wrap (param i32) (result i32)))
              (memory 1)
              (func $own (param i32) (result i32) local.get 0 i32.load)
              (elem (i32.const 0) $own)
              (func $via (param i32 i32) (result i32) local.get 0 local.get 1 call_indirect (type $t))
              (func (export "run") (param i32 i32) (result i32) local.get 0 local.get 1 call $via)
              (func (export "both") (param i32) (result i32) local.get 0 call $wrap local.get 0 i32.const 0 call $via i32.add))
            """, linker, engine, store, "app");
        // Run lib first: its functions are then compiled, and call_indirect calls into them directly.
        Assert.Equal(0, lib.GetFunction<int, int>("wrap")(0));
        var e = Assert.Throws<TrapException>(() => app.GetFunction<int, int, int>("run")(70000, 1));
        Frames(e, (0, OffsetOf(libDef, 0, Opcode.I32Load)), (2, OffsetOf(appDef, 2, Opcode.CallIndirect)), (3, OffsetOf(appDef, 3, Opcode.Call)));
        Assert.Equal(["lib", "app", "app"], e.WasmStack.Select(f => f.ModuleName));
        e = Assert.Throws<TrapException>(() => app.GetFunction<int, int, int>("run")(70000, 0));
        Frames(e, (1, OffsetOf(appDef, 1, Opcode.I32Load)), (2, OffsetOf(appDef, 2, Opcode.CallIndirect)), (3, OffsetOf(appDef, 3, Opcode.Call)));
        Assert.Equal(["app", "app", "app"], e.WasmStack.Select(f => f.ModuleName));
        e = Assert.Throws<TrapException>(() => app.GetFunction<int, int>("both")(70000));
        Frames(e, (0, OffsetOf(libDef, 0, Opcode.I32Load)), (1, OffsetOf(libDef, 1, Opcode.Call)), (4, OffsetOf(appDef, 4, Opcode.Call)));
        Assert.Equal(["lib", "lib", "app"], e.WasmStack.Select(f => f.ModuleName));
        Assert.Equal(0, app.GetFunction<int, int, int>("run")(8, 1));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void LoopEntryChecksReportTheFirstLoadOutOfBounds(string kind)
    {
        // The compiler checks the loads at the start of the loop once, before it (through the locals the loop never
        // sets): the trap must still be the first load out of bounds, in the order the loop runs them.
        var (inst, def) = Load(kind, """
            (module
              (memory 1)
              (func (export "f") (param i32 i32 i32) (result i32) (local i32)
                (loop $l
                  local.get 0 i32.load drop
                  local.get 1 i32.load drop
                  local.get 0 i32.load offset=100 drop
                  (local.set 3 (i32.add (local.get 3) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get 3) (local.get 2))))
                local.get 3))
            """);
        var f = inst.GetFunction<int, int, int, int>("f");
        Assert.Equal(3, f(0, 0, 3));
        var e = Assert.Throws<TrapException>(() => f(65536 - 50, 70000, 3));
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load, 1)));
        e = Assert.Throws<TrapException>(() => f(65536 - 50, 0, 3));
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load, 2)));
        e = Assert.Throws<TrapException>(() => f(70000, 70000, 3));
        Frames(e, (0, OffsetOf(def, 0, Opcode.I32Load, 0)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void NativeStackExhaustionPointsAtTheCalls(string kind)
    {
        // A depth limit the native stack cannot reach: compiled code stops where the stack runs out (the probe in the
        // callee's prologue), and each frame is at its call, as when the depth limit is reached.
        var engine = EngineFor(kind, 1_000_000);
        var (inst, def) = Load(kind, """
            (module
              (func $rec (export "rec") (param i64 i64) (result i64)
                (call $rec (i64.add (local.get 0) (i64.const 1)) (local.get 1))
                (i64.add (local.get 1))))
            """, engine: engine);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<long, long, long>("rec")(0, 1));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal(200, e.WasmStack.Count);
        int call = OffsetOf(def, 0, Opcode.Call);
        Assert.All(e.WasmStack, f => Assert.Equal(call, f.CodeOffset));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void DeepRecursionThroughCompiledAndInterpretedCode(string kind)
    {
        // $b is left to the interpreter by the compiler: every level enters the other engine, and the trap crosses
        // thousands of entries on its way out (it must not overflow the native stack).
        string locals = string.Join(" ", Enumerable.Repeat("i32", 1600));
        var (inst, def) = Load(kind, $$"""
            (module
              (func $a (export "a") (param i32) (result i32) local.get 0 i32.const 1 i32.add call $b)
              (func $b (param i32) (result i32) (local {{locals}}) local.get 0 call $a))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("a")(0));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        int[] calls = [OffsetOf(def, 0, Opcode.Call), OffsetOf(def, 1, Opcode.Call)];
        Assert.All(e.WasmStack, f => Assert.Equal(calls[f.FunctionIndex], f.CodeOffset));
        Assert.Equal(0, e.WasmStack[^1].FunctionIndex);
    }
}
