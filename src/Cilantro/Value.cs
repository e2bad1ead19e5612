using Cilantro.Model;

namespace Cilantro;

/// <summary>A WebAssembly value of any type: numbers as bits, a 128-bit vector, or a reference.</summary>
public readonly struct Value : IEquatable<Value>
{
    private Value(ValType type, ulong bits, V128 vector, object? reference)
    {
        Type = type;
        Bits = bits;
        Vector = vector;
        Ref = reference;
    }

    /// <summary>The value's type.</summary>
    public ValType Type { get; }
    /// <summary>Raw bits of a number (i32/f32 in the low 32 bits).</summary>
    public ulong Bits { get; }
    /// <summary>The vector of a v128.</summary>
    public V128 Vector { get; }
    /// <summary>The reference (a function for funcref, any host object for externref), or null.</summary>
    public object? Ref { get; }

    /// <summary>An i32.</summary>
    public static Value I32(int v) => new(ValType.I32, (uint)v, default, null);
    /// <summary>An i64.</summary>
    public static Value I64(long v) => new(ValType.I64, (ulong)v, default, null);
    /// <summary>An f32.</summary>
    public static Value F32(float v) => new(ValType.F32, (uint)BitConverter.SingleToInt32Bits(v), default, null);
    /// <summary>An f64.</summary>
    public static Value F64(double v) => new(ValType.F64, (ulong)BitConverter.DoubleToInt64Bits(v), default, null);
    /// <summary>A v128.</summary>
    public static Value FromV128(V128 v) => new(ValType.V128, 0, v, null);
    /// <summary>A reference of type <paramref name="type"/> (null for the null reference).</summary>
    public static Value FromRef(ValType type, object? reference) => new(type, 0, default, reference);
    /// <summary>An externref holding a host object (null for the null reference).</summary>
    public static Value ExternRef(object? reference) => new(ValType.ExternRef, 0, default, reference);
    /// <summary>A number of type <paramref name="type"/> from raw bits.</summary>
    public static Value FromBits(ValType type, long bits) => new(type,
        type.Kind is ValKind.I32 or ValKind.F32 ? (uint)bits : (ulong)bits, default, null);

    /// <summary>The i32.</summary>
    public int AsInt32() => (int)Bits;
    /// <summary>The i64.</summary>
    public long AsInt64() => (long)Bits;
    /// <summary>The f32.</summary>
    public float AsSingle() => BitConverter.Int32BitsToSingle((int)Bits);
    /// <summary>The f64.</summary>
    public double AsDouble() => BitConverter.Int64BitsToDouble((long)Bits);

    /// <summary>Implicit i32.</summary>
    public static implicit operator Value(int v) => I32(v);
    /// <summary>Implicit i64.</summary>
    public static implicit operator Value(long v) => I64(v);
    /// <summary>Implicit f32.</summary>
    public static implicit operator Value(float v) => F32(v);
    /// <summary>Implicit f64.</summary>
    public static implicit operator Value(double v) => F64(v);

    /// <inheritdoc/>
    public bool Equals(Value other) => Type == other.Type && Bits == other.Bits && Vector == other.Vector && ReferenceEquals(Ref, other.Ref);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, Bits, Vector);
    /// <summary>Equality.</summary>
    public static bool operator ==(Value a, Value b) => a.Equals(b);
    /// <summary>Inequality.</summary>
    public static bool operator !=(Value a, Value b) => !a.Equals(b);

    /// <inheritdoc/>
    public override string ToString() => Type.Kind switch
    {
        ValKind.I32 => $"{AsInt32()}",
        ValKind.I64 => $"{AsInt64()}",
        ValKind.F32 => AsSingle().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ValKind.F64 => AsDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ValKind.V128 => Vector.ToString(),
        _ => Ref is null ? $"ref.null {Type}" : $"ref {Ref}",
    };
}
