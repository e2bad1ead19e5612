using System.Reflection;
using Cilantro.Compiler;
using Cilantro.Model;
using Cilantro.Tests.Runtime;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// Calls in compiled code: call_indirect's inline fast path against every way a table changes (table.set, table.grow,
/// a table shared with another instance, the host), its traps, and the call-depth limit (the native stack floor)
/// through direct calls, call_indirect and calls between modules.
/// </summary>
public class CallTests
{
    private const string Lib = """
        (module
          (global $g (mut i32) (i32.const 100))
          (table $t (export "table") 4 10 funcref)
          (func $one (export "one") (result i32) i32.const 1)
          (func $two (export "two") (result i32) i32.const 2)
          (func $glob (export "glob") (result i32) global.get $g)
          (func $pair (export "pair") (param i32) (result i32 i32) local.get 0 i32.const 7)
          (elem (table $t) (i32.const 0) func $one $glob)
          (func (export "set") (param i32 i32)
            local.get 0
            (if (result funcref) (i32.eqz (local.get 1)) (then ref.func $one) (else ref.func $two))
            table.set $t)
          (func (export "clear") (param i32) local.get 0 ref.null func table.set $t)
          (func (export "grow") (result i32) ref.func $two i32.const 2 table.grow $t)
          (func (export "call") (param i32) (result i32) local.get 0 call_indirect $t (result i32))
          (func (export "pairsum") (param i32 i32) (result i32)
            local.get 0 local.get 1 call_indirect $t (param i32) (result i32 i32) i32.add)
          (func (export "mismatch") (param i32) (result i64) local.get 0 call_indirect $t (result i64)))
        """;

    private const string User = """
        (module
          (import "lib" "table" (table $t 4 10 funcref))
          (global $g (mut i32) (i32.const 200))
          (func $mine (result i32) global.get $g)
          (elem declare func $mine)
          (func (export "call") (param i32) (result i32) local.get 0 call_indirect $t (result i32))
          (func (export "putmine") (param i32) local.get 0 ref.func $mine table.set $t))
        """;

    private static (Engine, Store, Linker) Setup(bool eager = false)
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler, EagerCompilation = eager });
        return (engine, new Store(engine), new Linker(engine));
    }

    private static string Trap(Action a) => Assert.Throws<TrapException>(a).Message;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CallIndirectFollowsTableSetGrowAndNullEntries(bool eager)
    {
        var (engine, store, linker) = Setup(eager);
        var lib = linker.Instantiate(store, Module.FromText(engine, Lib));
        var call = lib.GetFunction<int, int>("call");
        var set = lib.GetAction<int, int>("set");
        Assert.Equal(1, call(0));
        Assert.Equal(100, call(1));
        set(0, 1);
        Assert.Equal(2, call(0));
        set(0, 0);
        Assert.Equal(1, call(0));
        lib.GetAction<int>("clear")(0);
        Assert.Equal("uninitialized element 0", Trap(() => call(0)));
        Assert.StartsWith("uninitialized element", Trap(() => call(2)));
        Assert.Equal("undefined element", Trap(() => call(4)));
        Assert.Equal("undefined element", Trap(() => call(-1)));
        Assert.Equal(4, lib.GetFunction<int>("grow")());
        Assert.Equal(2, call(4));
        Assert.Equal(2, call(5));
        Assert.Equal("undefined element", Trap(() => call(6)));
        Assert.Equal("indirect call type mismatch", Trap(() => lib.GetFunction<int, long>("mismatch")(1)));
    }

    [Fact]
    public void CallIndirectWithSeveralResults()
    {
        var (engine, store, linker) = Setup();
        var lib = linker.Instantiate(store, Module.FromText(engine, Lib));
        lib.GetTable("table").Set(2, Value.FromRef(ValType.FuncRef, lib.GetFunction("pair")));
        Assert.Equal(12, lib.GetFunction<int, int, int>("pairsum")(5, 2));
        Assert.Equal("indirect call type mismatch", Trap(() => lib.GetFunction<int, int, int>("pairsum")(5, 0)));
    }

    [Fact]
    public void ASharedTableCallsEachFunctionWithItsOwnInstance()
    {
        var (engine, store, linker) = Setup();
        var lib = linker.Instantiate(store, Module.FromText(engine, Lib));
        linker.DefineInstance("lib", lib);
        var user = linker.Instantiate(store, Module.FromText(engine, User));
        var call = user.GetFunction<int, int>("call");
        var libCall = lib.GetFunction<int, int>("call");
        // lib's function reads lib's global, whoever calls it
        Assert.Equal(100, call(1));
        user.GetAction<int>("putmine")(1);
        Assert.Equal(200, call(1));
        Assert.Equal(200, libCall(1));
        // a change made by the other instance is seen at once
        lib.GetAction<int, int>("set")(1, 1);
        Assert.Equal(2, call(1));
        lib.GetAction<int>("clear")(1);
        Assert.StartsWith("uninitialized element", Trap(() => call(1)));
        Assert.Equal(4, lib.GetFunction<int>("grow")());
        Assert.Equal(2, call(5));
    }

    [Fact]
    public void HostFunctionsInATableAreCalledThroughTheSlowPath()
    {
        var (engine, store, linker) = Setup();
        var lib = linker.Instantiate(store, Module.FromText(engine, Lib));
        var host = new Linker(engine);
        host.DefineFunction("h", "f", () => 42);
        var hostModule = host.Instantiate(store, Module.FromText(engine, """(module (import "h" "f" (func $f (result i32))) (export "f" (func $f)))"""));
        lib.GetTable("table").Set(3, Value.FromRef(ValType.FuncRef, hostModule.GetFunction("f")));
        Assert.Equal(42, lib.GetFunction<int, int>("call")(3));
    }

    private const string Recursion = """
        (module
          (type $r (func (param i32) (result i32)))
          (table 2 funcref)
          (elem (i32.const 0) func $direct $indirect)
          (func $direct (export "direct") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then i32.const 0)
              (else (i32.add (i32.const 1) (call $direct (i32.sub (local.get 0) (i32.const 1)))))))
          (func $indirect (export "indirect") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then i32.const 0)
              (else (i32.add (i32.const 1)
                (call_indirect (type $r) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))))
        """;

    [Theory]
    [InlineData("direct")]
    [InlineData("indirect")]
    public void DeepRecursionRunsAndRunawayRecursionTraps(string name)
    {
        var (engine, store, linker) = Setup();
        var f = linker.Instantiate(store, Module.FromText(engine, Recursion)).GetFunction<int, int>(name);
        Assert.Equal(2000, f(2000));
        var e = Assert.Throws<TrapException>(() => f(int.MaxValue));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal("call stack exhausted", e.Message);
        Assert.Equal(300, f(300)); // the store stays usable
    }

    [Fact]
    public void ASmallRecursiveFunctionCallsItselfThroughAnUncheckedTwin()
    {
        // fib: a twin i0 without the stack check, which fib's self-calls call (inlined); a leaf or a function that
        // does not call itself gets none.
        var def = ModuleBuilder.FibModule();
        Assert.Equal(832040, ModuleBuilder.Instantiate(def, new EngineOptions { Kind = EngineKind.Compiler }).GetFunction<int, int>("fib")(30));
        var type = CompiledModule.Get(def, new CompilerLimits()).Methods[0]!.DeclaringType!;
        Assert.NotNull(type.GetMethod("i0", BindingFlags.Public | BindingFlags.Static));
        var (engine, store, linker) = Setup();
        var lib = CompiledModule.Get(Module.FromText(engine, Lib).Definition, new CompilerLimits());
        Assert.DoesNotContain(lib.Methods[0]!.DeclaringType!.GetMethods(), m => m.Name.StartsWith('i'));
    }

    [Fact]
    public void CollectibleCodeCallsItselfAndIndirectlyThroughTheMachineCode()
    {
        // In a collectible assembly a direct call of a method compiled later (a function's call of itself) keeps
        // going through the method's stub: self-calls go through a slot, and call_indirect through IndirectFn, both
        // set to the machine code once the method has it (the first call prepares the entry's code before running).
        var (engine, store, linker) = Setup();
        var module = Module.FromText(engine, Recursion);
        var instance = linker.Instantiate(store, module);
        Assert.Equal(100, instance.GetFunction<int, int>("indirect")(100));
        Assert.Equal(100, instance.GetFunction<int, int>("direct")(100));
        var cm = CompiledModule.Get(module.Definition, new CompilerLimits());
        var type = cm.Methods[0]!.DeclaringType!;
        var slots = (nint[])type.GetField("SelfEntries")!.GetValue(null)!;
        nint direct = cm.Methods[0]!.MethodHandle.GetFunctionPointer(), indirect = cm.Methods[1]!.MethodHandle.GetFunctionPointer();
        Assert.Equal(direct, slots[0]);
        Assert.Equal(0, slots[1]); // calls itself only through the table
        var runtime = (Cilantro.Runtime.WasmFunction)instance.GetFunction("indirect")!.Instance;
        Assert.Equal(indirect, runtime.IndirectFn);
        // The twin's twin: three levels of the recursion per call through the slot.
        Assert.NotNull(type.GetMethod("j0", BindingFlags.Public | BindingFlags.Static));
        // Code in a non-collectible assembly calls through the method's own slot: no slots, no second twin.
        var persistent = CompiledModule.Get(module.Definition, new CompilerLimits { UnloadableCode = false }).Methods[0]!.DeclaringType!;
        Assert.Null(persistent.GetField("SelfEntries"));
        Assert.Null(persistent.GetMethod("j0", BindingFlags.Public | BindingFlags.Static));
    }

    [Fact]
    public void RunawayRecursionBetweenModulesTraps()
    {
        // a calls b through an import, b calls a back through a table of a third module: neither module's code alone recurses
        var (engine, store, linker) = Setup();
        linker.DefineInstance("t", linker.Instantiate(store, Module.FromText(engine, """(module (table (export "t") 1 funcref))""")));
        linker.DefineInstance("b", linker.Instantiate(store, Module.FromText(engine, """
            (module
              (import "t" "t" (table 1 funcref))
              (func (export "f") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then i32.const 0)
                  (else (i32.add (i32.const 1)
                    (call_indirect (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))))
            """)));
        var a = linker.Instantiate(store, Module.FromText(engine, """
            (module
              (import "t" "t" (table 1 funcref))
              (import "b" "f" (func $b (param i32) (result i32)))
              (elem (i32.const 0) func $a)
              (func $a (export "a") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then i32.const 0)
                  (else (i32.add (i32.const 1) (call $b (i32.sub (local.get 0) (i32.const 1))))))))
            """));
        var run = a.GetFunction<int, int>("a");
        Assert.Equal(1000, run(1000));
        var e = Assert.Throws<TrapException>(() => run(int.MaxValue));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal(10, run(10));
    }
}
