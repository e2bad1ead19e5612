using Cilantro.Interpreter;
using Cilantro.Model;
using Cilantro.Spec;

namespace Cilantro.Compiler;

/// <summary>Runs spec scripts on the compiler (<c>cilantro wast --engine compiler</c>).</summary>
public sealed class CompilerWastEngine : IWastEngine
{
    private readonly InterpreterWastEngine _inner = new(CompilerMachine.Instance, "compiler");

    /// <inheritdoc/>
    public string Name => "compiler";

    /// <inheritdoc/>
    public IWastInstance? CreateSpectest() => _inner.CreateSpectest();

    /// <inheritdoc/>
    public IWastInstance Instantiate(ModuleDefinition module, IWastImports imports) => _inner.Instantiate(module, imports);
}
