using BenchmarkDotNet.Attributes;

namespace Cilantro.Benchmarks;

/// <summary>
/// The compiler against native C# on the anchors (the guest programs of <see cref="InterpreterBenchmarks"/>):
/// recursive fib(30), a 1e8-iteration i64 loop, and a 16 MiB fill-and-sum compared with a bounds-checked
/// <c>byte[]</c> baseline. Compare the Ratio column within each category.
/// </summary>
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
public class CompilerBenchmarks
{
    private Func<int, int> _fib = null!;
    private Func<long, long> _loop = null!;
    private Func<int, long> _fill = null!;
    private readonly byte[] _array = new byte[16 << 20];

    /// <summary>Loads the module into the compiler.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var engine = new Engine(new EngineOptions { Kind = EngineKind.Compiler });
        var module = Module.FromText(engine, InterpreterBenchmarks.Wat);
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        _fib = instance.GetFunction<int, int>("fib");
        _loop = instance.GetFunction<long, long>("loop");
        _fill = instance.GetFunction<int, long>("fillsum");
    }

    private static int NativeFibCore(int n) => n < 2 ? n : NativeFibCore(n - 1) + NativeFibCore(n - 2);

    /// <summary>Native C# fib(30).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("fib")]
    public int NativeFib() => NativeFibCore(30);

    /// <summary>Compiled fib(30).</summary>
    [Benchmark, BenchmarkCategory("fib")]
    public int CompilerFib() => _fib(30);

    /// <summary>Native C# i64 loop, 1e8 iterations.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("loop")]
    public long NativeLoop()
    {
        long s = 0;
        for (long i = 0; i < 100_000_000; i++) s = (s ^ (i * 3)) + 7;
        return s;
    }

    /// <summary>Compiled i64 loop, 1e8 iterations.</summary>
    [Benchmark, BenchmarkCategory("loop")]
    public long CompilerLoop() => _loop(100_000_000);

    /// <summary>Native C# 16 MiB fill then sum over a bounds-checked byte array.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("memory")]
    public long NativeFillSum()
    {
        byte[] m = _array;
        int n = m.Length;
        for (int i = 0; i < n; i += 4) System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(i), i);
        long s = 0;
        for (int i = 0; i < n; i += 4) s += System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(i));
        return s;
    }

    /// <summary>Compiled 16 MiB fill then sum.</summary>
    [Benchmark, BenchmarkCategory("memory")]
    public long CompilerFillSum() => _fill(16 << 20);
}
