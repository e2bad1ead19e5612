using Cilantro.Instructions;
using Cilantro.Model;
using Xunit;

namespace Cilantro.Tests.Interpreter;

/// <summary>Trap backtraces of the interpreter: frames innermost first, each with the module byte offset of its instruction.</summary>
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

    private static (Instance, ModuleDefinition) Load(string wat, Linker? linker = null, Engine? engine = null, Store? store = null)
    {
        engine ??= new Engine();
        var module = Module.FromText(engine, wat, "m");
        var inst = (linker ?? new Linker(engine)).Instantiate(store ?? new Store(engine), module);
        return (inst, module.Definition);
    }

    [Fact]
    public void EachFrameCarriesTheOffsetOfItsTrappingOrCallingInstruction()
    {
        var (inst, def) = Load("""
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
        Assert.Equal(OffsetOf(def, 0, Opcode.I32Load), e.WasmStack[0].CodeOffset);
        Assert.Equal(OffsetOf(def, 1, Opcode.Call), e.WasmStack[1].CodeOffset);
        Assert.Equal(OffsetOf(def, 2, Opcode.Call), e.WasmStack[2].CodeOffset);
        Assert.Contains($"@0x{e.WasmStack[0].CodeOffset:x}", e.WasmStack[0].ToString());
    }

    [Fact]
    public void FusedLoadAndDivisionTrapsPointAtTheirOwnInstruction()
    {
        var (inst, def) = Load("""
            (module
              (memory 1)
              (func (export "load") (param i32) (result i32) (local i32)
                i32.const 5 local.set 1 local.get 0 i32.load offset=4)
              (func (export "div") (param i32 i32) (result i32)
                local.get 0 local.get 1 i32.div_u local.get 0 local.get 1 i32.div_s i32.add)
              (func (export "unreachable") nop nop unreachable))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("load")(65534));
        Assert.Equal(OffsetOf(def, 0, Opcode.I32Load), e.WasmStack[0].CodeOffset);
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("div")(int.MinValue, -1));
        Assert.Equal(TrapKind.IntegerOverflow, e.Kind);
        Assert.Equal(OffsetOf(def, 1, Opcode.I32DivS), e.WasmStack[0].CodeOffset);
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("div")(1, 0));
        Assert.Equal(OffsetOf(def, 1, Opcode.I32DivU), e.WasmStack[0].CodeOffset);
        e = Assert.Throws<TrapException>(() => inst.GetAction("unreachable")());
        Assert.Equal(OffsetOf(def, 2, Opcode.Unreachable), e.WasmStack[0].CodeOffset);
    }

    [Fact]
    public void ExhaustionPointsAtTheCallAndIndirectCallTrapsAtCallIndirect()
    {
        var (inst, def) = Load("""
            (module
              (type $t (func (result i32)))
              (table 2 funcref)
              (func $rec (export "rec") (result i32) nop call $rec)
              (func (export "indirect") (param i32) (result i32) local.get 0 call_indirect (type $t)))
            """);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction<int>("rec")());
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        int call = OffsetOf(def, 0, Opcode.Call);
        Assert.All(e.WasmStack, f => Assert.Equal(call, f.CodeOffset));
        e = Assert.Throws<TrapException>(() => inst.GetFunction<int, int>("indirect")(1));
        Assert.Equal(TrapKind.UninitializedElement, e.Kind);
        Assert.Equal("uninitialized element 1", e.Message);
        Assert.Equal(OffsetOf(def, 1, Opcode.CallIndirect), e.WasmStack[0].CodeOffset);
    }

    [Fact]
    public void FramesOfTwoModulesAndAHostFunctionInBetween()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        var (lib, libDef) = Load("""
            (module
              (memory 1)
              (func (export "deep") (param i32) (result i32) local.get 0 i32.load))
            """, linker, engine, store);
        linker.Define("lib", "deep", lib.GetExport("deep")!);
        Func<int, int> deep = lib.GetFunction<int, int>("deep");
        linker.DefineFunction("host", "callback", (int x) => deep(x));
        var (app, appDef) = Load("""
            (module
              (import "lib" "deep" (func $deep (param i32) (result i32)))
              (import "host" "callback" (func $cb (param i32) (result i32)))
              (func $a (export "direct") (param i32) (result i32) local.get 0 call $deep)
              (func $b (export "viaHost") (param i32) (result i32) local.get 0 call $cb))
            """, linker, engine, store);
        var e = Assert.Throws<TrapException>(() => app.GetFunction<int, int>("direct")(70000));
        Assert.Equal(2, e.WasmStack.Count);
        Assert.Equal(OffsetOf(libDef, 0, Opcode.I32Load), e.WasmStack[0].CodeOffset);
        Assert.Equal(OffsetOf(appDef, 2, Opcode.Call), e.WasmStack[1].CodeOffset);
        e = Assert.Throws<TrapException>(() => app.GetFunction<int, int>("viaHost")(70000));
        Assert.Equal(OffsetOf(libDef, 0, Opcode.I32Load), e.WasmStack[0].CodeOffset);
        Assert.Equal(OffsetOf(appDef, 3, Opcode.Call), e.WasmStack[^1].CodeOffset);
        // The store stays usable and the module stack is balanced afterwards.
        Assert.Equal(0, app.GetFunction<int, int>("direct")(8));
    }
}
