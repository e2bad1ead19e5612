using Cilantro.Runtime;

namespace Cilantro;

/// <summary>Which execution engine runs the functions of an instance.</summary>
public enum EngineKind
{
    /// <summary>The interpreter (translates each function lazily to a compact internal code).</summary>
    Interpreter,
    /// <summary>The compiler (translates each module to CIL, which RyuJIT turns into machine code on first call).</summary>
    Compiler,
}

/// <summary>Settings of an <see cref="Engine"/>.</summary>
public sealed record EngineOptions
{
    /// <summary>The execution engine.</summary>
    public EngineKind Kind { get; init; } = EngineKind.Interpreter;
    /// <summary>Enabled WebAssembly proposals.</summary>
    public WasmFeatures Features { get; init; } = WasmFeatures.Default;
    /// <summary>
    /// Largest number of nested calls before the "call stack exhausted" trap. The compiler counts no calls: it allows
    /// compiled code this many times 256 bytes of native stack (about as many calls of typical frames), and traps
    /// sooner when the thread's own stack runs short.
    /// </summary>
    public int MaxCallDepth { get; init; } = 10000;
    /// <summary>Size of each store's value stack, in 64-bit slots.</summary>
    public int ValueStackSlots { get; init; } = 1 << 19;
    /// <summary>Largest number of 64 KiB pages any memory may have; <c>memory.grow</c> past it returns -1.</summary>
    public long MaxMemoryPages { get; init; } = 65536;
    /// <summary>Compiler only: compile every function at instantiation instead of on first use.</summary>
    public bool EagerCompilation { get; init; }
    /// <summary>
    /// Compiler only: run the .NET code embedded in a universal module (a <c>cilantro.aot</c> section) when its key
    /// matches. That code runs with the full trust of the process, outside WebAssembly's sandbox: turn this off for
    /// modules from untrusted sources (they are then compiled at run time, as any module).
    /// </summary>
    public bool UsePrecompiledCode { get; init; } = true;
    /// <summary>
    /// Compiler only: put the code of each module in a collectible assembly, so it is unloaded once the module and its
    /// instances are no longer referenced (the default). Off, the code stays loaded until the process ends, and calls
    /// between compiled functions are faster: .NET calls methods of collectible assemblies through a jump stub
    /// (about 15% of a call-bound function such as a recursive fib). Turn it off for a fixed set of long-lived modules.
    /// </summary>
    public bool UnloadableCode { get; init; } = true;
}

/// <summary>Compilation settings and the engine shared by modules and stores. Thread-safe.</summary>
public sealed class Engine
{
    /// <summary>Creates an engine.</summary>
    /// <param name="options">Settings, or null for the defaults (interpreter, WebAssembly 2.0).</param>
    public Engine(EngineOptions? options = null)
    {
        Options = options ?? new EngineOptions();
    }

    /// <summary>The settings.</summary>
    public EngineOptions Options { get; }

    internal IMachine Machine => Options.Kind switch
    {
        EngineKind.Compiler => Compiler.CompilerMachine.For(Options.EagerCompilation, Options.UnloadableCode),
        _ => Interpreter.InterpreterMachine.Instance,
    };
}
