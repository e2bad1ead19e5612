namespace Cilantro.Model;

/// <summary>The kind of a value type.</summary>
public enum ValKind : byte
{
    /// <summary>32-bit integer.</summary>
    I32,
    /// <summary>64-bit integer.</summary>
    I64,
    /// <summary>32-bit IEEE float.</summary>
    F32,
    /// <summary>64-bit IEEE float.</summary>
    F64,
    /// <summary>128-bit vector.</summary>
    V128,
    /// <summary>A reference; see <see cref="ValType.Heap"/>.</summary>
    Ref,
}

/// <summary>
/// A heap type: an abstract one (negative codes, the binary encoding's byte as a negative number)
/// or a concrete type index (non-negative), as typed function references and GC need.
/// </summary>
public readonly record struct HeapType(int Code)
{
    /// <summary>Functions (<c>func</c>, binary 0x70).</summary>
    public static readonly HeapType Func = new(-0x10);
    /// <summary>External references (<c>extern</c>, binary 0x6F).</summary>
    public static readonly HeapType Extern = new(-0x11);

    /// <summary>True for a concrete type index.</summary>
    public bool IsIndex => Code >= 0;

    /// <inheritdoc/>
    public override string ToString() => Code switch
    {
        -0x10 => "func",
        -0x11 => "extern",
        >= 0 => Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => $"heap(0x{-Code:x})",
    };
}

/// <summary>A WebAssembly value type. Compare with <c>==</c>.</summary>
public readonly record struct ValType(ValKind Kind, HeapType Heap = default, bool Nullable = true)
{
    /// <summary><c>i32</c>.</summary>
    public static readonly ValType I32 = new(ValKind.I32);
    /// <summary><c>i64</c>.</summary>
    public static readonly ValType I64 = new(ValKind.I64);
    /// <summary><c>f32</c>.</summary>
    public static readonly ValType F32 = new(ValKind.F32);
    /// <summary><c>f64</c>.</summary>
    public static readonly ValType F64 = new(ValKind.F64);
    /// <summary><c>v128</c>.</summary>
    public static readonly ValType V128 = new(ValKind.V128);
    /// <summary><c>funcref</c> (<c>(ref null func)</c>).</summary>
    public static readonly ValType FuncRef = new(ValKind.Ref, HeapType.Func, true);
    /// <summary><c>externref</c> (<c>(ref null extern)</c>).</summary>
    public static readonly ValType ExternRef = new(ValKind.Ref, HeapType.Extern, true);

    /// <summary>True for reference types.</summary>
    public bool IsRef => Kind == ValKind.Ref;

    /// <summary>True for i32, i64, f32, f64.</summary>
    public bool IsNumeric => Kind <= ValKind.F64;

    /// <summary>Number of 64-bit slots a value of this type occupies on an engine's value stack.</summary>
    public int SlotCount => Kind == ValKind.V128 ? 2 : 1;

    /// <summary>The text-format name.</summary>
    public override string ToString() => Kind switch
    {
        ValKind.I32 => "i32",
        ValKind.I64 => "i64",
        ValKind.F32 => "f32",
        ValKind.F64 => "f64",
        ValKind.V128 => "v128",
        _ when this == FuncRef => "funcref",
        _ when this == ExternRef => "externref",
        _ => Nullable ? $"(ref null {Heap})" : $"(ref {Heap})",
    };
}
