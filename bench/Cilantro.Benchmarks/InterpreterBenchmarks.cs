using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Cilantro.Benchmarks;

/// <summary>
/// The interpreter against native C# on the anchors: recursive fib(30), a 1e8-iteration i64 arithmetic loop,
/// and a 16 MiB memory fill-and-sum. Each pair runs in the same process; compare the Ratio column.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InterpreterBenchmarks
{
    /// <summary>The guest programs (same algorithms as the native baselines below).</summary>
    public const string Wat = """
        (module
          (func $fib (export "fib") (param i32) (result i32)
            local.get 0 i32.const 2 i32.lt_s
            if (result i32) local.get 0
            else local.get 0 i32.const 1 i32.sub call $fib local.get 0 i32.const 2 i32.sub call $fib i32.add end)
          (func (export "loop") (param i64) (result i64) (local i64 i64)
            block loop
              local.get 1 local.get 0 i64.ge_s br_if 1
              local.get 2 local.get 1 i64.const 3 i64.mul i64.xor i64.const 7 i64.add local.set 2
              local.get 1 i64.const 1 i64.add local.set 1
              br 0 end end
            local.get 2)
          (memory 256)
          (func (export "fillsum") (param i32) (result i64) (local i32 i64)
            block loop local.get 1 local.get 0 i32.ge_u br_if 1
              local.get 1 local.get 1 i32.store
              local.get 1 i32.const 4 i32.add local.set 1 br 0 end end
            i32.const 0 local.set 1
            block loop local.get 1 local.get 0 i32.ge_u br_if 1
              local.get 2 local.get 1 i64.load32_u i64.add local.set 2
              local.get 1 i32.const 4 i32.add local.set 1 br 0 end end
            local.get 2))
        """;

    private Func<int, int> _fib = null!;
    private Func<long, long> _loop = null!;
    private Func<int, long> _fill = null!;
    private unsafe byte* _native;

    /// <summary>Loads the module into the interpreter.</summary>
    [GlobalSetup]
    public unsafe void Setup()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Wat);
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        _fib = instance.GetFunction<int, int>("fib");
        _loop = instance.GetFunction<long, long>("loop");
        _fill = instance.GetFunction<int, long>("fillsum");
        _native = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(16 << 20);
    }

    private static int NativeFibCore(int n) => n < 2 ? n : NativeFibCore(n - 1) + NativeFibCore(n - 2);

    /// <summary>Native C# fib(30).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("fib")]
    public int NativeFib() => NativeFibCore(30);

    /// <summary>Interpreted fib(30).</summary>
    [Benchmark, BenchmarkCategory("fib")]
    public int InterpreterFib() => _fib(30);

    /// <summary>Native C# i64 loop, 1e8 iterations.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("loop")]
    public long NativeLoop()
    {
        long s = 0;
        for (long i = 0; i < 100_000_000; i++) s = (s ^ (i * 3)) + 7;
        return s;
    }

    /// <summary>Interpreted i64 loop, 1e8 iterations.</summary>
    [Benchmark, BenchmarkCategory("loop")]
    public long InterpreterLoop() => _loop(100_000_000);

    /// <summary>Native C# 16 MiB fill then sum.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("memory")]
    public unsafe long NativeFillSum()
    {
        byte* m = _native;
        const int n = 16 << 20;
        for (int i = 0; i < n; i += 4) *(int*)(m + i) = i;
        long s = 0;
        for (int i = 0; i < n; i += 4) s += *(uint*)(m + i);
        return s;
    }

    /// <summary>Interpreted 16 MiB fill then sum.</summary>
    [Benchmark, BenchmarkCategory("memory")]
    public long InterpreterFillSum() => _fill(16 << 20);
}
