using System.Reflection;
using Cilantro.Compiler;
using Cilantro.Model;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// What the in-memory compiler defines per module (one method per function, entry stubs shared per function type and
/// built on first use) and what a fresh store allocates (the reference stack only on first use).
/// </summary>
public class EmissionTests
{
    private const string Wat = """
        (module
          (func $swap (export "swap") (param i64 f32) (result f32 i64 i32)
            local.get 1 local.get 0 i32.const 7)
          (func $swap2 (export "swap2") (param i64 f32) (result f32 i64 i32)
            local.get 1 local.get 0 i32.const 8)
          (func $id (export "id") (param externref) (result externref) local.get 0)
          (func $vec (export "vec") (param v128) (result v128) local.get 0 local.get 0 i32x4.add)
          (func $inner (param i32) (result i32) local.get 0 i32.const 1 i32.add)
          (func (export "outer") (param i32) (result i32) local.get 0 call $inner))
        """;

    private static (Module Module, Store Store, Instance Instance) Load()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var module = Module.FromText(engine, Wat);
        var store = new Store(engine);
        return (module, store, new Linker(engine).Instantiate(store, module));
    }

    [Fact]
    public void FunctionsShareEntryStubsByTypeAndNoneIsDefinedPerFunction()
    {
        var (module, store, inst) = Load();

        var r = inst.GetFunction("swap").Call(store, Value.I64(-5), Value.F32(1.5f));
        Assert.Equal([Value.F32(1.5f), Value.I64(-5), Value.I32(7)], r);
        Assert.Equal(Value.I32(8), inst.GetFunction("swap2").Call(store, Value.I64(1), Value.F32(2f))[2]);
        var o = new object();
        Assert.Same(o, inst.GetFunction("id").Call(store, Value.FromRef(ValType.ExternRef, o))[0].Ref);
        var v = inst.GetFunction("vec").Call(store, Value.FromV128(new V128(0x0000000200000001UL, 0x0000000400000003UL)))[0].Vector;
        Assert.Equal(new V128(0x0000000400000002UL, 0x0000000800000006UL), v);
        Assert.Equal(42, inst.GetFunction<int, int>("outer")(41));

        var cm = CompiledModule.Get(module.Definition, CompilerMachine.Instance.Limits);
        Assert.Equal(0, cm.InterpretedCount);
        var type = cm.Methods[0]!.DeclaringType!;
        var names = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => m.Name).Order().ToArray();
        Assert.Equal(["f0", "f1", "f2", "f3", "f4", "f5"], names);
        Assert.Same(SharedEntries.Get(cm.FuncTypes[0]), SharedEntries.Get(cm.FuncTypes[1]));
    }

    [Fact]
    public void AFreshStoreAllocatesItsReferenceStackOnFirstUse()
    {
        var (_, store, inst) = Load();
        var refs = typeof(Cilantro.Runtime.ExecContext).GetField("_refs", BindingFlags.NonPublic | BindingFlags.Instance)!;
        Assert.Equal(42, inst.GetFunction<int, int>("outer")(41));
        Assert.Null(refs.GetValue(store.Context));
        var o = new object();
        Assert.Same(o, inst.GetFunction("id").Call(store, Value.FromRef(ValType.ExternRef, o))[0].Ref);
        Assert.NotNull(refs.GetValue(store.Context));
    }
}
