using Cilantro.Runtime.Numerics;
using Xunit;
using static Cilantro.Runtime.Numerics.WasmMath;

namespace Cilantro.Tests.Numerics;

public class WasmMathTests
{
    private static float F(uint bits) => BitConverter.Int32BitsToSingle((int)bits);
    private static double D(ulong bits) => BitConverter.Int64BitsToDouble((long)bits);
    private static uint Bits(float f) => (uint)BitConverter.SingleToInt32Bits(f);
    private static ulong Bits(double d) => (ulong)BitConverter.DoubleToInt64Bits(d);

    private static bool IsCanonical(float f) => (Bits(f) & 0x7FFFFFFF) == 0x7FC00000;
    private static bool IsArithmetic(float f) => (Bits(f) & 0x7FC00000) == 0x7FC00000;
    private static bool IsCanonical(double d) => (Bits(d) & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000;
    private static bool IsArithmetic(double d) => (Bits(d) & 0x7FF8000000000000) == 0x7FF8000000000000;

    private static void Traps(TrapKind kind, string message, Action a)
    {
        var e = Assert.Throws<TrapException>(a);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(message, e.Message);
    }

    // ------------------------------------------------------------------ integer division

    [Fact]
    public void I32Division()
    {
        Assert.Equal(-3, I32DivS(7, -2));
        Assert.Equal(int.MinValue, I32DivS(int.MinValue, 1));
        Assert.Equal(0x7FFFFFFF, I32DivU(-2, 2));
        Assert.Equal(-1, I32RemS(-7, 2));
        Assert.Equal(1, I32RemS(7, -2));
        Assert.Equal(0, I32RemS(int.MinValue, -1));
        Assert.Equal(0, I32RemS(5, -1));
        Assert.Equal(1, I32RemU(-1, 2));
        Assert.Equal(-1, I32DivS(int.MaxValue, -int.MaxValue));
        Assert.Equal(-int.MaxValue, I32DivS(int.MaxValue, -1));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32DivS(int.MinValue, -1));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I32DivS(1, 0));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I32DivS(int.MinValue, 0));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I32DivU(1, 0));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I32RemS(1, 0));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I32RemU(1, 0));
    }

    [Fact]
    public void I64Division()
    {
        Assert.Equal(-3L, I64DivS(7, -2));
        Assert.Equal(0x7FFFFFFFFFFFFFFFL, I64DivU(-2, 2));
        Assert.Equal(0L, I64RemS(long.MinValue, -1));
        Assert.Equal(-1L, I64RemS(-7, 2));
        Assert.Equal(1L, I64RemU(-1, 2));
        Assert.Equal(-long.MaxValue, I64DivS(long.MaxValue, -1));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64DivS(long.MinValue, -1));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I64DivS(1, 0));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I64DivU(1, 0));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I64RemS(long.MinValue, 0));
        Traps(TrapKind.IntegerDivideByZero, "integer divide by zero", () => I64RemU(1, 0));
    }

    [Fact]
    public void BitCountsAndRotations()
    {
        Assert.Equal(32, I32Clz(0));
        Assert.Equal(0, I32Clz(-1));
        Assert.Equal(31, I32Clz(1));
        Assert.Equal(32, I32Ctz(0));
        Assert.Equal(31, I32Ctz(int.MinValue));
        Assert.Equal(32, I32Popcnt(-1));
        Assert.Equal(64L, I64Clz(0));
        Assert.Equal(64L, I64Ctz(0));
        Assert.Equal(63L, I64Ctz(long.MinValue));
        Assert.Equal(64L, I64Popcnt(-1));
        Assert.Equal(0x00000003, I32Rotl(unchecked((int)0x80000001), 1));
        Assert.Equal(unchecked((int)0x80000001), I32Rotl(unchecked((int)0x80000001), 32));
        Assert.Equal(unchecked((int)0xC0000000), I32Rotr(unchecked((int)0x80000001), 1));
        Assert.Equal(unchecked((int)0xC0000000), I32Rotr(unchecked((int)0x80000001), -31));
        Assert.Equal(3L, I64Rotl(unchecked((long)0x8000000000000001), 65));
        Assert.Equal(unchecked((long)0xC000000000000000), I64Rotr(unchecked((long)0x8000000000000001), 1));
        Assert.Equal(2, I32Shl(1, 33));
        Assert.Equal(-1, I32ShrS(int.MinValue, 31));
        Assert.Equal(1, I32ShrU(int.MinValue, 31));
        Assert.Equal(1L, I64ShrU(long.MinValue, 127));
        Assert.Equal(-1L, I64ShrS(long.MinValue, 63));
        Assert.Equal(-128, I32Extend8S(0x80));
        Assert.Equal(-32768L, I64Extend16S(0x8000));
        Assert.Equal(-1L, I64Extend32S(0xFFFFFFFF));
        Assert.Equal(0xFFFFFFFFL, I64ExtendI32U(-1));
    }

    // ------------------------------------------------------------------ float sign, min/max, rounding

    [Fact]
    public void SignOperatorsKeepNaNPayloads()
    {
        float snan = F(0x7FA00001);
        Assert.Equal(0xFFA00001u, Bits(F32Neg(snan)));
        Assert.Equal(0x7FA00001u, Bits(F32Abs(F(0xFFA00001))));
        Assert.Equal(0xFFA00001u, Bits(F32Copysign(snan, -1f)));
        Assert.Equal(0x7FA00001u, Bits(F32Copysign(F(0xFFA00001), F(0x7FC00000))));
        Assert.Equal(0x80000000u, Bits(F32Neg(0f)));
        double dsnan = D(0x7FF4000000000001);
        Assert.Equal(0xFFF4000000000001ul, Bits(F64Neg(dsnan)));
        Assert.Equal(0x7FF4000000000001ul, Bits(F64Abs(D(0xFFF4000000000001))));
        Assert.Equal(0xFFF4000000000001ul, Bits(F64Copysign(dsnan, -0.0)));
        Assert.Equal(0x8000000000000000ul, Bits(F64Copysign(0.0, D(0xFFF8000000000000))));
    }

    [Fact]
    public void ReinterpretKeepsSignallingNaNs()
    {
        Assert.Equal(0x7FA00001, I32ReinterpretF32(F32ReinterpretI32(0x7FA00001)));
        Assert.Equal(0x7FF0000000000001L, I64ReinterpretF64(F64ReinterpretI64(0x7FF0000000000001)));
    }

    [Fact]
    public void MinMax()
    {
        Assert.Equal(0x80000000u, Bits(F32Min(0f, -0f)));
        Assert.Equal(0x80000000u, Bits(F32Min(-0f, 0f)));
        Assert.Equal(0x00000000u, Bits(F32Max(0f, -0f)));
        Assert.Equal(0x00000000u, Bits(F32Max(-0f, 0f)));
        Assert.Equal(-1f, F32Min(-1f, 2f));
        Assert.Equal(2f, F32Max(-1f, 2f));
        Assert.Equal(float.NegativeInfinity, F32Min(float.NegativeInfinity, float.MaxValue));
        Assert.True(IsCanonical(F32Min(float.NaN, 1f)));
        Assert.True(IsCanonical(F32Max(1f, F(0xFFC00000))));
        Assert.True(IsArithmetic(F32Min(F(0x7F800001), 1f))); // signalling in, quiet out
        Assert.True(IsArithmetic(F32Max(1f, F(0x7FA00000))));
        Assert.True(IsArithmetic(F32Min(F(0x7FE00000), F(0x7F800001))));

        Assert.Equal(0x8000000000000000ul, Bits(F64Min(0.0, -0.0)));
        Assert.Equal(0ul, Bits(F64Max(-0.0, 0.0)));
        Assert.True(IsCanonical(F64Min(double.NaN, 1.0)));
        Assert.True(IsArithmetic(F64Max(D(0x7FF0000000000001), 1.0)));
        Assert.True(IsArithmetic(F64Min(1.0, D(0xFFF0000000000001))));
    }

    [Fact]
    public void Rounding()
    {
        Assert.Equal(0x80000000u, Bits(F32Nearest(-0.5f)));
        Assert.Equal(0x80000000u, Bits(F32Ceil(-0.5f)));
        Assert.Equal(0x80000000u, Bits(F32Trunc(-0.9f)));
        Assert.Equal(-1f, F32Floor(-0.5f));
        Assert.Equal(2f, F32Nearest(2.5f));
        Assert.Equal(4f, F32Nearest(3.5f));
        Assert.Equal(-4f, F32Nearest(-3.5f));
        Assert.Equal(8388609f, F32Nearest(8388609f));
        Assert.Equal(0x80000000u, Bits(F32Nearest(-0.0f)));
        Assert.True(IsArithmetic(F32Nearest(F(0x7FA00000))));
        Assert.True(IsArithmetic(F32Ceil(F(0x7F800001))));
        Assert.True(IsArithmetic(F32Floor(F(0xFF800001))));
        Assert.True(IsArithmetic(F32Trunc(F(0x7F800001))));
        Assert.True(IsArithmetic(F32Sqrt(F(0x7F800001))));
        Assert.True(IsCanonical(F32Sqrt(-1f)));

        Assert.Equal(0x8000000000000000ul, Bits(F64Nearest(-0.5)));
        Assert.Equal(2.0, F64Nearest(2.5));
        Assert.Equal(4503599627370497.0, F64Nearest(4503599627370497.0));
        Assert.Equal(0x8000000000000000ul, Bits(F64Ceil(-0.25)));
        Assert.True(IsArithmetic(F64Nearest(D(0x7FF0000000000001))));
        Assert.True(IsArithmetic(F64Ceil(D(0x7FF0000000000001))));
        Assert.True(IsArithmetic(F64Floor(D(0x7FF0000000000001))));
        Assert.True(IsArithmetic(F64Trunc(D(0x7FF0000000000001))));
        Assert.True(IsCanonical(F64Sqrt(-1.0)));
    }

    [Fact]
    public void ArithmeticNaNs()
    {
        Assert.True(IsCanonical(F32Add(float.PositiveInfinity, float.NegativeInfinity)));
        Assert.True(IsCanonical(F32Div(0f, 0f)));
        Assert.True(IsArithmetic(F32Mul(F(0x7F800001), 1f)));
        Assert.True(IsCanonical(F64Sub(double.PositiveInfinity, double.PositiveInfinity)));
        Assert.True(IsArithmetic(F64Add(D(0x7FF0000000000001), 1.0)));
    }

    // ------------------------------------------------------------------ trapping truncation (bounds from conversions.wast)

    [Fact]
    public void TruncI32F32()
    {
        Assert.Equal(int.MinValue, I32TruncF32S(-2147483648f));
        Assert.Equal(2147483520, I32TruncF32S(F(0x4EFFFFFF)));
        Assert.Equal(-1, I32TruncF32S(-1.9f));
        Assert.Equal(0, I32TruncF32S(-0.9f));
        Assert.Equal(0, I32TruncF32S(F(0x80000001)));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF32S(2147483648f));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF32S(-2147483904f));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF32S(float.PositiveInfinity));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I32TruncF32S(float.NaN));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I32TruncF32S(F(0xFFA00000)));

        Assert.Equal(0, I32TruncF32U(-0.9f));
        Assert.Equal(-256, I32TruncF32U(4294967040f));
        Assert.Equal(int.MinValue, I32TruncF32U(2147483648f));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF32U(4294967296f));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF32U(-1f));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF32U(float.NegativeInfinity));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I32TruncF32U(float.NaN));
    }

    [Fact]
    public void TruncI32F64()
    {
        Assert.Equal(int.MinValue, I32TruncF64S(-2147483648.9));
        Assert.Equal(int.MaxValue, I32TruncF64S(2147483647.9));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF64S(2147483648.0));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF64S(-2147483649.0));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I32TruncF64S(double.NaN));

        Assert.Equal(-1, I32TruncF64U(4294967295.9));
        Assert.Equal(0, I32TruncF64U(-0.9999999999));
        Assert.Equal(100000000, I32TruncF64U(1e8));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF64U(4294967296.0));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF64U(-1.0));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I32TruncF64U(1e16));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I32TruncF64U(D(0x7FF4000000000000)));
    }

    [Fact]
    public void TruncI64()
    {
        Assert.Equal(long.MinValue, I64TruncF32S(-9223372036854775808f));
        Assert.Equal(9223371487098961920L, I64TruncF32S(F(0x5EFFFFFF)));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF32S(9223372036854775808f));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF32S(F(0xDF000001)));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I64TruncF32S(float.NaN));

        Assert.Equal(-1099511627776L, I64TruncF32U(F(0x5F7FFFFF)));
        Assert.Equal(0L, I64TruncF32U(-0.9f));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF32U(18446744073709551616f));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF32U(-1f));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I64TruncF32U(-float.NaN));

        Assert.Equal(long.MinValue, I64TruncF64S(-9223372036854775808.0));
        Assert.Equal(9223372036854774784L, I64TruncF64S(D(0x43DFFFFFFFFFFFFF)));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF64S(9223372036854775808.0));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF64S(D(0xC3E0000000000001)));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I64TruncF64S(double.NaN));

        Assert.Equal(-2048L, I64TruncF64U(D(0x43EFFFFFFFFFFFFF)));
        Assert.Equal(long.MinValue, I64TruncF64U(9223372036854775808.0));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF64U(18446744073709551616.0));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF64U(-1.0));
        Traps(TrapKind.IntegerOverflow, "integer overflow", () => I64TruncF64U(double.PositiveInfinity));
        Traps(TrapKind.InvalidConversionToInteger, "invalid conversion to integer", () => I64TruncF64U(double.NaN));
    }

    [Fact]
    public void SaturatingTruncation()
    {
        Assert.Equal(0, I32TruncSatF32S(float.NaN));
        Assert.Equal(0, I32TruncSatF32S(F(0xFFA00000)));
        Assert.Equal(int.MaxValue, I32TruncSatF32S(2147483648f));
        Assert.Equal(int.MinValue, I32TruncSatF32S(float.NegativeInfinity));
        Assert.Equal(0, I32TruncSatF32U(-1f));
        Assert.Equal(0, I32TruncSatF32U(float.NaN));
        Assert.Equal(-1, I32TruncSatF32U(4294967296f));
        Assert.Equal(-1, I32TruncSatF32U(float.PositiveInfinity));
        Assert.Equal(int.MaxValue, I32TruncSatF64S(1e300));
        Assert.Equal(int.MinValue, I32TruncSatF64S(-2147483649.0));
        Assert.Equal(-1, I32TruncSatF64U(4294967296.0));
        Assert.Equal(0, I32TruncSatF64U(-0.5));
        Assert.Equal(0, I32TruncSatF64U(double.NaN));
        Assert.Equal(long.MaxValue, I64TruncSatF32S(9223372036854775808f));
        Assert.Equal(long.MinValue, I64TruncSatF32S(float.NegativeInfinity));
        Assert.Equal(0L, I64TruncSatF32S(float.NaN));
        Assert.Equal(-1L, I64TruncSatF32U(18446744073709551616f));
        Assert.Equal(0L, I64TruncSatF32U(float.NegativeInfinity));
        Assert.Equal(long.MaxValue, I64TruncSatF64S(9223372036854775808.0));
        Assert.Equal(long.MinValue, I64TruncSatF64S(-1e300));
        Assert.Equal(0L, I64TruncSatF64S(-double.NaN));
        Assert.Equal(-1L, I64TruncSatF64U(1e20));
        Assert.Equal(0L, I64TruncSatF64U(-1e20));
        Assert.Equal(0L, I64TruncSatF64U(double.NaN));
        Assert.Equal(-2048L, I64TruncSatF64U(D(0x43EFFFFFFFFFFFFF)));
    }

    // ------------------------------------------------------------------ int -> float (single rounding)

    [Fact]
    public void ConvertToF32()
    {
        Assert.Equal(16777216f, F32ConvertI32S(16777217));
        Assert.Equal(-2147483648f, F32ConvertI32S(int.MinValue));
        Assert.Equal(4294967296f, F32ConvertI32U(-1));
        Assert.Equal(2147483648f, F32ConvertI32U(int.MinValue));
        Assert.Equal(0x4F000001u, Bits(F32ConvertI32U(unchecked((int)0x80000081)))); // 2^31 + 129 rounds up
        Assert.Equal(0x4F000000u, Bits(F32ConvertI32U(unchecked((int)0x80000080)))); // tie to even
        // Double-rounding traps (conversions.wast).
        Assert.Equal(0x5A000001u, Bits(F32ConvertI64S(0x0020000020000001)));
        Assert.Equal(0xDA000001u, Bits(F32ConvertI64S(unchecked((long)0xFFDFFFFFDFFFFFFF))));
        Assert.Equal(0x5A000001u, Bits(F32ConvertI64U(0x0020000020000001)));
        Assert.Equal(0x5EFFFFFFu, Bits(F32ConvertI64U(0x7FFFFFBFFFFFFFFF)));
        Assert.Equal(0x5F000001u, Bits(F32ConvertI64U(unchecked((long)0x8000008000000001))));
        Assert.Equal(0x5F7FFFFFu, Bits(F32ConvertI64U(unchecked((long)0xFFFFFE8000000001))));
        Assert.Equal(18446744073709551616f, F32ConvertI64U(-1));
        Assert.Equal(9223372036854775808f, F32ConvertI64U(long.MinValue));
        Assert.Equal(16777220f, F32ConvertI64U(16777219));
    }

    [Fact]
    public void ConvertToF64()
    {
        Assert.Equal(4294967295.0, F64ConvertI32U(-1));
        Assert.Equal(-2147483648.0, F64ConvertI32S(int.MinValue));
        Assert.Equal(9007199254740992.0, F64ConvertI64S(9007199254740993));
        Assert.Equal(9007199254740996.0, F64ConvertI64U(9007199254740995));
        Assert.Equal(0x43E0000000000000ul, Bits(F64ConvertI64U(unchecked((long)0x8000000000000400))));
        Assert.Equal(0x43E0000000000001ul, Bits(F64ConvertI64U(unchecked((long)0x8000000000000401))));
        Assert.Equal(0x43E0000000000001ul, Bits(F64ConvertI64U(unchecked((long)0x8000000000000402))));
        Assert.Equal(0x43EFFFFFFFFFFFFEul, Bits(F64ConvertI64U(unchecked((long)0xFFFFFFFFFFFFF400))));
        Assert.Equal(0x43EFFFFFFFFFFFFFul, Bits(F64ConvertI64U(unchecked((long)0xFFFFFFFFFFFFF401))));
        Assert.Equal(18446744073709551616.0, F64ConvertI64U(-1));
    }

    [Fact]
    public void ConvertU64Exhaustive()
    {
        // Compare with an exact reference: round-to-nearest-even of a 64-bit value to 24/53 significant bits.
        var rng = new Random(1234);
        for (int i = 0; i < 50000; i++)
        {
            ulong x = (ulong)rng.NextInt64() << 1 ^ (ulong)rng.Next(2);
            if ((i & 3) == 0) x |= 0x8000000000000000; // many with the top bit set
            x >>= rng.Next(0, 3) * 5;
            Assert.Equal(RoundReference(x, 24), (double)F32ConvertI64U((long)x));
            Assert.Equal(RoundReference(x, 53), F64ConvertI64U((long)x));
        }
    }

    private static double RoundReference(ulong x, int bits)
    {
        if (x == 0) return 0;
        int width = 64 - System.Numerics.BitOperations.LeadingZeroCount(x);
        if (width <= bits) return x;
        int drop = width - bits;
        ulong kept = x >> drop;
        ulong rem = x & ((1ul << drop) - 1);
        ulong half = 1ul << (drop - 1);
        if (rem > half || (rem == half && (kept & 1) == 1)) kept++;
        return Math.ScaleB(kept, drop); // exact: kept has at most bits+1 significant bits
    }

    [Fact]
    public void DemotePromote()
    {
        Assert.True(IsCanonical(F32DemoteF64(double.NaN)));
        Assert.True(IsCanonical(F32DemoteF64(-double.NaN)));
        Assert.True(IsArithmetic(F32DemoteF64(D(0x7FF4000000000000))));
        Assert.True(IsArithmetic(F32DemoteF64(D(0x7FF0000000000001))));
        Assert.True(IsCanonical(F64PromoteF32(float.NaN)));
        Assert.True(IsArithmetic(F64PromoteF32(F(0x7FA00000))));
        Assert.True(IsArithmetic(F64PromoteF32(F(0x7F800001))));
        Assert.Equal(0x80000000u, Bits(F32DemoteF64(-0.0)));
        Assert.Equal(float.PositiveInfinity, F32DemoteF64(D(0x47EFFFFFF0000000))); // rounds up past MaxValue
        Assert.Equal(float.MaxValue, F32DemoteF64(D(0x47EFFFFFEFFFFFFF)));
        Assert.Equal(F(0x00000001), F32DemoteF64(D(0x3690000000000001))); // just above half the smallest subnormal
        Assert.Equal(0x00000000u, Bits(F32DemoteF64(D(0x3690000000000000)))); // exactly half: ties to even (0)
    }

    [Fact]
    public void Comparisons()
    {
        Assert.Equal(1, F32Ne(float.NaN, float.NaN));
        Assert.Equal(0, F32Eq(float.NaN, float.NaN));
        Assert.Equal(1, F32Eq(0f, -0f));
        Assert.Equal(0, F64Lt(double.NaN, 1));
        Assert.Equal(0, F64Ge(double.NaN, 1));
        Assert.Equal(1, I32LtU(1, -1));
        Assert.Equal(0, I32LtS(1, -1));
        Assert.Equal(1, I64GeU(-1, 0));
        Assert.Equal(1, I32Eqz(0));
        Assert.Equal(0, I64Eqz(long.MinValue));
    }
}
