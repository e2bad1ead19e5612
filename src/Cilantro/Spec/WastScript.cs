using Cilantro.Model;

namespace Cilantro.Spec;

/// <summary>A parsed WAST script: a sequence of commands.</summary>
/// <param name="FileName">Name of the source, for messages.</param>
/// <param name="Commands">The commands in order.</param>
public sealed record WastScript(string FileName, IReadOnlyList<WastCommand> Commands);

/// <summary>Where a command starts in the script.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct WastPosition(int Line, int Column)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>How a script module is written.</summary>
public enum WastModuleKind
{
    /// <summary><c>(module ...)</c> in text: already encoded to <see cref="WastModule.Binary"/> by the parser.</summary>
    Text,
    /// <summary><c>(module binary "...")</c>: the bytes are in <see cref="WastModule.Binary"/>.</summary>
    Binary,
    /// <summary><c>(module quote "...")</c>: text in <see cref="WastModule.Quote"/>, parsed only when the command runs.</summary>
    Quote,
}

/// <summary>A module appearing in a script.</summary>
public sealed record WastModule
{
    /// <summary>The <c>$id</c> given to the module, if any.</summary>
    public string? Id { get; init; }
    /// <summary>How it is written.</summary>
    public required WastModuleKind Kind { get; init; }
    /// <summary>Binary encoding (text and binary modules).</summary>
    public byte[]? Binary { get; init; }
    /// <summary>Concatenated quoted text (quote modules).</summary>
    public string? Quote { get; init; }
    /// <summary>Where the module starts.</summary>
    public WastPosition Position { get; init; }
}

/// <summary>A script command.</summary>
public abstract record WastCommand
{
    /// <summary>Where the command starts.</summary>
    public WastPosition Position { get; init; }

    /// <summary>The command's keyword, e.g. <c>assert_return</c>; used to group results.</summary>
    public abstract string Kind { get; }
}

/// <summary><c>(module ...)</c>: define and instantiate a module, making it the current one.</summary>
public sealed record ModuleCommand(WastModule Module) : WastCommand
{
    /// <inheritdoc/>
    public override string Kind => "module";
}

/// <summary><c>(register "name" $id?)</c>: make a module's exports importable under a name.</summary>
public sealed record RegisterCommand(string Name, string? ModuleId) : WastCommand
{
    /// <inheritdoc/>
    public override string Kind => "register";
}

/// <summary>What an action does.</summary>
public enum WastActionKind
{
    /// <summary><c>(invoke $id? "name" args...)</c>.</summary>
    Invoke,
    /// <summary><c>(get $id? "name")</c>.</summary>
    Get,
}

/// <summary>An action: invoke an export or read an exported global.</summary>
/// <param name="ActionKind">Invoke or get.</param>
/// <param name="ModuleId">Target module id, or null for the current module.</param>
/// <param name="Name">Export name.</param>
/// <param name="Args">Arguments (invoke only).</param>
public sealed record WastAction(WastActionKind ActionKind, string? ModuleId, string Name, IReadOnlyList<WastValue> Args);

/// <summary>A bare action at top level.</summary>
public sealed record ActionCommand(WastAction Action) : WastCommand
{
    /// <inheritdoc/>
    public override string Kind => Action.ActionKind == WastActionKind.Invoke ? "invoke" : "get";
}

/// <summary><c>(assert_return action results...)</c>.</summary>
public sealed record AssertReturnCommand(WastAction Action, IReadOnlyList<WastExpected> Expected) : WastCommand
{
    /// <inheritdoc/>
    public override string Kind => "assert_return";
}

/// <summary><c>(assert_trap action "msg")</c> or <c>(assert_trap module "msg")</c>.</summary>
public sealed record AssertTrapCommand(WastAction? Action, WastModule? Module, string Message) : WastCommand
{
    /// <inheritdoc/>
    public override string Kind => "assert_trap";
}

/// <summary><c>(assert_exhaustion action "msg")</c>.</summary>
public sealed record AssertExhaustionCommand(WastAction Action, string Message) : WastCommand
{
    /// <inheritdoc/>
    public override string Kind => "assert_exhaustion";
}

/// <summary>The module assertions.</summary>
public enum WastModuleAssertion
{
    /// <summary><c>assert_malformed</c>.</summary>
    Malformed,
    /// <summary><c>assert_invalid</c>.</summary>
    Invalid,
    /// <summary><c>assert_unlinkable</c>.</summary>
    Unlinkable,
    /// <summary><c>assert_uninstantiable</c>.</summary>
    Uninstantiable,
}

/// <summary><c>(assert_malformed|assert_invalid|assert_unlinkable|assert_uninstantiable module "msg")</c>.</summary>
public sealed record AssertModuleCommand(WastModuleAssertion Assertion, WastModule Module, string Message) : WastCommand
{
    /// <inheritdoc/>
    public override string Kind => Assertion switch
    {
        WastModuleAssertion.Malformed => "assert_malformed",
        WastModuleAssertion.Invalid => "assert_invalid",
        WastModuleAssertion.Unlinkable => "assert_unlinkable",
        _ => "assert_uninstantiable",
    };
}

/// <summary>The kind of a script value.</summary>
public enum WastValueKind
{
    /// <summary>i32; bits in <see cref="WastValue.Bits"/>.</summary>
    I32,
    /// <summary>i64.</summary>
    I64,
    /// <summary>f32; IEEE bits.</summary>
    F32,
    /// <summary>f64; IEEE bits.</summary>
    F64,
    /// <summary>v128; <see cref="WastValue.Vector"/>.</summary>
    V128,
    /// <summary>A null reference of <see cref="WastValue.RefType"/>.</summary>
    RefNull,
    /// <summary><c>(ref.extern N)</c>: a host reference identified by N in <see cref="WastValue.Bits"/>.</summary>
    RefExtern,
    /// <summary>A non-null function reference (results only; the identity is opaque).</summary>
    RefFunc,
}

/// <summary>A concrete value in a script: an argument or an exact expected result.</summary>
public readonly record struct WastValue(WastValueKind Kind, ulong Bits = 0, V128 Vector = default, ValType RefType = default)
{
    /// <summary>An i32.</summary>
    public static WastValue I32(int v) => new(WastValueKind.I32, (uint)v);
    /// <summary>An i64.</summary>
    public static WastValue I64(long v) => new(WastValueKind.I64, (ulong)v);
    /// <summary>An f32 by bits.</summary>
    public static WastValue F32Bits(uint bits) => new(WastValueKind.F32, bits);
    /// <summary>An f64 by bits.</summary>
    public static WastValue F64Bits(ulong bits) => new(WastValueKind.F64, bits);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        WastValueKind.I32 => $"i32:{(int)Bits}",
        WastValueKind.I64 => $"i64:{(long)Bits}",
        WastValueKind.F32 => $"f32:{BitConverter.Int32BitsToSingle((int)Bits)}(0x{Bits:x8})",
        WastValueKind.F64 => $"f64:{BitConverter.Int64BitsToDouble((long)Bits)}(0x{Bits:x16})",
        WastValueKind.V128 => $"v128:{Vector}",
        WastValueKind.RefNull => $"ref.null {RefType}",
        WastValueKind.RefExtern => $"ref.extern {Bits}",
        _ => "ref.func",
    };
}

/// <summary>How a float result (or float lane) is matched.</summary>
public enum NanPattern
{
    /// <summary>Exact bits.</summary>
    None,
    /// <summary><c>nan:canonical</c>: a canonical NaN of either sign.</summary>
    Canonical,
    /// <summary><c>nan:arithmetic</c>: any NaN with the quiet bit set.</summary>
    Arithmetic,
}

/// <summary>An expected result of <c>assert_return</c>.</summary>
public abstract record WastExpected;

/// <summary>Exact match of a value (refs: null of the type, <c>ref.extern N</c>).</summary>
public sealed record ExactExpected(WastValue Value) : WastExpected;

/// <summary>A scalar float NaN pattern (<c>(f32.const nan:canonical)</c>).</summary>
/// <param name="Type">F32 or F64.</param>
/// <param name="Pattern">Canonical or arithmetic.</param>
public sealed record NanExpected(WastValueKind Type, NanPattern Pattern) : WastExpected;

/// <summary>A v128 with per-lane patterns, e.g. <c>(v128.const f32x4 nan:canonical 1.0 ...)</c>.</summary>
/// <param name="Shape">Lane shape, e.g. <c>f32x4</c>, <c>i8x16</c>.</param>
/// <param name="Lanes">Lane bits, low lane first.</param>
/// <param name="LanePatterns">Per-lane NaN pattern (float shapes), same length as <paramref name="Lanes"/>.</param>
public sealed record V128Expected(string Shape, ulong[] Lanes, NanPattern[] LanePatterns) : WastExpected;

/// <summary>Any non-null reference of a kind: <c>(ref.func)</c>, <c>(ref.extern)</c> without an index.</summary>
/// <param name="Kind">RefFunc or RefExtern.</param>
public sealed record AnyRefExpected(WastValueKind Kind) : WastExpected;

/// <summary><c>(either r1 r2 ...)</c>: any alternative matches.</summary>
public sealed record EitherExpected(IReadOnlyList<WastExpected> Alternatives) : WastExpected;
