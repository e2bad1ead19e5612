using BenchmarkDotNet.Attributes;

namespace Cilantro.Benchmarks;

/// <summary>
/// The runtime compiler against native C# on the shared kernels (<see cref="Kernels"/>): fib(30), the 1e8-iteration i64 loop and the
/// 16 MiB fill-and-sum (against a bounds-checked <c>byte[]</c> baseline and an unchecked pointer one). Compare the Ratio
/// column within each category.
/// </summary>
public class CompilerBenchmarks : KernelBenchmarks
{
    /// <summary>
    /// <see cref="EngineOptions.UnloadableCode"/>: true (the default) puts the code in a collectible assembly, whose
    /// methods .NET calls through a jump stub; false is what <c>cilantro run</c> uses.
    /// </summary>
    [Params(true, false)]
    public bool UnloadableCode { get; set; }

    /// <summary>Loads the kernels into the runtime compiler.</summary>
    [GlobalSetup]
    public void Setup() => Load(new EngineOptions { Kind = EngineKind.Compiler, UnloadableCode = UnloadableCode });

    /// <summary>Compiled fib(30).</summary>
    [Benchmark, BenchmarkCategory("fib")]
    public int CompilerFib() => GuestFib(Kernels.FibN);

    /// <summary>Compiled i64 loop, 1e8 iterations.</summary>
    [Benchmark, BenchmarkCategory("loop")]
    public long CompilerLoop() => GuestLoop(Kernels.LoopN);

    /// <summary>Compiled 16 MiB fill then sum.</summary>
    [Benchmark, BenchmarkCategory("memory")]
    public long CompilerFillSum() => GuestFillSum(Kernels.MemoryBytes);
}
