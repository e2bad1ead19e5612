using Cilantro.Aot;
using Xunit;

namespace Cilantro.Tests.Aot;

/// <summary>Ahead-of-time compilation: universal modules, the cache key, precompiled assemblies.</summary>
public sealed class AotTests
{
    internal const string Wat = """
        (module
          (type $ii (func (param i32) (result i32)))
          (memory (export "mem") 1)
          (global $g (mut i32) (i32.const 7))
          (table 2 funcref)
          (elem (i32.const 0) $fib $twice)
          (func $fib (export "fib") (type $ii)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func $twice (type $ii) (i32.mul (local.get 0) (i32.const 2)))
          (func $pair (param i32) (result i32 i32) (local.get 0) (i32.add (local.get 0) (i32.const 1)))
          (func (export "indirect") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0)))
          (func (export "store") (param i32 i32) (result i32)
            (i32.store (local.get 0) (local.get 1))
            (global.set $g (i32.add (global.get $g) (i32.load (local.get 0))))
            (global.get $g))
          (func (export "sum_pair") (param i32) (result i32) (i32.add (call $pair (local.get 0))))
          (func (export "simd") (param i32) (result i32)
            (i32x4.extract_lane 1 (i32x4.add (i32x4.splat (local.get 0)) (v128.const i32x4 1 2 3 4)))))
        """;

    internal static byte[] Bytes => Cilantro.Text.Wat.ToBinary(Wat, WasmFeatures.Default);

    internal static Engine CompilerEngine(WasmFeatures? features = null) =>
        new(new EngineOptions { Kind = EngineKind.Compiler, Features = features ?? WasmFeatures.Default });

    /// <summary>Runs every export of the test module and checks the results.</summary>
    internal static void Check(Module module)
    {
        var store = new Store(module.Engine);
        var inst = new Linker(module.Engine).Instantiate(store, module);
        Assert.Equal(6765, inst.GetFunction<int, int>("fib")(20));
        Assert.Equal(42, inst.GetFunction<int, int, int>("indirect")(1, 21));
        Assert.Equal(610, inst.GetFunction<int, int, int>("indirect")(0, 15));
        Assert.Equal(7 + 5, inst.GetFunction<int, int, int>("store")(16, 5));
        Assert.Equal(2 * 9 + 1, inst.GetFunction<int, int>("sum_pair")(9));
        Assert.Equal(12, inst.GetFunction<int, int>("simd")(10));
        var trap = Assert.Throws<TrapException>(() => inst.GetFunction<int, int, int>("indirect")(5, 1));
        Assert.Contains("undefined element", trap.Message);
    }

    [Fact]
    public void UniversalModuleRunsPrecompiledCode()
    {
        var r = AotCompiler.Compile(Bytes);
        Assert.Equal(7, r.FunctionCount);
        Assert.Equal(7, r.CompiledCount);
        Assert.Equal(0, r.InterpretedCount);
        Assert.Equal(64, r.Key.Length);
        Assert.Equal(r.Key, AotCompiler.KeyOf(Bytes, new AotOptions()));
        var module = Module.FromBytes(CompilerEngine(), r.ToUniversalWasm());
        Assert.Null(module.PrecompiledStatus.PrecompiledRejection);
        Assert.True(module.PrecompiledStatus.IsPrecompiled);
        Check(module);
    }
}
