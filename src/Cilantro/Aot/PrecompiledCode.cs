using System.ComponentModel;

namespace Cilantro.Aot;

/// <summary>
/// Base class of the type <c>Cilantro.Precompiled.WasmModule</c> in every assembly made by <see cref="AotCompiler"/>.
/// Its overrides hand the runtime the module bytes, the cache key and the compiled code without reflection, so a
/// precompiled module can be embedded in an application published with NativeAOT or trimming:
/// reference the generated assembly and call <c>Module.FromPrecompiled(engine, new Cilantro.Precompiled.WasmModule())</c>.
/// </summary>
public abstract class PrecompiledCode
{
    /// <summary>Creates the code object (called by the generated subclass).</summary>
    protected PrecompiledCode() { }

    /// <summary>The original module bytes (without any <c>cilantro.aot</c> section).</summary>
    public abstract ReadOnlySpan<byte> Wasm { get; }

    /// <summary>The cache key the code was compiled under (see <see cref="AotCompiler.KeyOf(ReadOnlySpan{byte}, AotOptions)"/>).</summary>
    public abstract string Key { get; }

    /// <summary>The Cilantro build that compiled the code.</summary>
    public abstract string BuiltBy { get; }

    /// <summary>The optimisation level the code was compiled with.</summary>
    public abstract int OptimizationLevel { get; }

    /// <summary>The proposals the code was compiled with, as bits (see <see cref="AotCompiler"/>).</summary>
    public abstract int FeatureBits { get; }

    /// <summary>
    /// Fills the code of every function, by function index (imports included, left empty): the entry point of the
    /// typed method and the entry stub (a delegate of an internal type). Functions left to the interpreter stay empty.
    /// </summary>
    /// <param name="functionPointers">One slot per function.</param>
    /// <param name="entryStubs">One slot per function.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract void GetCode(nint[] functionPointers, Delegate?[] entryStubs);
}

/// <summary>Whether a module runs ahead-of-time compiled code (see <see cref="Module.PrecompiledStatus"/>).</summary>
/// <param name="IsPrecompiled">The module runs code compiled ahead of time.</param>
/// <param name="PrecompiledRejection">Why embedded precompiled code was not used (the module is compiled at run time instead), or null.</param>
public sealed record PrecompiledStatus(bool IsPrecompiled, string? PrecompiledRejection)
{
    /// <summary>A module without precompiled code.</summary>
    public static PrecompiledStatus None { get; } = new(false, null);
}
