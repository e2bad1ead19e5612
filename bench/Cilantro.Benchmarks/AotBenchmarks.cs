using BenchmarkDotNet.Attributes;

namespace Cilantro.Benchmarks;

/// <summary>
/// Code compiled ahead of time (<c>Cilantro.Aot</c>, loaded from a universal module) against native C# on the shared
/// kernels: fib(30), the 1e8-iteration loop and the 16 MiB fill-and-sum. Compare the Ratio column within each category.
/// </summary>
public class AotBenchmarks : KernelBenchmarks
{
    /// <summary>Compiles the kernels ahead of time and loads them.</summary>
    [GlobalSetup]
    public void Setup() => LoadAheadOfTime();

    /// <summary>Precompiled fib(30).</summary>
    [Benchmark, BenchmarkCategory("fib")]
    public int AotFib() => GuestFib(Kernels.FibN);

    /// <summary>Precompiled i64 loop, 1e8 iterations.</summary>
    [Benchmark, BenchmarkCategory("loop")]
    public long AotLoop() => GuestLoop(Kernels.LoopN);

    /// <summary>Precompiled 16 MiB fill then sum.</summary>
    [Benchmark, BenchmarkCategory("memory")]
    public long AotFillSum() => GuestFillSum(Kernels.MemoryBytes);
}
