namespace Cilantro.Aot;

/// <summary>The output of <see cref="AotCompiler.Compile"/>: a .NET assembly holding the compiled module.</summary>
public sealed class AotResult
{
    private readonly byte[] _wasm;

    internal AotResult(byte[] wasm, byte[] assembly, string key, AotOptions options, int functionCount, int compiledCount,
        TimeSpan elapsed, string? il)
    {
        _wasm = wasm;
        Assembly = assembly;
        Key = key;
        Options = options;
        FunctionCount = functionCount;
        CompiledCount = compiledCount;
        Elapsed = elapsed;
        Il = il;
    }

    /// <summary>The PE image (a .NET assembly), loadable with <see cref="Module.FromPrecompiled(Engine, System.Reflection.Assembly)"/>.</summary>
    public byte[] Assembly { get; }

    /// <summary>The cache key: SHA-256 over the original module bytes, the Cilantro build and the options that change code (hex).</summary>
    public string Key { get; }

    /// <summary>The options the module was compiled with.</summary>
    public AotOptions Options { get; }

    /// <summary>Functions defined by the module (imports excluded).</summary>
    public int FunctionCount { get; }

    /// <summary>Functions compiled to CIL.</summary>
    public int CompiledCount { get; }

    /// <summary>Functions left to the interpreter (too big for the JIT's optimiser, or not compilable).</summary>
    public int InterpretedCount => FunctionCount - CompiledCount;

    /// <summary>Time spent compiling.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The generated IL as text, when <see cref="AotOptions.DumpIl"/> was set.</summary>
    public string? Il { get; }

    /// <summary>
    /// A universal module: the original module bytes followed by a custom section named <see cref="AotCompiler.SectionName"/>
    /// carrying the key and the assembly. Other runtimes ignore the section; Cilantro's compiler engine runs the embedded
    /// code when the key matches.
    /// </summary>
    public byte[] ToUniversalWasm() => UniversalModule.Build(_wasm, this);

    /// <summary>The same result with another image of the same code (e.g. a ReadyToRun image built from <see cref="Assembly"/>).</summary>
    public AotResult WithAssembly(byte[] replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        return new AotResult(_wasm, replacement, Key, Options, FunctionCount, CompiledCount, Elapsed, Il);
    }
}
