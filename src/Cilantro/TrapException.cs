namespace Cilantro;

/// <summary>Why a guest trapped.</summary>
public enum TrapKind
{
    /// <summary><c>unreachable</c> executed.</summary>
    Unreachable,
    /// <summary>Integer division or remainder by zero.</summary>
    IntegerDivideByZero,
    /// <summary>Signed division overflow (<c>MIN / -1</c>).</summary>
    IntegerOverflow,
    /// <summary>Float-to-int conversion of NaN or an out-of-range value.</summary>
    InvalidConversionToInteger,
    /// <summary>Memory access outside linear memory.</summary>
    OutOfBoundsMemoryAccess,
    /// <summary>Table access outside the table.</summary>
    OutOfBoundsTableAccess,
    /// <summary><c>call_indirect</c> to an index outside the table.</summary>
    UndefinedElement,
    /// <summary><c>call_indirect</c> through a null entry.</summary>
    UninitializedElement,
    /// <summary><c>call_indirect</c> signature mismatch.</summary>
    IndirectCallTypeMismatch,
    /// <summary>The call-depth limit was reached.</summary>
    CallStackExhausted,
    /// <summary>A null reference was dereferenced (typed function references).</summary>
    NullReference,
    /// <summary>A host function asked the guest to stop.</summary>
    HostTrap,
}

/// <summary>One frame of a WebAssembly stack trace.</summary>
/// <param name="FunctionIndex">Function index in its module.</param>
/// <param name="FunctionName">Name from the <c>name</c> section, if any.</param>
/// <param name="ModuleName">Module name, if any.</param>
/// <param name="CodeOffset">Byte offset in the module of the instruction executing, or -1.</param>
public sealed record WasmStackFrame(int FunctionIndex, string? FunctionName, string? ModuleName, int CodeOffset)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{ModuleName ?? "<module>"}!{FunctionName ?? "func[" + FunctionIndex + "]"}{(CodeOffset >= 0 ? $" @0x{CodeOffset:x}" : "")}";
}

/// <summary>A WebAssembly trap: the guest stopped in a way the spec defines. The store stays usable.</summary>
public sealed class TrapException : WasmException
{
    /// <summary>Creates a trap of a kind, with the spec's message.</summary>
    public TrapException(TrapKind kind) : this(kind, MessageOf(kind)) { }

    /// <summary>
    /// Exception filter of an engine's entry (it runs in the first pass): notes the trap being thrown, if it is one, in
    /// the entry's own local for its unwinding handler to add the entry's frames to; never catches (a catch and rethrow
    /// per entry nests exception dispatches on the native stack, which a deep recursion through the host overflows).
    /// </summary>
    internal static bool InFlight(Exception e, out TrapException? trap)
    {
        trap = e as TrapException;
        return false;
    }

    /// <summary>Creates a trap with a custom message.</summary>
    public TrapException(TrapKind kind, string message, Exception? inner = null) : base(message, message, inner)
    {
        Kind = kind;
    }

    /// <summary>Why the guest trapped.</summary>
    public TrapKind Kind { get; }

    /// <summary>The WebAssembly frames active when the trap happened, innermost first (filled in by the engine).</summary>
    public IReadOnlyList<WasmStackFrame> WasmStack { get; set; } = [];

    /// <summary>The spec's wording for a trap kind.</summary>
    public static string MessageOf(TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.IntegerDivideByZero => "integer divide by zero",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.InvalidConversionToInteger => "invalid conversion to integer",
        TrapKind.OutOfBoundsMemoryAccess => "out of bounds memory access",
        TrapKind.OutOfBoundsTableAccess => "out of bounds table access",
        TrapKind.UndefinedElement => "undefined element",
        TrapKind.UninitializedElement => "uninitialized element",
        TrapKind.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapKind.CallStackExhausted => "call stack exhausted",
        TrapKind.NullReference => "null reference",
        _ => "host trap",
    };

    /// <summary>The message followed by the WebAssembly stack trace.</summary>
    public override string ToString() =>
        WasmStack.Count == 0 ? $"{GetType().FullName}: {Message}" :
        $"{GetType().FullName}: {Message}\n" + string.Join("\n", WasmStack.Select(f => "  at " + f));
}
