namespace Cilantro.Runtime;

/// <summary>
/// An execution engine ("machine"), chosen per instance. The interpreter is the first; a compiler replaces it by
/// implementing the same contract. Functions of different machines call each other through
/// <see cref="FunctionInstance.Invoke"/> and the shared value stack of <see cref="ExecContext"/>.
/// </summary>
internal interface IMachine
{
    /// <summary>Engine name (e.g. <c>interpreter</c>).</summary>
    string Name { get; }

    /// <summary>Runs <paramref name="function"/> with its arguments at <paramref name="argBase"/>; results replace them.</summary>
    void Invoke(WasmFunction function, ExecContext ctx, int argBase);

    /// <summary>Called once the instance is fully linked, before segment initialisation (e.g. for eager compilation).</summary>
    void Prepare(ModuleInstance instance);
}
