using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Cilantro.Runtime.Numerics;

/// <summary>
/// The exact WebAssembly 2.0 semantics of the scalar numeric operators that do not map one-to-one onto a
/// C# operator: trapping division and truncation, bit counting, rotations, IEEE min/max, rounding, sign
/// manipulation (bitwise, keeping NaN payloads) and the conversions. Values use the engine's natural
/// representation: <c>i32</c> as <see cref="int"/>, <c>i64</c> as <see cref="long"/>, <c>f32</c> as
/// <see cref="float"/>, <c>f64</c> as <see cref="double"/>; unsigned operators reinterpret their operands.
/// Everything is allocation-free; traps throw <see cref="TrapException"/> with the spec's message.
/// </summary>
/// <remarks>
/// Operators such as <c>i32.add</c> or <c>f64.mul</c> are plain C# operators (wrapping integer arithmetic,
/// IEEE arithmetic whose NaN results are canonical or arithmetic as the spec requires) and are provided
/// here only for completeness.
/// </remarks>
public static class WasmMath
{
    /// <summary>Bits of the positive canonical f32 NaN.</summary>
    public const int F32CanonicalNaNBits = 0x7FC00000;
    /// <summary>Bits of the positive canonical f64 NaN.</summary>
    public const long F64CanonicalNaNBits = 0x7FF8000000000000;

    private const int F32SignBit = unchecked((int)0x80000000);
    private const long F64SignBit = unchecked((long)0x8000000000000000);

    // ------------------------------------------------------------------ traps

    /// <summary>Throws the trap "integer divide by zero".</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowDivideByZero() => throw new TrapException(TrapKind.IntegerDivideByZero);

    /// <summary>Throws the trap "integer overflow".</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowIntegerOverflow() => throw new TrapException(TrapKind.IntegerOverflow);

    /// <summary>Throws the trap "invalid conversion to integer".</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidConversion() => throw new TrapException(TrapKind.InvalidConversionToInteger);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTrunc(double x)
    {
        if (double.IsNaN(x)) ThrowInvalidConversion();
        ThrowIntegerOverflow();
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDivS(int b)
    {
        if (b == 0) ThrowDivideByZero();
        ThrowIntegerOverflow();
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDivS(long b)
    {
        if (b == 0) ThrowDivideByZero();
        ThrowIntegerOverflow();
    }

    // ------------------------------------------------------------------ i32

    /// <summary><c>i32.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Add(int a, int b) => unchecked(a + b);

    /// <summary><c>i32.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Sub(int a, int b) => unchecked(a - b);

    /// <summary><c>i32.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Mul(int a, int b) => unchecked(a * b);

    /// <summary><c>i32.div_s</c>: traps on a zero divisor and on <c>MIN / -1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32DivS(int a, int b)
    {
        // One unsigned comparison catches both 0 and -1 (b + 1 <= 1).
        if ((uint)(b + 1) <= 1u && (b == 0 || a == int.MinValue)) ThrowDivS(b);
        return a / b;
    }

    /// <summary><c>i32.div_u</c>: traps on a zero divisor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32DivU(int a, int b)
    {
        if (b == 0) ThrowDivideByZero();
        return (int)((uint)a / (uint)b);
    }

    /// <summary><c>i32.rem_s</c>: traps on a zero divisor; <c>MIN % -1</c> is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32RemS(int a, int b)
    {
        if ((uint)(b + 1) <= 1u)
        {
            if (b == 0) ThrowDivideByZero();
            return 0; // x % -1 == 0, and C#'s MIN % -1 would fault
        }
        return a % b;
    }

    /// <summary><c>i32.rem_u</c>: traps on a zero divisor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32RemU(int a, int b)
    {
        if (b == 0) ThrowDivideByZero();
        return (int)((uint)a % (uint)b);
    }

    /// <summary><c>i32.shl</c> (count modulo 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Shl(int a, int b) => a << b;

    /// <summary><c>i32.shr_s</c> (count modulo 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32ShrS(int a, int b) => a >> b;

    /// <summary><c>i32.shr_u</c> (count modulo 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32ShrU(int a, int b) => (int)((uint)a >> b);

    /// <summary><c>i32.rotl</c> (count modulo 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Rotl(int a, int b) => (int)BitOperations.RotateLeft((uint)a, b);

    /// <summary><c>i32.rotr</c> (count modulo 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Rotr(int a, int b) => (int)BitOperations.RotateRight((uint)a, b);

    /// <summary><c>i32.clz</c>: 32 for zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Clz(int a) => BitOperations.LeadingZeroCount((uint)a);

    /// <summary><c>i32.ctz</c>: 32 for zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Ctz(int a) => BitOperations.TrailingZeroCount(a);

    /// <summary><c>i32.popcnt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Popcnt(int a) => BitOperations.PopCount((uint)a);

    /// <summary><c>i32.eqz</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Eqz(int a) => a == 0 ? 1 : 0;

    /// <summary><c>i32.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Eq(int a, int b) => a == b ? 1 : 0;

    /// <summary><c>i32.ne</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Ne(int a, int b) => a != b ? 1 : 0;

    /// <summary><c>i32.lt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32LtS(int a, int b) => a < b ? 1 : 0;

    /// <summary><c>i32.gt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32GtS(int a, int b) => a > b ? 1 : 0;

    /// <summary><c>i32.le_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32LeS(int a, int b) => a <= b ? 1 : 0;

    /// <summary><c>i32.ge_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32GeS(int a, int b) => a >= b ? 1 : 0;

    /// <summary><c>i32.and</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32And(int a, int b) => a & b;

    /// <summary><c>i32.or</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Or(int a, int b) => a | b;

    /// <summary><c>i32.xor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Xor(int a, int b) => a ^ b;

    /// <summary><c>i32.lt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32LtU(int a, int b) => (uint)a < (uint)b ? 1 : 0;

    /// <summary><c>i32.gt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32GtU(int a, int b) => (uint)a > (uint)b ? 1 : 0;

    /// <summary><c>i32.le_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32LeU(int a, int b) => (uint)a <= (uint)b ? 1 : 0;

    /// <summary><c>i32.ge_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32GeU(int a, int b) => (uint)a >= (uint)b ? 1 : 0;

    /// <summary><c>i32.extend8_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Extend8S(int a) => (sbyte)a;

    /// <summary><c>i32.extend16_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32Extend16S(int a) => (short)a;

    /// <summary><c>i32.wrap_i64</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32WrapI64(long a) => (int)a;

    // ------------------------------------------------------------------ i64

    /// <summary><c>i64.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Add(long a, long b) => unchecked(a + b);

    /// <summary><c>i64.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Sub(long a, long b) => unchecked(a - b);

    /// <summary><c>i64.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Mul(long a, long b) => unchecked(a * b);

    /// <summary><c>i64.div_s</c>: traps on a zero divisor and on <c>MIN / -1</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64DivS(long a, long b)
    {
        if ((ulong)(b + 1) <= 1ul && (b == 0 || a == long.MinValue)) ThrowDivS(b);
        return a / b;
    }

    /// <summary><c>i64.div_u</c>: traps on a zero divisor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64DivU(long a, long b)
    {
        if (b == 0) ThrowDivideByZero();
        return (long)((ulong)a / (ulong)b);
    }

    /// <summary><c>i64.rem_s</c>: traps on a zero divisor; <c>MIN % -1</c> is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64RemS(long a, long b)
    {
        if ((ulong)(b + 1) <= 1ul)
        {
            if (b == 0) ThrowDivideByZero();
            return 0;
        }
        return a % b;
    }

    /// <summary><c>i64.rem_u</c>: traps on a zero divisor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64RemU(long a, long b)
    {
        if (b == 0) ThrowDivideByZero();
        return (long)((ulong)a % (ulong)b);
    }

    /// <summary><c>i64.shl</c> (count modulo 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Shl(long a, long b) => a << (int)b;

    /// <summary><c>i64.shr_s</c> (count modulo 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ShrS(long a, long b) => a >> (int)b;

    /// <summary><c>i64.shr_u</c> (count modulo 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ShrU(long a, long b) => (long)((ulong)a >> (int)b);

    /// <summary><c>i64.rotl</c> (count modulo 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Rotl(long a, long b) => (long)BitOperations.RotateLeft((ulong)a, (int)b);

    /// <summary><c>i64.rotr</c> (count modulo 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Rotr(long a, long b) => (long)BitOperations.RotateRight((ulong)a, (int)b);

    /// <summary><c>i64.clz</c>: 64 for zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Clz(long a) => BitOperations.LeadingZeroCount((ulong)a);

    /// <summary><c>i64.ctz</c>: 64 for zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Ctz(long a) => BitOperations.TrailingZeroCount(a);

    /// <summary><c>i64.popcnt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Popcnt(long a) => BitOperations.PopCount((ulong)a);

    /// <summary><c>i64.eqz</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64Eqz(long a) => a == 0 ? 1 : 0;

    /// <summary><c>i64.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64Eq(long a, long b) => a == b ? 1 : 0;

    /// <summary><c>i64.ne</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64Ne(long a, long b) => a != b ? 1 : 0;

    /// <summary><c>i64.lt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64LtS(long a, long b) => a < b ? 1 : 0;

    /// <summary><c>i64.gt_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64GtS(long a, long b) => a > b ? 1 : 0;

    /// <summary><c>i64.le_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64LeS(long a, long b) => a <= b ? 1 : 0;

    /// <summary><c>i64.ge_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64GeS(long a, long b) => a >= b ? 1 : 0;

    /// <summary><c>i64.and</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64And(long a, long b) => a & b;

    /// <summary><c>i64.or</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Or(long a, long b) => a | b;

    /// <summary><c>i64.xor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Xor(long a, long b) => a ^ b;

    /// <summary><c>i64.lt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64LtU(long a, long b) => (ulong)a < (ulong)b ? 1 : 0;

    /// <summary><c>i64.gt_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64GtU(long a, long b) => (ulong)a > (ulong)b ? 1 : 0;

    /// <summary><c>i64.le_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64LeU(long a, long b) => (ulong)a <= (ulong)b ? 1 : 0;

    /// <summary><c>i64.ge_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I64GeU(long a, long b) => (ulong)a >= (ulong)b ? 1 : 0;

    /// <summary><c>i64.extend8_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Extend8S(long a) => (sbyte)a;

    /// <summary><c>i64.extend16_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Extend16S(long a) => (short)a;

    /// <summary><c>i64.extend32_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64Extend32S(long a) => (int)a;

    /// <summary><c>i64.extend_i32_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ExtendI32S(int a) => a;

    /// <summary><c>i64.extend_i32_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ExtendI32U(int a) => (uint)a;

    // ------------------------------------------------------------------ f32

    /// <summary><c>f32.abs</c>: clears the sign bit (NaN payloads kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Abs(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & int.MaxValue);

    /// <summary><c>f32.neg</c>: flips the sign bit (NaN payloads kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Neg(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ F32SignBit);

    /// <summary><c>f32.copysign</c>: magnitude of <paramref name="a"/>, sign of <paramref name="b"/> (bitwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Copysign(float a, float b) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(a) & int.MaxValue) | (BitConverter.SingleToInt32Bits(b) & F32SignBit));

    /// <summary><c>f32.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Add(float a, float b) => a + b;

    /// <summary><c>f32.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Sub(float a, float b) => a - b;

    /// <summary><c>f32.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Mul(float a, float b) => a * b;

    /// <summary><c>f32.div</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Div(float a, float b) => a / b;

    /// <summary><c>f32.sqrt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Sqrt(float a) => MathF.Sqrt(a);

    /// <summary><c>f32.min</c>: NaN if either operand is NaN (quieted), and -0 below +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Min(float a, float b)
    {
        if (Sse.IsSupported) // branch-free: the SIMD sequence on lane 0
            return SimdOps.F32x4Min(Vector128.CreateScalarUnsafe(a).AsByte(), Vector128.CreateScalarUnsafe(b).AsByte()).AsSingle().ToScalar();
        return F32MinPortable(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float F32MinPortable(float a, float b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b) // equal, possibly zeros of different signs: -0 wins
            return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));
        return a + b; // a NaN: arithmetic, and canonical when the NaN operands are
    }

    /// <summary><c>f32.max</c>: NaN if either operand is NaN (quieted), and +0 above -0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Max(float a, float b)
    {
        if (Sse.IsSupported) // branch-free: the SIMD sequence on lane 0
            return SimdOps.F32x4Max(Vector128.CreateScalarUnsafe(a).AsByte(), Vector128.CreateScalarUnsafe(b).AsByte()).AsSingle().ToScalar();
        return F32MaxPortable(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float F32MaxPortable(float a, float b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b)
            return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
        return a + b;
    }

    /// <summary><c>f32.ceil</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Ceil(float a) => QuietF32(MathF.Ceiling(a));

    /// <summary><c>f32.floor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Floor(float a) => QuietF32(MathF.Floor(a));

    /// <summary><c>f32.trunc</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Trunc(float a) => QuietF32(MathF.Truncate(a));

    /// <summary><c>f32.nearest</c>: round to nearest, ties to even, keeping the sign of zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Nearest(float a) => QuietF32(MathF.Round(a, MidpointRounding.ToEven));

    /// <summary>
    /// Makes a NaN result of a rounding function arithmetic (quiet bit set). With SSE4.1 or AdvSimd the
    /// hardware rounding already quiets signalling NaNs and this folds to nothing but a test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float QuietF32(float r) =>
        !HardwareRounding && float.IsNaN(r) ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(r) | 0x00400000) : r;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double QuietF64(double r) =>
        !HardwareRounding && double.IsNaN(r) ? BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(r) | 0x0008000000000000) : r;

    // roundss/roundsd (SSE4.1) and frint* (AdvSimd) return signalling NaNs quieted, as the spec wants.
    private static bool HardwareRounding => Sse41.IsSupported || AdvSimd.IsSupported;

    /// <summary><c>f32.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F32Eq(float a, float b) => a == b ? 1 : 0;

    /// <summary><c>f32.ne</c> (true when either is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F32Ne(float a, float b) => a != b ? 1 : 0;

    /// <summary><c>f32.lt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F32Lt(float a, float b) => a < b ? 1 : 0;

    /// <summary><c>f32.gt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F32Gt(float a, float b) => a > b ? 1 : 0;

    /// <summary><c>f32.le</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F32Le(float a, float b) => a <= b ? 1 : 0;

    /// <summary><c>f32.ge</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F32Ge(float a, float b) => a >= b ? 1 : 0;

    // ------------------------------------------------------------------ f64

    /// <summary><c>f64.abs</c>: clears the sign bit (NaN payloads kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Abs(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & long.MaxValue);

    /// <summary><c>f64.neg</c>: flips the sign bit (NaN payloads kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Neg(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) ^ F64SignBit);

    /// <summary><c>f64.copysign</c>: magnitude of <paramref name="a"/>, sign of <paramref name="b"/> (bitwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Copysign(double a, double b) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(a) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(b) & F64SignBit));

    /// <summary><c>f64.add</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Add(double a, double b) => a + b;

    /// <summary><c>f64.sub</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Sub(double a, double b) => a - b;

    /// <summary><c>f64.mul</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Mul(double a, double b) => a * b;

    /// <summary><c>f64.div</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Div(double a, double b) => a / b;

    /// <summary><c>f64.sqrt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Sqrt(double a) => Math.Sqrt(a);

    /// <summary><c>f64.min</c>: NaN if either operand is NaN (quieted), and -0 below +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Min(double a, double b)
    {
        if (Sse2.IsSupported) // branch-free: the SIMD sequence on lane 0
            return SimdOps.F64x2Min(Vector128.CreateScalarUnsafe(a).AsByte(), Vector128.CreateScalarUnsafe(b).AsByte()).AsDouble().ToScalar();
        return F64MinPortable(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double F64MinPortable(double a, double b)
    {
        if (a < b) return a;
        if (b < a) return b;
        if (a == b)
            return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
        return a + b;
    }

    /// <summary><c>f64.max</c>: NaN if either operand is NaN (quieted), and +0 above -0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Max(double a, double b)
    {
        if (Sse2.IsSupported) // branch-free: the SIMD sequence on lane 0
            return SimdOps.F64x2Max(Vector128.CreateScalarUnsafe(a).AsByte(), Vector128.CreateScalarUnsafe(b).AsByte()).AsDouble().ToScalar();
        return F64MaxPortable(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double F64MaxPortable(double a, double b)
    {
        if (a > b) return a;
        if (b > a) return b;
        if (a == b)
            return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));
        return a + b;
    }

    /// <summary><c>f64.ceil</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Ceil(double a) => QuietF64(Math.Ceiling(a));

    /// <summary><c>f64.floor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Floor(double a) => QuietF64(Math.Floor(a));

    /// <summary><c>f64.trunc</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Trunc(double a) => QuietF64(Math.Truncate(a));

    /// <summary><c>f64.nearest</c>: round to nearest, ties to even, keeping the sign of zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Nearest(double a) => QuietF64(Math.Round(a, MidpointRounding.ToEven));

    /// <summary><c>f64.eq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F64Eq(double a, double b) => a == b ? 1 : 0;

    /// <summary><c>f64.ne</c> (true when either is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F64Ne(double a, double b) => a != b ? 1 : 0;

    /// <summary><c>f64.lt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F64Lt(double a, double b) => a < b ? 1 : 0;

    /// <summary><c>f64.gt</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F64Gt(double a, double b) => a > b ? 1 : 0;

    /// <summary><c>f64.le</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F64Le(double a, double b) => a <= b ? 1 : 0;

    /// <summary><c>f64.ge</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int F64Ge(double a, double b) => a >= b ? 1 : 0;

    // ------------------------------------------------------------------ trapping float -> int
    // Each accepts exactly the values whose truncation is representable: the bounds are the first
    // float values outside the target range (exclusive) or its exact ends (inclusive). NaN fails every
    // comparison, so one branch guards the fast path; the slow path picks the trap.

    /// <summary><c>i32.trunc_f32_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF32S(float a)
    {
        if (!(a >= -2147483648f && a < 2147483648f)) ThrowTrunc(a);
        return Native<int>(a);
    }

    /// <summary><c>i32.trunc_f32_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF32U(float a)
    {
        if (!(a > -1f && a < 4294967296f)) ThrowTrunc(a);
        return (int)Native<uint>(a);
    }

    /// <summary><c>i32.trunc_f64_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF64S(double a)
    {
        if (!(a > -2147483649.0 && a < 2147483648.0)) ThrowTrunc(a);
        return Native<int>(a);
    }

    /// <summary><c>i32.trunc_f64_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncF64U(double a)
    {
        if (!(a > -1.0 && a < 4294967296.0)) ThrowTrunc(a);
        return (int)Native<uint>(a);
    }

    /// <summary><c>i64.trunc_f32_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF32S(float a)
    {
        if (!(a >= -9223372036854775808f && a < 9223372036854775808f)) ThrowTrunc(a);
        return Native<long>(a);
    }

    /// <summary><c>i64.trunc_f32_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF32U(float a)
    {
        if (!(a > -1f && a < 18446744073709551616f)) ThrowTrunc(a);
        return (long)Native<ulong>(a);
    }

    /// <summary><c>i64.trunc_f64_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF64S(double a)
    {
        if (!(a >= -9223372036854775808.0 && a < 9223372036854775808.0)) ThrowTrunc(a);
        return Native<long>(a);
    }

    /// <summary><c>i64.trunc_f64_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncF64U(double a)
    {
        if (!(a > -1.0 && a < 18446744073709551616.0)) ThrowTrunc(a);
        return (long)Native<ulong>(a);
    }

    // The value is known to be in range: the platform's conversion needs no saturation fix-ups.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Native<T>(float a) where T : System.Numerics.IBinaryInteger<T> => float.ConvertToIntegerNative<T>(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Native<T>(double a) where T : System.Numerics.IBinaryInteger<T> => double.ConvertToIntegerNative<T>(a);

    // ------------------------------------------------------------------ saturating float -> int
    // .NET 9+ defines float-to-integer casts as saturating with NaN -> 0 on every platform, which is
    // exactly trunc_sat (checked by the tests).

    /// <summary><c>i32.trunc_sat_f32_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF32S(float a) => (int)a;

    /// <summary><c>i32.trunc_sat_f32_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF32U(float a) => (int)(uint)a;

    /// <summary><c>i32.trunc_sat_f64_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF64S(double a) => (int)a;

    /// <summary><c>i32.trunc_sat_f64_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32TruncSatF64U(double a) => (int)(uint)a;

    /// <summary><c>i64.trunc_sat_f32_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF32S(float a) => (long)a;

    /// <summary><c>i64.trunc_sat_f32_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF32U(float a) => (long)(ulong)a;

    /// <summary><c>i64.trunc_sat_f64_s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF64S(double a) => (long)a;

    /// <summary><c>i64.trunc_sat_f64_u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64TruncSatF64U(double a) => (long)(ulong)a;

    // ------------------------------------------------------------------ int -> float

    /// <summary><c>f32.convert_i32_s</c> (round to nearest even).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI32S(int a) => a;

    /// <summary><c>f32.convert_i32_u</c> (round to nearest even; exact via a 64-bit signed conversion).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI32U(int a) => (long)(uint)a;

    /// <summary><c>f32.convert_i64_s</c> (one rounding: the hardware converts 64-bit integers directly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI64S(long a) => a;

    /// <summary>
    /// <c>f32.convert_i64_u</c>, rounded once. Values with the top bit set are halved keeping the lost bit as
    /// a sticky bit (it lies far below the 24-bit significand, so the rounding is unchanged), converted as
    /// signed, and doubled exactly. This avoids a u64 → f64 → f32 double rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI64U(long a)
    {
        if (a >= 0) return a;
        long h = (long)(((ulong)a >> 1) | ((ulong)a & 1));
        float f = h;
        return f + f;
    }

    /// <summary><c>f64.convert_i32_s</c> (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI32S(int a) => a;

    /// <summary><c>f64.convert_i32_u</c> (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI32U(int a) => (uint)a;

    /// <summary><c>f64.convert_i64_s</c> (round to nearest even).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI64S(long a) => a;

    /// <summary><c>f64.convert_i64_u</c>, rounded once (same sticky-bit halving as <see cref="F32ConvertI64U"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI64U(long a)
    {
        if (a >= 0) return a;
        long h = (long)(((ulong)a >> 1) | ((ulong)a & 1));
        double d = h;
        return d + d;
    }

    // ------------------------------------------------------------------ float <-> float, reinterpret

    /// <summary><c>f32.demote_f64</c> (round to nearest even; a NaN stays NaN, quieted, canonical stays canonical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32DemoteF64(double a) => (float)a;

    /// <summary><c>f64.promote_f32</c> (exact; a NaN stays NaN, quieted, canonical stays canonical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64PromoteF32(float a) => a;

    /// <summary><c>i32.reinterpret_f32</c> (every bit kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int I32ReinterpretF32(float a) => BitConverter.SingleToInt32Bits(a);

    /// <summary><c>i64.reinterpret_f64</c> (every bit kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long I64ReinterpretF64(double a) => BitConverter.DoubleToInt64Bits(a);

    /// <summary><c>f32.reinterpret_i32</c> (every bit kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ReinterpretI32(int a) => BitConverter.Int32BitsToSingle(a);

    /// <summary><c>f64.reinterpret_i64</c> (every bit kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ReinterpretI64(long a) => BitConverter.Int64BitsToDouble(a);
}
