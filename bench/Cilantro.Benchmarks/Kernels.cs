using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Cilantro.Benchmarks;

/// <summary>
/// The anchor kernels, shared by every per-engine benchmark class: recursive fib(30), a 1e8-iteration i64
/// arithmetic loop and a 16 MiB memory fill-and-sum, as a WebAssembly module (<see cref="Wat"/>) and as the native C#
/// baselines (the same algorithms). A class deriving from <see cref="KernelBenchmarks"/> gets the baselines as benchmarks
/// of its own, so the Ratio column compares each engine with native code measured in the same run.
/// </summary>
public static class Kernels
{
    /// <summary>fib's argument.</summary>
    public const int FibN = 30;
    /// <summary>Iterations of the loop kernel.</summary>
    public const long LoopN = 100_000_000;
    /// <summary>Bytes filled and summed by the memory kernel (the guest's memory is 256 pages = 16 MiB).</summary>
    public const int MemoryBytes = 16 << 20;

    /// <summary>The guest programs: exports <c>fib</c>, <c>loop</c> and <c>fillsum</c> (same algorithms as below).</summary>
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

    /// <summary>Recursive Fibonacci, as the guest's <c>fib</c>.</summary>
    public static int Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);

    /// <summary>The guest's <c>loop</c>: <c>s = (s ^ (i * 3)) + 7</c> for i below n.</summary>
    public static long Loop(long n)
    {
        long s = 0;
        for (long i = 0; i < n; i++) s = (s ^ (i * 3)) + 7;
        return s;
    }

    /// <summary>The guest's <c>fillsum</c> over a bounds-checked array: store i at every 4-byte i, then sum them as u32.</summary>
    public static long FillSum(byte[] m, int n)
    {
        for (int i = 0; i < n; i += 4) BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(i), i);
        long s = 0;
        for (int i = 0; i < n; i += 4) s += BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(i));
        return s;
    }

    /// <summary>The same fill-and-sum through a raw pointer (no bounds checks at all).</summary>
    public static unsafe long FillSumUnchecked(byte* m, int n)
    {
        for (int i = 0; i < n; i += 4) *(int*)(m + i) = i;
        long s = 0;
        for (int i = 0; i < n; i += 4) s += *(uint*)(m + i);
        return s;
    }
}

/// <summary>
/// Base of the per-engine kernel benchmarks: loads <see cref="Kernels.Wat"/> into an engine and provides the native
/// baselines (category fib, loop, memory). A derived class calls <see cref="Load"/> (or <see cref="LoadAheadOfTime"/>)
/// from its <c>[GlobalSetup]</c> and adds
/// one benchmark per kernel calling <see cref="GuestFib"/>, <see cref="GuestLoop"/> and <see cref="GuestFillSum"/>.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public abstract unsafe class KernelBenchmarks
{
    // the unchecked baseline's buffer: one per process, never freed (the benchmark process ends after the run)
    private static readonly byte* Native = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(Kernels.MemoryBytes);
    private readonly byte[] _array = new byte[Kernels.MemoryBytes];

    /// <summary>The guest's <c>fib</c>.</summary>
    protected Func<int, int> GuestFib { get; private set; } = null!;
    /// <summary>The guest's <c>loop</c>.</summary>
    protected Func<long, long> GuestLoop { get; private set; } = null!;
    /// <summary>The guest's <c>fillsum</c>.</summary>
    protected Func<int, long> GuestFillSum { get; private set; } = null!;

    /// <summary>Loads the kernels into an engine of <paramref name="options"/> and binds the guest delegates.</summary>
    protected void Load(EngineOptions options)
    {
        var engine = new Engine(options);
        Bind(Module.FromText(engine, Kernels.Wat));
    }

    /// <summary>
    /// Compiles the kernels ahead of time (<see cref="Aot.AotCompiler"/>), loads the universal module under the compiler
    /// engine (which runs the embedded code) and binds the guest delegates.
    /// </summary>
    protected void LoadAheadOfTime()
    {
        byte[] universal = Aot.AotCompiler.Compile(Text.Wat.ToBinary(Kernels.Wat)).ToUniversalWasm();
        var module = Module.FromBytes(new Engine(new EngineOptions { Kind = EngineKind.Compiler }), universal);
        if (!module.PrecompiledStatus.IsPrecompiled)
            throw new InvalidOperationException("the precompiled kernels were not used: " + module.PrecompiledStatus.PrecompiledRejection);
        Bind(module);
    }

    private void Bind(Module module)
    {
        var engine = module.Engine;
        var instance = new Linker(engine).Instantiate(new Store(engine), module);
        GuestFib = instance.GetFunction<int, int>("fib");
        GuestLoop = instance.GetFunction<long, long>("loop");
        GuestFillSum = instance.GetFunction<int, long>("fillsum");
    }

    /// <summary>Native C# fib(30).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("fib")]
    public int NativeFib() => Kernels.Fib(Kernels.FibN);

    /// <summary>Native C# i64 loop, 1e8 iterations.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("loop")]
    public long NativeLoop() => Kernels.Loop(Kernels.LoopN);

    /// <summary>Native C# 16 MiB fill then sum over a bounds-checked byte array (what Wasm's checked accesses compare with).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("memory")]
    public long NativeFillSum() => Kernels.FillSum(_array, Kernels.MemoryBytes);

    /// <summary>Native C# 16 MiB fill then sum through a raw pointer (no bounds checks).</summary>
    [Benchmark, BenchmarkCategory("memory")]
    public long NativeFillSumUnchecked() => Kernels.FillSumUnchecked(Native, Kernels.MemoryBytes);
}
