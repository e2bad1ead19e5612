using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Cilantro.Runtime.Numerics;

// Integer lanes: comparisons, arithmetic, shifts, and the operators without a direct Vector128 equivalent.
public static partial class SimdOps
{
    // ------------------------------------------------------------------ integer comparisons

    /// <summary><c>i8x16.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Eq(V a, V b) => Vector128.Equals(a, b);

    /// <summary><c>i8x16.ne</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Ne(V a, V b) => ~Vector128.Equals(a, b);

    /// <summary><c>i8x16.lt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16LtS(V a, V b) => Vector128.LessThan(a.AsSByte(), b.AsSByte()).AsByte();

    /// <summary><c>i8x16.lt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16LtU(V a, V b) => Vector128.LessThan(a.AsByte(), b.AsByte()).AsByte();

    /// <summary><c>i8x16.gt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16GtS(V a, V b) => Vector128.GreaterThan(a.AsSByte(), b.AsSByte()).AsByte();

    /// <summary><c>i8x16.gt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16GtU(V a, V b) => Vector128.GreaterThan(a.AsByte(), b.AsByte()).AsByte();

    /// <summary><c>i8x16.le_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    /// <summary><c>i8x16.le_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsByte(), b.AsByte()).AsByte();

    /// <summary><c>i8x16.ge_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsSByte(), b.AsSByte()).AsByte();

    /// <summary><c>i8x16.ge_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsByte(), b.AsByte()).AsByte();

    /// <summary><c>i16x8.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Eq(V a, V b) => Vector128.Equals(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.ne</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Ne(V a, V b) => (~Vector128.Equals(a.AsInt16(), b.AsInt16())).AsByte();

    /// <summary><c>i16x8.lt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8LtS(V a, V b) => Vector128.LessThan(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.lt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8LtU(V a, V b) => Vector128.LessThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    /// <summary><c>i16x8.gt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8GtS(V a, V b) => Vector128.GreaterThan(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.gt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8GtU(V a, V b) => Vector128.GreaterThan(a.AsUInt16(), b.AsUInt16()).AsByte();

    /// <summary><c>i16x8.le_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.le_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    /// <summary><c>i16x8.ge_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.ge_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsUInt16(), b.AsUInt16()).AsByte();

    /// <summary><c>i32x4.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Eq(V a, V b) => Vector128.Equals(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i32x4.ne</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Ne(V a, V b) => (~Vector128.Equals(a.AsInt32(), b.AsInt32())).AsByte();

    /// <summary><c>i32x4.lt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4LtS(V a, V b) => Vector128.LessThan(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i32x4.lt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4LtU(V a, V b) => Vector128.LessThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary><c>i32x4.gt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4GtS(V a, V b) => Vector128.GreaterThan(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i32x4.gt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4GtU(V a, V b) => Vector128.GreaterThan(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary><c>i32x4.le_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i32x4.le_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4LeU(V a, V b) => Vector128.LessThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary><c>i32x4.ge_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i32x4.ge_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4GeU(V a, V b) => Vector128.GreaterThanOrEqual(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary><c>i64x2.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Eq(V a, V b) => Vector128.Equals(a.AsInt64(), b.AsInt64()).AsByte();

    /// <summary><c>i64x2.ne</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Ne(V a, V b) => (~Vector128.Equals(a.AsInt64(), b.AsInt64())).AsByte();

    /// <summary><c>i64x2.lt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2LtS(V a, V b) => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte();

    /// <summary><c>i64x2.gt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2GtS(V a, V b) => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte();

    /// <summary><c>i64x2.le_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2LeS(V a, V b) => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    /// <summary><c>i64x2.ge_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2GeS(V a, V b) => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte();

    // ------------------------------------------------------------------ float comparisons

    /// <summary><c>f32x4.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Eq(V a, V b) => Vector128.Equals(a.AsSingle(), b.AsSingle()).AsByte();

    /// <summary><c>f32x4.ne (true for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Ne(V a, V b) => (~Vector128.Equals(a.AsSingle(), b.AsSingle())).AsByte();

    /// <summary><c>f32x4.lt (false for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Lt(V a, V b) => Vector128.LessThan(a.AsSingle(), b.AsSingle()).AsByte();

    /// <summary><c>f32x4.gt (false for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Gt(V a, V b) => Vector128.GreaterThan(a.AsSingle(), b.AsSingle()).AsByte();

    /// <summary><c>f32x4.le (false for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Le(V a, V b) => Vector128.LessThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();

    /// <summary><c>f32x4.ge (false for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Ge(V a, V b) => Vector128.GreaterThanOrEqual(a.AsSingle(), b.AsSingle()).AsByte();

    /// <summary><c>f64x2.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Eq(V a, V b) => Vector128.Equals(a.AsDouble(), b.AsDouble()).AsByte();

    /// <summary><c>f64x2.ne (true for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Ne(V a, V b) => (~Vector128.Equals(a.AsDouble(), b.AsDouble())).AsByte();

    /// <summary><c>f64x2.lt (false for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Lt(V a, V b) => Vector128.LessThan(a.AsDouble(), b.AsDouble()).AsByte();

    /// <summary><c>f64x2.gt (false for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Gt(V a, V b) => Vector128.GreaterThan(a.AsDouble(), b.AsDouble()).AsByte();

    /// <summary><c>f64x2.le (false for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Le(V a, V b) => Vector128.LessThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    /// <summary><c>f64x2.ge (false for NaN)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Ge(V a, V b) => Vector128.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsByte();

    // ------------------------------------------------------------------ integer arithmetic

    /// <summary><c>i8x16.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Add(V a, V b) => (a.AsSByte() + b.AsSByte()).AsByte();

    /// <summary><c>i8x16.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Sub(V a, V b) => (a.AsSByte() - b.AsSByte()).AsByte();

    /// <summary><c>i8x16.neg</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Neg(V a) => (Vector128<sbyte>.Zero - a.AsSByte()).AsByte();

    /// <summary><c>i16x8.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Add(V a, V b) => (a.AsInt16() + b.AsInt16()).AsByte();

    /// <summary><c>i16x8.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Sub(V a, V b) => (a.AsInt16() - b.AsInt16()).AsByte();

    /// <summary><c>i16x8.neg</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Neg(V a) => (Vector128<short>.Zero - a.AsInt16()).AsByte();

    /// <summary><c>i32x4.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Add(V a, V b) => (a.AsInt32() + b.AsInt32()).AsByte();

    /// <summary><c>i32x4.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Sub(V a, V b) => (a.AsInt32() - b.AsInt32()).AsByte();

    /// <summary><c>i32x4.neg</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Neg(V a) => (Vector128<int>.Zero - a.AsInt32()).AsByte();

    /// <summary><c>i64x2.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Add(V a, V b) => (a.AsInt64() + b.AsInt64()).AsByte();

    /// <summary><c>i64x2.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Sub(V a, V b) => (a.AsInt64() - b.AsInt64()).AsByte();

    /// <summary><c>i64x2.neg</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Neg(V a) => (Vector128<long>.Zero - a.AsInt64()).AsByte();

    /// <summary><c>i16x8.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Mul(V a, V b) => (a.AsInt16() * b.AsInt16()).AsByte();

    /// <summary><c>i32x4.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Mul(V a, V b) => (a.AsInt32() * b.AsInt32()).AsByte();

    /// <summary><c>i64x2.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Mul(V a, V b) => (a.AsInt64() * b.AsInt64()).AsByte();

    /// <summary><c>i8x16.min_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16MinS(V a, V b) => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte();

    /// <summary><c>i8x16.min_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16MinU(V a, V b) => Vector128.Min(a.AsByte(), b.AsByte()).AsByte();

    /// <summary><c>i8x16.max_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16MaxS(V a, V b) => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte();

    /// <summary><c>i8x16.max_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16MaxU(V a, V b) => Vector128.Max(a.AsByte(), b.AsByte()).AsByte();

    /// <summary><c>i16x8.min_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8MinS(V a, V b) => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.min_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8MinU(V a, V b) => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte();

    /// <summary><c>i16x8.max_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8MaxS(V a, V b) => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.max_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8MaxU(V a, V b) => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte();

    /// <summary><c>i32x4.min_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4MinS(V a, V b) => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i32x4.min_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4MinU(V a, V b) => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte();

    /// <summary><c>i32x4.max_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4MaxS(V a, V b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i32x4.max_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4MaxU(V a, V b) => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte();

    // ------------------------------------------------------------------ shifts (count modulo the lane width)

    /// <summary><c>i8x16.shl</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Shl(V a, int count) => Vector128.ShiftLeft(a.AsSByte(), count & 7).AsByte();

    /// <summary><c>i8x16.shr_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16ShrS(V a, int count) => Vector128.ShiftRightArithmetic(a.AsSByte(), count & 7).AsByte();

    /// <summary><c>i8x16.shr_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16ShrU(V a, int count) => Vector128.ShiftRightLogical(a.AsByte(), count & 7).AsByte();

    /// <summary><c>i16x8.shl</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Shl(V a, int count) => Vector128.ShiftLeft(a.AsInt16(), count & 15).AsByte();

    /// <summary><c>i16x8.shr_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ShrS(V a, int count) => Vector128.ShiftRightArithmetic(a.AsInt16(), count & 15).AsByte();

    /// <summary><c>i16x8.shr_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ShrU(V a, int count) => Vector128.ShiftRightLogical(a.AsUInt16(), count & 15).AsByte();

    /// <summary><c>i32x4.shl</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Shl(V a, int count) => Vector128.ShiftLeft(a.AsInt32(), count & 31).AsByte();

    /// <summary><c>i32x4.shr_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ShrS(V a, int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count & 31).AsByte();

    /// <summary><c>i32x4.shr_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ShrU(V a, int count) => Vector128.ShiftRightLogical(a.AsUInt32(), count & 31).AsByte();

    /// <summary><c>i64x2.shl</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Shl(V a, int count) => Vector128.ShiftLeft(a.AsInt64(), count & 63).AsByte();

    /// <summary><c>i64x2.shr_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ShrS(V a, int count) => Vector128.ShiftRightArithmetic(a.AsInt64(), count & 63).AsByte();

    /// <summary><c>i64x2.shr_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ShrU(V a, int count) => Vector128.ShiftRightLogical(a.AsUInt64(), count & 63).AsByte();

    // ------------------------------------------------------------------ extend

    /// <summary><c>i16x8.extend_low_i8x16_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtendLowI8x16S(V a) => Vector128.WidenLower(a.AsSByte()).AsByte();

    /// <summary><c>i16x8.extend_low_i8x16_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtendLowI8x16U(V a) => Vector128.WidenLower(a.AsByte()).AsByte();

    /// <summary><c>i16x8.extend_high_i8x16_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtendHighI8x16S(V a) => Vector128.WidenUpper(a.AsSByte()).AsByte();

    /// <summary><c>i16x8.extend_high_i8x16_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtendHighI8x16U(V a) => Vector128.WidenUpper(a.AsByte()).AsByte();

    /// <summary><c>i32x4.extend_low_i16x8_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtendLowI16x8S(V a) => Vector128.WidenLower(a.AsInt16()).AsByte();

    /// <summary><c>i32x4.extend_low_i16x8_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtendLowI16x8U(V a) => Vector128.WidenLower(a.AsUInt16()).AsByte();

    /// <summary><c>i32x4.extend_high_i16x8_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtendHighI16x8S(V a) => Vector128.WidenUpper(a.AsInt16()).AsByte();

    /// <summary><c>i32x4.extend_high_i16x8_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtendHighI16x8U(V a) => Vector128.WidenUpper(a.AsUInt16()).AsByte();

    /// <summary><c>i64x2.extend_low_i32x4_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ExtendLowI32x4S(V a) => Vector128.WidenLower(a.AsInt32()).AsByte();

    /// <summary><c>i64x2.extend_low_i32x4_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ExtendLowI32x4U(V a) => Vector128.WidenLower(a.AsUInt32()).AsByte();

    /// <summary><c>i64x2.extend_high_i32x4_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ExtendHighI32x4S(V a) => Vector128.WidenUpper(a.AsInt32()).AsByte();

    /// <summary><c>i64x2.extend_high_i32x4_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ExtendHighI32x4U(V a) => Vector128.WidenUpper(a.AsUInt32()).AsByte();

    // ------------------------------------------------------------------ abs, popcnt

    /// <summary><c>i8x16.abs</c> (<c>abs(-128)</c> is -128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Abs(V a)
    {
        if (Ssse3.IsSupported) return Ssse3.Abs(a.AsSByte());
        var x = a.AsSByte();
        var s = Vector128.LessThan(x, Vector128<sbyte>.Zero);
        return ((x ^ s) - s).AsByte();
    }

    /// <summary><c>i16x8.abs</c> (<c>abs(MIN)</c> is MIN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Abs(V a)
    {
        if (Ssse3.IsSupported) return Ssse3.Abs(a.AsInt16()).AsByte();
        var x = a.AsInt16();
        var s = Vector128.ShiftRightArithmetic(x, 15);
        return ((x ^ s) - s).AsByte();
    }

    /// <summary><c>i32x4.abs</c> (<c>abs(MIN)</c> is MIN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Abs(V a)
    {
        if (Ssse3.IsSupported) return Ssse3.Abs(a.AsInt32()).AsByte();
        var x = a.AsInt32();
        var s = Vector128.ShiftRightArithmetic(x, 31);
        return ((x ^ s) - s).AsByte();
    }

    /// <summary><c>i64x2.abs</c> (<c>abs(MIN)</c> is MIN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Abs(V a)
    {
        var x = a.AsInt64();
        var s = Vector128.LessThan(x, Vector128<long>.Zero);
        return ((x ^ s) - s).AsByte();
    }

    /// <summary><c>i8x16.popcnt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Popcnt(V a)
    {
        if (Ssse3.IsSupported)
        {
            // Nibble table lookup.
            var table = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
            var mask = Vector128.Create((byte)0x0F);
            var lo = a & mask;
            var hi = Sse2.ShiftRightLogical(a.AsUInt16(), 4).AsByte() & mask;
            return Ssse3.Shuffle(table, lo) + Ssse3.Shuffle(table, hi);
        }
        var x = a - (Vector128.ShiftRightLogical(a, 1) & Vector128.Create((byte)0x55));
        x = (x & Vector128.Create((byte)0x33)) + (Vector128.ShiftRightLogical(x, 2) & Vector128.Create((byte)0x33));
        return (x + Vector128.ShiftRightLogical(x, 4)) & Vector128.Create((byte)0x0F);
    }

    // ------------------------------------------------------------------ saturating arithmetic

    /// <summary><c>i8x16.add_sat_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16AddSatS(V a, V b) => Sse2.IsSupported
        ? Sse2.AddSaturate(a.AsSByte(), b.AsSByte()).AsByte()
        : Vector128.AddSaturate(a.AsSByte(), b.AsSByte()).AsByte();

    /// <summary><c>i8x16.add_sat_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16AddSatU(V a, V b) => Sse2.IsSupported ? Sse2.AddSaturate(a, b) : Vector128.AddSaturate(a, b);

    /// <summary><c>i8x16.sub_sat_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16SubSatS(V a, V b) => Sse2.IsSupported
        ? Sse2.SubtractSaturate(a.AsSByte(), b.AsSByte()).AsByte()
        : Vector128.SubtractSaturate(a.AsSByte(), b.AsSByte()).AsByte();

    /// <summary><c>i8x16.sub_sat_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16SubSatU(V a, V b) => Sse2.IsSupported ? Sse2.SubtractSaturate(a, b) : Vector128.SubtractSaturate(a, b);

    /// <summary><c>i16x8.add_sat_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8AddSatS(V a, V b) => Sse2.IsSupported
        ? Sse2.AddSaturate(a.AsInt16(), b.AsInt16()).AsByte()
        : Vector128.AddSaturate(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.add_sat_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8AddSatU(V a, V b) => Sse2.IsSupported
        ? Sse2.AddSaturate(a.AsUInt16(), b.AsUInt16()).AsByte()
        : Vector128.AddSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    /// <summary><c>i16x8.sub_sat_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8SubSatS(V a, V b) => Sse2.IsSupported
        ? Sse2.SubtractSaturate(a.AsInt16(), b.AsInt16()).AsByte()
        : Vector128.SubtractSaturate(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i16x8.sub_sat_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8SubSatU(V a, V b) => Sse2.IsSupported
        ? Sse2.SubtractSaturate(a.AsUInt16(), b.AsUInt16()).AsByte()
        : Vector128.SubtractSaturate(a.AsUInt16(), b.AsUInt16()).AsByte();

    /// <summary><c>i8x16.avgr_u</c>: <c>(a + b + 1) / 2</c> without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16AvgrU(V a, V b) => Sse2.IsSupported
        ? Sse2.Average(a, b)
        : (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);

    /// <summary><c>i16x8.avgr_u</c>: <c>(a + b + 1) / 2</c> without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8AvgrU(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.Average(a.AsUInt16(), b.AsUInt16()).AsByte();
        var x = a.AsUInt16();
        var y = b.AsUInt16();
        return ((x | y) - Vector128.ShiftRightLogical(x ^ y, 1)).AsByte();
    }

    // ------------------------------------------------------------------ narrow (saturating)

    /// <summary><c>i8x16.narrow_i16x8_s</c>: lanes of <paramref name="a"/> then of <paramref name="b"/>, each clamped to i8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16NarrowI16x8S(V a, V b) => Sse2.IsSupported
        ? Sse2.PackSignedSaturate(a.AsInt16(), b.AsInt16()).AsByte()
        : Vector128.NarrowWithSaturation(a.AsInt16(), b.AsInt16()).AsByte();

    /// <summary><c>i8x16.narrow_i16x8_u</c>: signed i16 lanes clamped to u8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16NarrowI16x8U(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.PackUnsignedSaturate(a.AsInt16(), b.AsInt16());
        var lo = Vector128.Max(a.AsInt16(), Vector128<short>.Zero).AsUInt16();
        var hi = Vector128.Max(b.AsInt16(), Vector128<short>.Zero).AsUInt16();
        return Vector128.NarrowWithSaturation(lo, hi);
    }

    /// <summary><c>i16x8.narrow_i32x4_s</c>: lanes of <paramref name="a"/> then of <paramref name="b"/>, each clamped to i16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8NarrowI32x4S(V a, V b) => Sse2.IsSupported
        ? Sse2.PackSignedSaturate(a.AsInt32(), b.AsInt32()).AsByte()
        : Vector128.NarrowWithSaturation(a.AsInt32(), b.AsInt32()).AsByte();

    /// <summary><c>i16x8.narrow_i32x4_u</c>: signed i32 lanes clamped to u16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8NarrowI32x4U(V a, V b)
    {
        if (Sse41.IsSupported) return Sse41.PackUnsignedSaturate(a.AsInt32(), b.AsInt32()).AsByte();
        var lo = Vector128.Max(a.AsInt32(), Vector128<int>.Zero).AsUInt32();
        var hi = Vector128.Max(b.AsInt32(), Vector128<int>.Zero).AsUInt32();
        return Vector128.NarrowWithSaturation(lo, hi).AsByte();
    }

    // ------------------------------------------------------------------ pairwise, extended multiply, dot

    /// <summary><c>i16x8.extadd_pairwise_i8x16_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtaddPairwiseI8x16S(V a)
    {
        if (Ssse3.IsSupported) return Ssse3.MultiplyAddAdjacent(Vector128.Create((byte)1), a.AsSByte()).AsByte();
        var x = a.AsInt16();
        var even = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 8), 8);
        var odd = Vector128.ShiftRightArithmetic(x, 8);
        return (even + odd).AsByte();
    }

    /// <summary><c>i16x8.extadd_pairwise_i8x16_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtaddPairwiseI8x16U(V a)
    {
        if (Ssse3.IsSupported) return Ssse3.MultiplyAddAdjacent(a, Vector128.Create((sbyte)1)).AsByte();
        var x = a.AsUInt16();
        var even = x & Vector128.Create((ushort)0xFF);
        var odd = Vector128.ShiftRightLogical(x, 8);
        return (even + odd).AsByte();
    }

    /// <summary><c>i32x4.extadd_pairwise_i16x8_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtaddPairwiseI16x8S(V a)
    {
        if (Sse2.IsSupported) return Sse2.MultiplyAddAdjacent(a.AsInt16(), Vector128.Create((short)1)).AsByte();
        var x = a.AsInt32();
        var even = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16);
        var odd = Vector128.ShiftRightArithmetic(x, 16);
        return (even + odd).AsByte();
    }

    /// <summary><c>i32x4.extadd_pairwise_i16x8_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtaddPairwiseI16x8U(V a)
    {
        var x = a.AsUInt32();
        var even = x & Vector128.Create(0xFFFFu);
        var odd = Vector128.ShiftRightLogical(x, 16);
        return (even + odd).AsByte();
    }

    /// <summary><c>i16x8.extmul_low_i8x16_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtmulLowI8x16S(V a, V b) =>
        (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte();

    /// <summary><c>i16x8.extmul_high_i8x16_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtmulHighI8x16S(V a, V b) =>
        (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte();

    /// <summary><c>i16x8.extmul_low_i8x16_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtmulLowI8x16U(V a, V b) =>
        (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte();

    /// <summary><c>i16x8.extmul_high_i8x16_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ExtmulHighI8x16U(V a, V b) =>
        (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte();

    /// <summary><c>i32x4.extmul_low_i16x8_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtmulLowI16x8S(V a, V b)
    {
        if (Sse2.IsSupported)
        {
            var lo = Sse2.MultiplyLow(a.AsInt16(), b.AsInt16());
            var hi = Sse2.MultiplyHigh(a.AsInt16(), b.AsInt16());
            return Sse2.UnpackLow(lo, hi).AsByte();
        }
        return (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte();
    }

    /// <summary><c>i32x4.extmul_high_i16x8_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtmulHighI16x8S(V a, V b)
    {
        if (Sse2.IsSupported)
        {
            var lo = Sse2.MultiplyLow(a.AsInt16(), b.AsInt16());
            var hi = Sse2.MultiplyHigh(a.AsInt16(), b.AsInt16());
            return Sse2.UnpackHigh(lo, hi).AsByte();
        }
        return (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte();
    }

    /// <summary><c>i32x4.extmul_low_i16x8_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtmulLowI16x8U(V a, V b)
    {
        if (Sse2.IsSupported)
        {
            var lo = Sse2.MultiplyLow(a.AsUInt16(), b.AsUInt16());
            var hi = Sse2.MultiplyHigh(a.AsUInt16(), b.AsUInt16());
            return Sse2.UnpackLow(lo, hi).AsByte();
        }
        return (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte();
    }

    /// <summary><c>i32x4.extmul_high_i16x8_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ExtmulHighI16x8U(V a, V b)
    {
        if (Sse2.IsSupported)
        {
            var lo = Sse2.MultiplyLow(a.AsUInt16(), b.AsUInt16());
            var hi = Sse2.MultiplyHigh(a.AsUInt16(), b.AsUInt16());
            return Sse2.UnpackHigh(lo, hi).AsByte();
        }
        return (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte();
    }

    /// <summary><c>i64x2.extmul_low_i32x4_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ExtmulLowI32x4S(V a, V b)
    {
        if (Sse41.IsSupported)
            return Sse41.Multiply(Sse2.Shuffle(a.AsInt32(), 0x50), Sse2.Shuffle(b.AsInt32(), 0x50)).AsByte();
        return (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte();
    }

    /// <summary><c>i64x2.extmul_high_i32x4_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ExtmulHighI32x4S(V a, V b)
    {
        if (Sse41.IsSupported)
            return Sse41.Multiply(Sse2.Shuffle(a.AsInt32(), 0xFA), Sse2.Shuffle(b.AsInt32(), 0xFA)).AsByte();
        return (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte();
    }

    /// <summary><c>i64x2.extmul_low_i32x4_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ExtmulLowI32x4U(V a, V b)
    {
        if (Sse2.IsSupported)
            return Sse2.Multiply(Sse2.Shuffle(a.AsUInt32(), 0x50), Sse2.Shuffle(b.AsUInt32(), 0x50)).AsByte();
        return (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte();
    }

    /// <summary><c>i64x2.extmul_high_i32x4_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ExtmulHighI32x4U(V a, V b)
    {
        if (Sse2.IsSupported)
            return Sse2.Multiply(Sse2.Shuffle(a.AsUInt32(), 0xFA), Sse2.Shuffle(b.AsUInt32(), 0xFA)).AsByte();
        return (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte();
    }

    /// <summary><c>i16x8.q15mulr_sat_s</c>: <c>sat16((a * b + 0x4000) &gt;&gt; 15)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Q15mulrSatS(V a, V b)
    {
        if (Ssse3.IsSupported)
        {
            // pmulhrsw is exact except that -32768 * -32768 wraps to -32768 instead of saturating.
            var r = Ssse3.MultiplyHighRoundScale(a.AsInt16(), b.AsInt16());
            return (r ^ Sse2.CompareEqual(r, Vector128.Create(short.MinValue))).AsByte();
        }
        var round = Vector128.Create(0x4000);
        var lo = Vector128.ShiftRightArithmetic(Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16()) + round, 15);
        var hi = Vector128.ShiftRightArithmetic(Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16()) + round, 15);
        return Vector128.NarrowWithSaturation(lo, hi).AsByte();
    }

    /// <summary><c>i32x4.dot_i16x8_s</c>: sums of adjacent signed 16-bit products (wrapping).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4DotI16x8S(V a, V b)
    {
        if (Sse2.IsSupported) return Sse2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsByte();
        var x = a.AsInt32();
        var y = b.AsInt32();
        var xe = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(x, 16), 16);
        var ye = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(y, 16), 16);
        var xo = Vector128.ShiftRightArithmetic(x, 16);
        var yo = Vector128.ShiftRightArithmetic(y, 16);
        return (xe * ye + xo * yo).AsByte();
    }
}
