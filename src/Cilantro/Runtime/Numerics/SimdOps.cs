using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Cilantro.Runtime.Numerics;

/// <summary>
/// The exact WebAssembly 2.0 semantics of every SIMD operator on <c>v128</c> values, represented as
/// <see cref="Vector128{T}"/> of <see cref="byte"/> (lane 0 in the lowest bytes, as in linear memory).
/// Scalars use <see cref="int"/>, <see cref="long"/>, <see cref="float"/> and <see cref="double"/>, as in
/// <see cref="WasmMath"/>. Where an SSE instruction does not give the spec's result by itself (float
/// min/max, swizzle, conversions, q15mulr) the x86 path adds the fix-up; every other platform uses the
/// portable <see cref="Vector128"/> API with a composition that has the spec's semantics.
/// Lane indices are taken modulo the lane count (validation guarantees they are in range).
/// </summary>
public static partial class SimdOps
{
    // ------------------------------------------------------------------ splat

    /// <summary><c>i8x16.splat</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Splat(int x) => Vector128.Create((byte)x);

    /// <summary><c>i16x8.splat</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8Splat(int x) => Vector128.Create((short)x).AsByte();

    /// <summary><c>i32x4.splat</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4Splat(int x) => Vector128.Create(x).AsByte();

    /// <summary><c>i64x2.splat</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2Splat(long x) => Vector128.Create(x).AsByte();

    /// <summary><c>f32x4.splat</c> (bits kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4Splat(float x) => Vector128.Create(x).AsByte();

    /// <summary><c>f64x2.splat</c> (bits kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2Splat(double x) => Vector128.Create(x).AsByte();

    // ------------------------------------------------------------------ lanes

    /// <summary><c>i8x16.extract_lane_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16ExtractLaneS(V v, int lane) => v.AsSByte().GetElement(lane & 15);

    /// <summary><c>i8x16.extract_lane_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16ExtractLaneU(V v, int lane) => v.GetElement(lane & 15);

    /// <summary><c>i16x8.extract_lane_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8ExtractLaneS(V v, int lane) => v.AsInt16().GetElement(lane & 7);

    /// <summary><c>i16x8.extract_lane_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8ExtractLaneU(V v, int lane) => v.AsUInt16().GetElement(lane & 7);

    /// <summary><c>i32x4.extract_lane</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4ExtractLane(V v, int lane) => v.AsInt32().GetElement(lane & 3);

    /// <summary><c>i64x2.extract_lane</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64x2ExtractLane(V v, int lane) => v.AsInt64().GetElement(lane & 1);

    /// <summary><c>f32x4.extract_lane</c> (bits kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32x4ExtractLane(V v, int lane) => v.AsSingle().GetElement(lane & 3);

    /// <summary><c>f64x2.extract_lane</c> (bits kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64x2ExtractLane(V v, int lane) => v.AsDouble().GetElement(lane & 1);

    /// <summary><c>i8x16.replace_lane</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16ReplaceLane(V v, int lane, int x) => v.WithElement(lane & 15, (byte)x);

    /// <summary><c>i16x8.replace_lane</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I16x8ReplaceLane(V v, int lane, int x) => v.AsInt16().WithElement(lane & 7, (short)x).AsByte();

    /// <summary><c>i32x4.replace_lane</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I32x4ReplaceLane(V v, int lane, int x) => v.AsInt32().WithElement(lane & 3, x).AsByte();

    /// <summary><c>i64x2.replace_lane</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I64x2ReplaceLane(V v, int lane, long x) => v.AsInt64().WithElement(lane & 1, x).AsByte();

    /// <summary><c>f32x4.replace_lane</c> (bits kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F32x4ReplaceLane(V v, int lane, float x) => v.AsSingle().WithElement(lane & 3, x).AsByte();

    /// <summary><c>f64x2.replace_lane</c> (bits kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V F64x2ReplaceLane(V v, int lane, double x) => v.AsDouble().WithElement(lane & 1, x).AsByte();

    // ------------------------------------------------------------------ loads (value part)

    /// <summary><c>v128.load8x8_s</c>, given the 8 bytes read from memory as a little-endian integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load8x8S(long bits) => Vector128.WidenLower(Vector128.CreateScalar(bits).AsSByte()).AsByte();

    /// <summary><c>v128.load8x8_u</c>, given the 8 bytes read from memory as a little-endian integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load8x8U(long bits) => Vector128.WidenLower(Vector128.CreateScalar(bits).AsByte()).AsByte();

    /// <summary><c>v128.load16x4_s</c>, given the 8 bytes read from memory as a little-endian integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load16x4S(long bits) => Vector128.WidenLower(Vector128.CreateScalar(bits).AsInt16()).AsByte();

    /// <summary><c>v128.load16x4_u</c>, given the 8 bytes read from memory as a little-endian integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load16x4U(long bits) => Vector128.WidenLower(Vector128.CreateScalar(bits).AsUInt16()).AsByte();

    /// <summary><c>v128.load32x2_s</c>, given the 8 bytes read from memory as a little-endian integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load32x2S(long bits) => Vector128.WidenLower(Vector128.CreateScalar(bits).AsInt32()).AsByte();

    /// <summary><c>v128.load32x2_u</c>, given the 8 bytes read from memory as a little-endian integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load32x2U(long bits) => Vector128.WidenLower(Vector128.CreateScalar(bits).AsUInt32()).AsByte();

    /// <summary><c>v128.load32_zero</c>, given the 4 bytes read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load32Zero(int bits) => Vector128.CreateScalar(bits).AsByte();

    /// <summary><c>v128.load64_zero</c>, given the 8 bytes read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Load64Zero(long bits) => Vector128.CreateScalar(bits).AsByte();

    // ------------------------------------------------------------------ shuffles

    /// <summary>
    /// <c>i8x16.swizzle</c>: lane i of the result is <c>a[s[i]]</c>, or 0 when <c>s[i]</c> ≥ 16.
    /// On SSSE3 a saturating add of 0x70 sets the top bit of every out-of-range index, which
    /// <c>pshufb</c> turns into 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Swizzle(V a, V s)
    {
        if (Ssse3.IsSupported) return Ssse3.Shuffle(a, Sse2.AddSaturate(s, Vector128.Create((byte)0x70)));
        return Vector128.Shuffle(a, s); // documented: out-of-range indices give 0
    }

    /// <summary>
    /// <c>i8x16.shuffle</c>: lane i of the result is lane <c>lanes[i]</c> of the 32-byte concatenation of
    /// <paramref name="a"/> and <paramref name="b"/> (indices ≥ 32 give 0; validation forbids them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16Shuffle(V a, V b, V lanes) =>
        I8x16Swizzle(a, lanes) | I8x16Swizzle(b, lanes - Vector128.Create((byte)16));

    /// <summary>
    /// Precomputes the operands of <see cref="I8x16ShufflePrepared"/> for a constant <c>i8x16.shuffle</c>
    /// (a compiler does this once per instruction). The masks are opaque and only valid in this process.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (V MaskA, V MaskB) I8x16ShuffleMasks(V lanes)
    {
        var lanesB = lanes - Vector128.Create((byte)16);
        if (Ssse3.IsSupported)
        {
            var bias = Vector128.Create((byte)0x70);
            return (Sse2.AddSaturate(lanes, bias), Sse2.AddSaturate(lanesB, bias));
        }
        return (lanes, lanesB);
    }

    /// <summary><c>i8x16.shuffle</c> with masks from <see cref="I8x16ShuffleMasks"/>: two table lookups and an or.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V I8x16ShufflePrepared(V a, V b, V maskA, V maskB)
    {
        if (Ssse3.IsSupported) return Ssse3.Shuffle(a, maskA) | Ssse3.Shuffle(b, maskB);
        return Vector128.Shuffle(a, maskA) | Vector128.Shuffle(b, maskB);
    }

    // ------------------------------------------------------------------ bitwise

    /// <summary><c>v128.not</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Not(V a) => ~a;

    /// <summary><c>v128.and</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128And(V a, V b) => a & b;

    /// <summary><c>v128.andnot</c>: <c>a &amp; ~b</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Andnot(V a, V b) => Vector128.AndNot(a, b);

    /// <summary><c>v128.or</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Or(V a, V b) => a | b;

    /// <summary><c>v128.xor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Xor(V a, V b) => a ^ b;

    /// <summary><c>v128.bitselect</c>: bits of <paramref name="a"/> where <paramref name="c"/> is 1, of <paramref name="b"/> elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V V128Bitselect(V a, V b, V c) => Vector128.ConditionalSelect(c, a, b);

    /// <summary><c>v128.any_true</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int V128AnyTrue(V a) => a != V.Zero ? 1 : 0;

    /// <summary><c>i8x16.all_true</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16AllTrue(V a) => Vector128.EqualsAny(a, V.Zero) ? 0 : 1;

    /// <summary><c>i16x8.all_true</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8AllTrue(V a) => Vector128.EqualsAny(a.AsInt16(), Vector128<short>.Zero) ? 0 : 1;

    /// <summary><c>i32x4.all_true</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4AllTrue(V a) => Vector128.EqualsAny(a.AsInt32(), Vector128<int>.Zero) ? 0 : 1;

    /// <summary><c>i64x2.all_true</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64x2AllTrue(V a) => Vector128.EqualsAny(a.AsInt64(), Vector128<long>.Zero) ? 0 : 1;

    /// <summary><c>i8x16.bitmask</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I8x16Bitmask(V a) => (int)Vector128.ExtractMostSignificantBits(a);

    /// <summary><c>i16x8.bitmask</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I16x8Bitmask(V a) => (int)Vector128.ExtractMostSignificantBits(a.AsInt16());

    /// <summary><c>i32x4.bitmask</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32x4Bitmask(V a) => (int)Vector128.ExtractMostSignificantBits(a.AsInt32());

    /// <summary><c>i64x2.bitmask</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64x2Bitmask(V a) => (int)Vector128.ExtractMostSignificantBits(a.AsInt64());
}
