using Cilantro.Model;

namespace Cilantro.Spec;

/// <summary>
/// What the spec-script runner needs from an execution engine. Every engine (interpreter, compiler, ...)
/// implements this once, and the very same scripts run against each. Decoding and validation are done by
/// the runner itself; the engine instantiates and executes.
/// </summary>
public interface IWastEngine
{
    /// <summary>Engine name for reports (e.g. <c>interpreter</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Instantiates a validated module. Imports are resolved through <paramref name="imports"/>
    /// (the <c>spectest</c> module and everything registered so far).
    /// Throws <c>LinkException</c>-like errors for unlinkable modules (the message in the spec's wording)
    /// and a trap for a failing start function or segment initialisation.
    /// </summary>
    IWastInstance Instantiate(ModuleDefinition module, IWastImports imports);

    /// <summary>
    /// Creates the engine's <c>spectest</c> host module (<c>print*</c> functions, <c>global_i32</c> = 666, ...,
    /// <c>table</c> 10..20 funcref, <c>memory</c> 1..2) for one script run. The runner calls it at most once per
    /// script, on first use, and resolves imports from <c>spectest</c> to it unless a script registers that name.
    /// The default returns null: the engine has no <c>spectest</c> module and such imports are unknown.
    /// </summary>
    IWastInstance? CreateSpectest() => null;
}

/// <summary>Resolves imports by module and field name.</summary>
public interface IWastImports
{
    /// <summary>The instance registered under <paramref name="moduleName"/>, or null.</summary>
    IWastInstance? Find(string moduleName);
}

/// <summary>An instance created by an <see cref="IWastEngine"/>.</summary>
public interface IWastInstance
{
    /// <summary>Invokes an exported function. Traps surface as exceptions.</summary>
    IReadOnlyList<WastValue> Invoke(string export, IReadOnlyList<WastValue> args);

    /// <summary>Reads an exported global.</summary>
    WastValue GetGlobal(string export);

    /// <summary>The engine-specific export object (function, table, memory, global) for linking, or null.</summary>
    object? GetExport(string name);
}
