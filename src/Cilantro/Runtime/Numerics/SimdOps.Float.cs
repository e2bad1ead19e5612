using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Cilantro.Runtime.Numerics;

// Float lanes: arithmetic, IEEE min/max, pseudo-min/max, rounding and the conversions.
public static partial class SimdOps
{
    // ------------------------------------------------------------------ sign (bitwise, NaN payloads kept)

    /// <summary><c>f32x4.abs</c>: clears each sign bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Abs(V a) => Vector128.AndNot(a, Vector128.Create(0x80000000u).AsByte());

    /// <summary><c>f32x4.neg</c>: flips each sign bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Neg(V a) => a ^ Vector128.Create(0x80000000u).AsByte();

    /// <summary><c>f64x2.abs</c>: clears each sign bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Abs(V a) => Vector128.AndNot(a, Vector128.Create(0x8000000000000000ul).AsByte());

    /// <summary><c>f64x2.neg</c>: flips each sign bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Neg(V a) => a ^ Vector128.Create(0x8000000000000000ul).AsByte();

    // ------------------------------------------------------------------ arithmetic

    /// <summary><c>f32x4.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Add(V a, V b) => (a.AsSingle() + b.AsSingle()).AsByte();

    /// <summary><c>f32x4.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Sub(V a, V b) => (a.AsSingle() - b.AsSingle()).AsByte();

    /// <summary><c>f32x4.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Mul(V a, V b) => (a.AsSingle() * b.AsSingle()).AsByte();

    /// <summary><c>f32x4.div</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Div(V a, V b) => (a.AsSingle() / b.AsSingle()).AsByte();

    /// <summary><c>f32x4.sqrt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Sqrt(V a) => Vector128.Sqrt(a.AsSingle()).AsByte();

    /// <summary><c>f64x2.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Add(V a, V b) => (a.AsDouble() + b.AsDouble()).AsByte();

    /// <summary><c>f64x2.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Sub(V a, V b) => (a.AsDouble() - b.AsDouble()).AsByte();

    /// <summary><c>f64x2.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Mul(V a, V b) => (a.AsDouble() * b.AsDouble()).AsByte();

    /// <summary><c>f64x2.div</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Div(V a, V b) => (a.AsDouble() / b.AsDouble()).AsByte();

    /// <summary><c>f64x2.sqrt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Sqrt(V a) => Vector128.Sqrt(a.AsDouble()).AsByte();

    // ------------------------------------------------------------------ min / max (IEEE: NaN-propagating, -0 < +0)

    /// <summary><c>f32x4.min</c>: NaN lanes give the canonical NaN; -0 is below +0. Not SSE's <c>minps</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Min(V a, V b)
    {
        var x = a.AsSingle();
        var y = b.AsSingle();
        if (Sse.IsSupported)
        {
            // minps returns its second operand for NaN and for equal values; min both ways and OR:
            // zeros of different signs give -0, a NaN stays a NaN. Then force NaN lanes canonical.
            var r = Sse.Or(Sse.Min(x, y), Sse.Min(y, x));
            var nan = Sse.CompareUnordered(r, r);
            r = Sse.Or(r, nan);
            return Sse.AndNot(Sse2.ShiftRightLogical(nan.AsUInt32(), 10).AsSingle(), r).AsByte();
        }
        return F32x4MinPortable(x, y).AsByte();
    }

    /// <summary><c>f32x4.max</c>: NaN lanes give the canonical NaN; +0 is above -0. Not SSE's <c>maxps</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Max(V a, V b)
    {
        var x = a.AsSingle();
        var y = b.AsSingle();
        if (Sse.IsSupported)
        {
            // max both ways; d = difference bits (sign bit for +0/-0, garbage for NaN); (r | d) - d
            // turns -0 into +0 and keeps NaN a NaN; then force NaN lanes canonical.
            var m1 = Sse.Max(x, y);
            var m2 = Sse.Max(y, x);
            var d = Sse.Xor(m1, m2);
            var r = Sse.Subtract(Sse.Or(m2, d), d);
            var nan = Sse.CompareUnordered(r, r);
            r = Sse.Or(r, nan);
            return Sse.AndNot(Sse2.ShiftRightLogical(nan.AsUInt32(), 10).AsSingle(), r).AsByte();
        }
        return F32x4MaxPortable(x, y).AsByte();
    }

    /// <summary><c>f64x2.min</c>: NaN lanes give the canonical NaN; -0 is below +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Min(V a, V b)
    {
        var x = a.AsDouble();
        var y = b.AsDouble();
        if (Sse2.IsSupported)
        {
            var r = Sse2.Or(Sse2.Min(x, y), Sse2.Min(y, x));
            var nan = Sse2.CompareUnordered(r, r);
            r = Sse2.Or(r, nan);
            return Sse2.AndNot(Sse2.ShiftRightLogical(nan.AsUInt64(), 13).AsDouble(), r).AsByte();
        }
        return F64x2MinPortable(x, y).AsByte();
    }

    /// <summary><c>f64x2.max</c>: NaN lanes give the canonical NaN; +0 is above -0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Max(V a, V b)
    {
        var x = a.AsDouble();
        var y = b.AsDouble();
        if (Sse2.IsSupported)
        {
            var m1 = Sse2.Max(x, y);
            var m2 = Sse2.Max(y, x);
            var d = Sse2.Xor(m1, m2);
            var r = Sse2.Subtract(Sse2.Or(m2, d), d);
            var nan = Sse2.CompareUnordered(r, r);
            r = Sse2.Or(r, nan);
            return Sse2.AndNot(Sse2.ShiftRightLogical(nan.AsUInt64(), 13).AsDouble(), r).AsByte();
        }
        return F64x2MaxPortable(x, y).AsByte();
    }

    // Portable forms (also run by the tests on x86): compare and select.
    internal static Vector128<float> F32x4MinPortable(Vector128<float> x, Vector128<float> y)
    {
        var r = Vector128.ConditionalSelect(Vector128.LessThan(x, y), x, y);
        r = Vector128.ConditionalSelect(Vector128.Equals(x, y), x | y, r); // -0 wins over +0
        var nan = ~(Vector128.Equals(x, x) & Vector128.Equals(y, y));
        return Vector128.ConditionalSelect(nan, Vector128.Create(float.NaN), r);
    }

    internal static Vector128<float> F32x4MaxPortable(Vector128<float> x, Vector128<float> y)
    {
        var r = Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x, y);
        r = Vector128.ConditionalSelect(Vector128.Equals(x, y), x & y, r); // +0 wins over -0
        var nan = ~(Vector128.Equals(x, x) & Vector128.Equals(y, y));
        return Vector128.ConditionalSelect(nan, Vector128.Create(float.NaN), r);
    }

    internal static Vector128<double> F64x2MinPortable(Vector128<double> x, Vector128<double> y)
    {
        var r = Vector128.ConditionalSelect(Vector128.LessThan(x, y), x, y);
        r = Vector128.ConditionalSelect(Vector128.Equals(x, y), x | y, r);
        var nan = ~(Vector128.Equals(x, x) & Vector128.Equals(y, y));
        return Vector128.ConditionalSelect(nan, Vector128.Create(double.NaN), r);
    }

    internal static Vector128<double> F64x2MaxPortable(Vector128<double> x, Vector128<double> y)
    {
        var r = Vector128.ConditionalSelect(Vector128.GreaterThan(x, y), x, y);
        r = Vector128.ConditionalSelect(Vector128.Equals(x, y), x & y, r);
        var nan = ~(Vector128.Equals(x, x) & Vector128.Equals(y, y));
        return Vector128.ConditionalSelect(nan, Vector128.Create(double.NaN), r);
    }

    /// <summary><c>f32x4.pmin</c>: <c>b &lt; a ? b : a</c> per lane (SSE's <c>minps(b, a)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Pmin(V a, V b)
    {
        if (Sse.IsSupported) return Sse.Min(b.AsSingle(), a.AsSingle()).AsByte();
        return Vector128.ConditionalSelect(Vector128.LessThan(b.AsSingle(), a.AsSingle()).AsByte(), b, a);
    }

    /// <summary><c>f32x4.pmax</c>: <c>a &lt; b ? b : a</c> per lane (SSE's <c>maxps(b, a)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Pmax(V a, V b)
    {
        if (Sse.IsSupported) return Sse.Max(b.AsSingle(), a.AsSingle()).AsByte();
        return Vector128.ConditionalSelect(Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte(), b, a);
    }

    /// <summary><c>f64x2.pmin</c>: <c>b &lt; a ? b : a</c> per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Pmin(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.Min(b.AsDouble(), a.AsDouble()).AsByte();
        return Vector128.ConditionalSelect(Vector128.LessThan(b.AsDouble(), a.AsDouble()).AsByte(), b, a);
    }

    /// <summary><c>f64x2.pmax</c>: <c>a &lt; b ? b : a</c> per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Pmax(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.Max(b.AsDouble(), a.AsDouble()).AsByte();
        return Vector128.ConditionalSelect(Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte(), b, a);
    }

    // ------------------------------------------------------------------ rounding

    /// <summary><c>f32x4.ceil</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Ceil(V a) => Sse41.IsSupported
        ? Sse41.RoundToPositiveInfinity(a.AsSingle()).AsByte()
        : QuietNaNs(Vector128.Ceiling(a.AsSingle())).AsByte();

    /// <summary><c>f32x4.floor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Floor(V a) => Sse41.IsSupported
        ? Sse41.RoundToNegativeInfinity(a.AsSingle()).AsByte()
        : QuietNaNs(Vector128.Floor(a.AsSingle())).AsByte();

    /// <summary><c>f32x4.trunc</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Trunc(V a) => Sse41.IsSupported
        ? Sse41.RoundToZero(a.AsSingle()).AsByte()
        : QuietNaNs(Vector128.Truncate(a.AsSingle())).AsByte();

    /// <summary><c>f32x4.nearest</c> (ties to even).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Nearest(V a) => Sse41.IsSupported
        ? Sse41.RoundToNearestInteger(a.AsSingle()).AsByte()
        : QuietNaNs(Vector128.Round(a.AsSingle(), MidpointRounding.ToEven)).AsByte();

    /// <summary><c>f64x2.ceil</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Ceil(V a) => Sse41.IsSupported
        ? Sse41.RoundToPositiveInfinity(a.AsDouble()).AsByte()
        : QuietNaNs(Vector128.Ceiling(a.AsDouble())).AsByte();

    /// <summary><c>f64x2.floor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Floor(V a) => Sse41.IsSupported
        ? Sse41.RoundToNegativeInfinity(a.AsDouble()).AsByte()
        : QuietNaNs(Vector128.Floor(a.AsDouble())).AsByte();

    /// <summary><c>f64x2.trunc</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Trunc(V a) => Sse41.IsSupported
        ? Sse41.RoundToZero(a.AsDouble()).AsByte()
        : QuietNaNs(Vector128.Truncate(a.AsDouble())).AsByte();

    /// <summary><c>f64x2.nearest</c> (ties to even).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Nearest(V a) => Sse41.IsSupported
        ? Sse41.RoundToNearestInteger(a.AsDouble()).AsByte()
        : QuietNaNs(Vector128.Round(a.AsDouble(), MidpointRounding.ToEven)).AsByte();

    // A software rounding may hand a signalling NaN back unchanged; the spec wants arithmetic NaNs.
    private static Vector128<float> QuietNaNs(Vector128<float> r) =>
        r | (Vector128.IsNaN(r) & Vector128.Create(BitConverter.Int32BitsToSingle(0x00400000)));

    private static Vector128<double> QuietNaNs(Vector128<double> r) =>
        r | (Vector128.IsNaN(r) & Vector128.Create(BitConverter.Int64BitsToDouble(0x0008000000000000)));

    // ------------------------------------------------------------------ conversions

    /// <summary><c>f32x4.convert_i32x4_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4ConvertI32x4S(V a) => Vector128.ConvertToSingle(a.AsInt32()).AsByte();

    /// <summary>
    /// <c>f32x4.convert_i32x4_u</c>: the high and low 16 bits convert exactly; <c>hi * 65536</c> is exact, so
    /// the final addition is the only rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4ConvertI32x4U(V a)
    {
        if (Avx512F.VL.IsSupported) return Avx512F.VL.ConvertToVector128Single(a.AsUInt32()).AsByte();
        var x = a.AsInt32();
        var lo = Vector128.ConvertToSingle(x & Vector128.Create(0xFFFF));
        var hi = Vector128.ConvertToSingle(Vector128.ShiftRightLogical(x, 16));
        return (hi * Vector128.Create(65536f) + lo).AsByte();
    }

    /// <summary><c>f64x2.convert_low_i32x4_s</c> (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2ConvertLowI32x4S(V a) => Sse2.IsSupported
        ? Sse2.ConvertToVector128Double(a.AsInt32()).AsByte()
        : Vector128.ConvertToDouble(Vector128.WidenLower(a.AsInt32())).AsByte();

    /// <summary><c>f64x2.convert_low_i32x4_u</c> (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2ConvertLowI32x4U(V a)
    {
        if (Avx512F.VL.IsSupported) return Avx512F.VL.ConvertToVector128Double(a.AsUInt32()).AsByte();
        if (Sse2.IsSupported)
        {
            var biased = Sse2.Xor(a.AsInt32(), Vector128.Create(int.MinValue));
            return Sse2.Add(Sse2.ConvertToVector128Double(biased), Vector128.Create(2147483648.0)).AsByte();
        }
        return Vector128.ConvertToDouble(Vector128.WidenLower(a.AsUInt32())).AsByte();
    }

    /// <summary><c>f32x4.demote_f64x2_zero</c>: two rounded lanes, then two zero lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4DemoteF64x2Zero(V a) => Sse2.IsSupported
        ? Sse2.ConvertToVector128Single(a.AsDouble()).AsByte()
        : Vector128.Narrow(a.AsDouble(), Vector128<double>.Zero).AsByte();

    /// <summary><c>f64x2.promote_low_f32x4</c> (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2PromoteLowF32x4(V a) => Sse2.IsSupported
        ? Sse2.ConvertToVector128Double(a.AsSingle()).AsByte()
        : Vector128.WidenLower(a.AsSingle()).AsByte();

    /// <summary><c>i32x4.trunc_sat_f32x4_s</c>: NaN gives 0, out-of-range values saturate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4TruncSatF32x4S(V a)
    {
        var x = a.AsSingle();
        if (Sse2.IsSupported)
        {
            // cvttps2dq gives 0x80000000 for NaN and out of range: flip it for the positive overflows,
            // clear the NaN lanes.
            var r = Sse2.ConvertToVector128Int32WithTruncation(x);
            r = Sse2.Xor(r, Sse.CompareGreaterThanOrEqual(x, Vector128.Create(2147483648f)).AsInt32());
            return Sse2.And(r, Sse.CompareEqual(x, x).AsInt32()).AsByte();
        }
        var f = a.AsSingle();
        return Vector128.Create(WasmMath.I32TruncSatF32S(f.GetElement(0)), WasmMath.I32TruncSatF32S(f.GetElement(1)),
            WasmMath.I32TruncSatF32S(f.GetElement(2)), WasmMath.I32TruncSatF32S(f.GetElement(3))).AsByte();
    }

    /// <summary><c>i32x4.trunc_sat_f32x4_u</c>: NaN and negatives give 0, values ≥ 2^32 give 0xFFFFFFFF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4TruncSatF32x4U(V a)
    {
        if (Avx512F.VL.IsSupported)
        {
            // maxps returns its second operand (+0) for NaN; vcvttps2udq gives 0xFFFFFFFF when too large.
            return Avx512F.VL.ConvertToVector128UInt32WithTruncation(Sse.Max(a.AsSingle(), Vector128<float>.Zero)).AsByte();
        }
        if (Sse2.IsSupported)
        {
            var x = Sse.Max(a.AsSingle(), Vector128<float>.Zero); // NaN and negatives -> +0
            var two31 = Vector128.Create(2147483648f);
            var small = Sse2.ConvertToVector128Int32WithTruncation(x);
            var big = Sse2.Xor(Sse2.ConvertToVector128Int32WithTruncation(Sse.Subtract(x, two31)), Vector128.Create(int.MinValue));
            var isBig = Sse.CompareGreaterThanOrEqual(x, two31).AsInt32();
            var r = Sse2.Or(Sse2.And(isBig, big), Sse2.AndNot(isBig, small));
            return Sse2.Or(r, Sse.CompareGreaterThanOrEqual(x, Vector128.Create(4294967296f)).AsInt32()).AsByte();
        }
        var f = a.AsSingle();
        return Vector128.Create(WasmMath.I32TruncSatF32U(f.GetElement(0)), WasmMath.I32TruncSatF32U(f.GetElement(1)),
            WasmMath.I32TruncSatF32U(f.GetElement(2)), WasmMath.I32TruncSatF32U(f.GetElement(3))).AsByte();
    }

    /// <summary><c>i32x4.trunc_sat_f64x2_s_zero</c>: two saturated lanes (NaN gives 0), then two zero lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4TruncSatF64x2SZero(V a)
    {
        if (Sse2.IsSupported)
        {
            var x = a.AsDouble();
            x = Sse2.And(x, Sse2.CompareEqual(x, x)); // NaN -> +0
            x = Sse2.Max(x, Vector128.Create(-2147483648.0));
            x = Sse2.Min(x, Vector128.Create(2147483647.0));
            return Sse2.ConvertToVector128Int32WithTruncation(x).AsByte();
        }
        var d = a.AsDouble();
        return Vector128.Create(WasmMath.I32TruncSatF64S(d.GetElement(0)), WasmMath.I32TruncSatF64S(d.GetElement(1)), 0, 0).AsByte();
    }

    /// <summary><c>i32x4.trunc_sat_f64x2_u_zero</c>: two saturated lanes (NaN gives 0), then two zero lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4TruncSatF64x2UZero(V a)
    {
        if (Avx512F.VL.IsSupported)
            return Avx512F.VL.ConvertToVector128UInt32WithTruncation(Sse2.Max(a.AsDouble(), Vector128<double>.Zero)).AsByte();
        if (Sse41.IsSupported)
        {
            var x = a.AsDouble();
            x = Sse2.And(x, Sse2.CompareEqual(x, x));
            x = Sse2.Max(x, Vector128<double>.Zero);
            x = Sse2.Min(x, Vector128.Create(4294967295.0));
            // An integer in [0, 2^32) plus 2^52 has the integer in the low 32 bits of its significand.
            x = Sse2.Add(Sse41.RoundToZero(x), Vector128.Create(4503599627370496.0));
            return Sse.Shuffle(x.AsSingle(), Vector128<float>.Zero, 0x08).AsByte();
        }
        var d = a.AsDouble();
        return Vector128.Create(WasmMath.I32TruncSatF64U(d.GetElement(0)), WasmMath.I32TruncSatF64U(d.GetElement(1)), 0, 0).AsByte();
    }
}
