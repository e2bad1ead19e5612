using System.Diagnostics;
using System.Reflection;

namespace Cilantro.Compare;

/// <summary>
/// Cilantro's ahead-of-time compiler: each module is compiled once with <c>Cilantro.Aot.AotCompiler</c> into a universal
/// module (the original bytes plus a <c>cilantro.aot</c> section) outside the timed runs; each run then loads that module
/// under <see cref="EngineKind.Compiler"/>, which uses the embedded code, instantiates and runs it. A run whose module was
/// not accepted as precompiled fails (it would silently measure the run-time compiler instead).
/// </summary>
/// <remarks>
/// Until <c>Cilantro.Aot</c> is part of the library this runtime reports itself unavailable (a note in the report); the
/// API is reached by reflection so the runner builds either way.
/// </remarks>
public sealed class AotRuntime : IBenchRuntime
{
    private readonly MethodInfo? _compile;
    private readonly PropertyInfo? _status;

    /// <summary>Looks for the ahead-of-time compiler in the library.</summary>
    public AotRuntime()
    {
        var asm = typeof(Engine).Assembly;
        var compiler = asm.GetType("Cilantro.Aot.AotCompiler");
        _compile = compiler?.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == "Compile" && m.GetParameters() is { Length: > 0 } p && p[0].ParameterType == typeof(ReadOnlyMemory<byte>));
        _status = typeof(Module).GetProperty("PrecompiledStatus");
        if (_compile == null || _status == null)
            Unavailable = "Cilantro.Aot (AotCompiler.Compile, Module.PrecompiledStatus) is not in this build of the library";
    }

    /// <inheritdoc/>
    public string Name => "cilantro-aot";
    /// <inheritdoc/>
    public string? Unavailable { get; }

    /// <summary>Milliseconds the last <see cref="Open"/> spent compiling ahead of time (untimed in the runs).</summary>
    public double LastCompileMs { get; private set; }

    /// <inheritdoc/>
    public IBenchSession Open(BenchModule module)
    {
        if (Unavailable != null) throw new InvalidOperationException(Unavailable);
        byte[] original = File.ReadAllBytes(module.WasmPath);
        long t0 = Stopwatch.GetTimestamp();
        byte[] universal = CompileToUniversal(original);
        LastCompileMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        return new DelegateSession(() => CilantroRuntime.Run(EngineKind.Compiler, module, () => universal, EnsurePrecompiled));
    }

    private byte[] CompileToUniversal(byte[] wasm)
    {
        var parameters = _compile!.GetParameters();
        var args = new object?[parameters.Length];
        args[0] = new ReadOnlyMemory<byte>(wasm);
        object result;
        try { result = _compile.Invoke(null, args)!; }
        catch (TargetInvocationException e) when (e.InnerException != null) { throw e.InnerException; }
        var toUniversal = result.GetType().GetMethod("ToUniversalWasm", Type.EmptyTypes)
            ?? throw new InvalidOperationException("AotResult has no ToUniversalWasm()");
        return (byte[])toUniversal.Invoke(result, null)!;
    }

    private void EnsurePrecompiled(Module m)
    {
        object? status = _status!.GetValue(m);
        if (status == null) throw new InvalidOperationException("Module.PrecompiledStatus is null");
        var t = status.GetType();
        if (t.GetProperty("IsPrecompiled")?.GetValue(status) is true) return;
        string? why = t.GetProperty("PrecompiledRejection")?.GetValue(status) as string;
        throw new InvalidOperationException("the precompiled code was not used: " + (why ?? "no reason given"));
    }
}
