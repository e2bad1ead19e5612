using BenchmarkDotNet.Attributes;

namespace Cilantro.Benchmarks;

/// <summary>
/// The interpreter against native C# on the shared kernels (<see cref="Kernels"/>): fib(30), the 1e8-iteration i64 loop and the
/// 16 MiB fill-and-sum (against a bounds-checked <c>byte[]</c> baseline and an unchecked pointer one). Compare the Ratio
/// column within each category.
/// </summary>
public class InterpreterBenchmarks : KernelBenchmarks
{
    /// <summary>Loads the kernels into the interpreter.</summary>
    [GlobalSetup]
    public void Setup() => Load(new EngineOptions { Kind = EngineKind.Interpreter });

    /// <summary>Interpreted fib(30).</summary>
    [Benchmark, BenchmarkCategory("fib")]
    public int InterpreterFib() => GuestFib(Kernels.FibN);

    /// <summary>Interpreted i64 loop, 1e8 iterations.</summary>
    [Benchmark, BenchmarkCategory("loop")]
    public long InterpreterLoop() => GuestLoop(Kernels.LoopN);

    /// <summary>Interpreted 16 MiB fill then sum.</summary>
    [Benchmark, BenchmarkCategory("memory")]
    public long InterpreterFillSum() => GuestFillSum(Kernels.MemoryBytes);
}
