using Cilantro.Aot;

namespace Cilantro.Compare;

/// <summary>
/// Cilantro's ahead-of-time compiler: each module is compiled once with <see cref="AotCompiler"/> into a universal module
/// (the original bytes plus a <c>cilantro.aot</c> section) when its session opens, outside the timed runs; each run then
/// loads that module under <see cref="EngineKind.Compiler"/>, which uses the embedded code, instantiates and runs it.
/// A run whose module was not accepted as precompiled fails (it would silently measure the run-time compiler instead).
/// </summary>
public sealed class AotRuntime : IBenchRuntime
{
    /// <inheritdoc/>
    public string Name => "cilantro-aot";
    /// <inheritdoc/>
    public string? Unavailable => null;

    /// <inheritdoc/>
    public IBenchSession Open(BenchModule module)
    {
        var result = AotCompiler.Compile(File.ReadAllBytes(module.WasmPath));
        byte[] universal = result.ToUniversalWasm();
        return new DelegateSession(() => CilantroRuntime.Run(EngineKind.Compiler, module, () => universal, EnsurePrecompiled));
    }

    private static void EnsurePrecompiled(Module m)
    {
        var status = m.PrecompiledStatus;
        if (!status.IsPrecompiled)
            throw new InvalidOperationException("the precompiled code was not used: " + (status.PrecompiledRejection ?? "no reason given"));
    }
}
