using Cilantro.Compiler;
using Cilantro.Interpreter;
using Cilantro.Model;
using Cilantro.Spec;

namespace Cilantro.Aot;

/// <summary>
/// Runs spec scripts on ahead-of-time compiled code (<c>cilantro wast --engine aot</c>): every module is compiled by
/// <see cref="AotCompiler"/>, turned into a universal module, and loaded back through <see cref="Module.FromBytes"/>,
/// which must take the precompiled code (a module that fell back to run-time compilation is an error).
/// </summary>
public sealed class AotWastEngine : IWastEngine
{
    private readonly InterpreterWastEngine _inner = new(CompilerMachine.Instance, "aot");
    private readonly Engine _engine = new(new EngineOptions { Kind = EngineKind.Compiler });

    /// <inheritdoc/>
    public string Name => "aot";

    /// <summary>Modules compiled ahead of time and loaded precompiled so far.</summary>
    public int PrecompiledModules { get; private set; }

    /// <inheritdoc/>
    public IWastInstance? CreateSpectest() => _inner.CreateSpectest();

    /// <inheritdoc/>
    public IWastInstance Instantiate(ModuleDefinition module, IWastImports imports)
    {
        ArgumentNullException.ThrowIfNull(module);
        var universal = AotCompiler.Compile(module.Bytes, new AotOptions { Features = _engine.Options.Features }).ToUniversalWasm();
        var loaded = Module.FromBytes(_engine, universal);
        if (!loaded.PrecompiledStatus.IsPrecompiled)
            throw new PrecompiledCodeException("aot: the module was not loaded precompiled: " + loaded.PrecompiledStatus.PrecompiledRejection);
        PrecompiledModules++;
        return _inner.Instantiate(loaded.Definition, imports);
    }
}
