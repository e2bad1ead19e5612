using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Cilantro.Binary;
using Cilantro.Compiler;
using Cilantro.Interpreter;
using Cilantro.Model;

namespace Cilantro.Benchmarks;

/// <summary>
/// Translation throughput of every function of a module (File/Code MB/s as in <see cref="DecodeBenchmarks"/>):
/// the interpreter's translation to its internal code, the compiler's emission of CIL (one collectible assembly), and
/// that plus RyuJIT compiling every emitted method to machine code. The compiler caches its code per decoded module, so
/// each of its invocations gets a freshly decoded module (decoded in the untimed iteration setup, one invocation per
/// iteration).
/// </summary>
[InvocationCount(1)]
public class TranslationBenchmarks : ModuleThroughputBenchmarks
{
    private ModuleDefinition _decoded = null!, _fresh = null!;

    /// <summary>Loads and decodes the module.</summary>
    [GlobalSetup]
    public void Setup()
    {
        LoadModule();
        _decoded = ModuleDecoder.Decode(Bytes);
    }

    /// <summary>A decoded module the compiler has not seen.</summary>
    [IterationSetup(Targets = [nameof(CompilerEmit), nameof(CompilerEmitAndJit)])]
    public void Fresh() => _fresh = ModuleDecoder.Decode(Bytes);

    /// <summary>The interpreter translates every function.</summary>
    [Benchmark(Baseline = true)]
    public int InterpreterTranslate()
    {
        int n = 0;
        for (int i = _decoded.ImportedFunctionCount; i < _decoded.FunctionCount; i++)
            n += Translator.Translate(_decoded, i) is null ? 0 : 1;
        return n;
    }

    /// <summary>The compiler emits CIL for every function it compiles and creates the type.</summary>
    [Benchmark]
    public int CompilerEmit() => CompiledModule.Get(_fresh, CompilerMachine.Instance.Limits).InterpretedCount;

    /// <summary>As <see cref="CompilerEmit"/>, then RyuJIT compiles every emitted method (what eager compilation does).</summary>
    [Benchmark]
    public int CompilerEmitAndJit()
    {
        var cm = CompiledModule.Get(_fresh, CompilerMachine.Instance.Limits);
        foreach (var e in cm.Entries)
            if (e?.Method is { } m) RuntimeHelpers.PrepareMethod(m.MethodHandle);
        return cm.InterpretedCount;
    }
}
