using System.Runtime.Intrinsics;

namespace Cilantro.Model;

/// <summary>A type defined in the type section. Function types today; struct and array types of GC slot in here.</summary>
public abstract class DefinedType
{
}

/// <summary>A function type: parameter and result types.</summary>
public sealed class FuncType : DefinedType, IEquatable<FuncType>
{
    /// <summary>Creates a function type.</summary>
    public FuncType(ValType[] parameters, ValType[] results)
    {
        Params = parameters;
        Results = results;
    }

    /// <summary>Parameter types.</summary>
    public ValType[] Params { get; }

    /// <summary>Result types.</summary>
    public ValType[] Results { get; }

    /// <summary>The type <c>[] -> []</c>.</summary>
    public static FuncType Empty { get; } = new([], []);

    /// <summary>Structural equality.</summary>
    public bool Equals(FuncType? other) =>
        other is not null && Params.AsSpan().SequenceEqual(other.Params) && Results.AsSpan().SequenceEqual(other.Results);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FuncType);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var p in Params) h.Add(p);
        h.Add(-1);
        foreach (var r in Results) h.Add(r);
        return h.ToHashCode();
    }

    /// <summary>Text-format form, e.g. <c>(func (param i32) (result i64))</c>.</summary>
    public override string ToString() =>
        $"(func{(Params.Length > 0 ? " (param " + string.Join(" ", Params) + ")" : "")}{(Results.Length > 0 ? " (result " + string.Join(" ", Results) + ")" : "")})";
}

/// <summary>Size limits of a memory or table, in pages or elements.</summary>
/// <param name="Min">Initial size.</param>
/// <param name="Max">Maximum size, or null when unbounded.</param>
public readonly record struct Limits(ulong Min, ulong? Max);

/// <summary>A table type.</summary>
/// <param name="ElementType">The reference type of the elements.</param>
/// <param name="Limits">Size limits, in elements.</param>
public sealed record TableType(ValType ElementType, Limits Limits);

/// <summary>A memory type.</summary>
/// <param name="Limits">Size limits, in 64 KiB pages.</param>
/// <param name="Shared">Shared memory (threads proposal).</param>
/// <param name="Is64">64-bit addressing (memory64 proposal).</param>
public sealed record MemoryType(Limits Limits, bool Shared = false, bool Is64 = false)
{
    /// <summary>Bytes in one page.</summary>
    public const int PageSize = 65536;
}

/// <summary>A global type.</summary>
/// <param name="ValueType">The value type.</param>
/// <param name="Mutable">Whether <c>global.set</c> may change it.</param>
public sealed record GlobalType(ValType ValueType, bool Mutable)
{
    /// <inheritdoc/>
    public override string ToString() => Mutable ? $"(mut {ValueType})" : ValueType.ToString();
}

/// <summary>The kind of an import or export.</summary>
public enum ExternKind : byte
{
    /// <summary>A function.</summary>
    Func = 0,
    /// <summary>A table.</summary>
    Table = 1,
    /// <summary>A memory.</summary>
    Memory = 2,
    /// <summary>A global.</summary>
    Global = 3,
    /// <summary>An exception tag (exception-handling proposal).</summary>
    Tag = 4,
}

/// <summary>The block type of <c>block</c>, <c>loop</c> and <c>if</c>: empty, one value type, or a type index.</summary>
public readonly record struct BlockType
{
    private BlockType(int typeIndex, ValType single)
    {
        TypeIndex = typeIndex;
        Single = single;
    }

    /// <summary>Type index, -1 for the empty type, -2 for a single result.</summary>
    public int TypeIndex { get; }

    /// <summary>The single result type when <see cref="TypeIndex"/> is -2.</summary>
    public ValType Single { get; }

    /// <summary><c>[] -> []</c>.</summary>
    public static BlockType Empty => new(-1, default);

    /// <summary><c>[] -> [t]</c>.</summary>
    public static BlockType Value(ValType t) => new(-2, t);

    /// <summary>A type index.</summary>
    public static BlockType Index(int typeIndex) => new(typeIndex, default);

    /// <summary>True for <c>[] -> []</c>.</summary>
    public bool IsEmpty => TypeIndex == -1;

    /// <summary>True for <c>[] -> [t]</c>.</summary>
    public bool IsSingle => TypeIndex == -2;
}

/// <summary>A 128-bit value in little-endian lane order.</summary>
/// <param name="Lo">Bytes 0..7.</param>
/// <param name="Hi">Bytes 8..15.</param>
public readonly record struct V128(ulong Lo, ulong Hi)
{
    /// <summary>As a <see cref="System.Runtime.Intrinsics.Vector128{T}"/> of bytes.</summary>
    public System.Runtime.Intrinsics.Vector128<byte> AsVector() =>
        System.Runtime.Intrinsics.Vector128.Create(Lo, Hi).AsByte();

    /// <summary>From a vector.</summary>
    public static V128 FromVector(System.Runtime.Intrinsics.Vector128<byte> v)
    {
        var u = v.AsUInt64();
        return new V128(u.GetElement(0), u.GetElement(1));
    }

    /// <summary>Hex form, 16 bytes little-endian.</summary>
    public override string ToString() => $"0x{Hi:x16}{Lo:x16}";
}
