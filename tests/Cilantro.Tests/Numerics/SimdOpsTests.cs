using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Cilantro.Runtime.Numerics;
using Xunit;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Cilantro.Tests.Numerics;

/// <summary>
/// SIMD semantics: hand-picked cases from the spec suite, plus a differential check of every lane-wise
/// operator against an independent scalar reference on random and boundary lanes.
/// </summary>
public class SimdOpsTests
{
    // ------------------------------------------------------------------ helpers

    private static V B(params byte[] b) => Vector128.Create(b);
    private static V S8(params sbyte[] x) => Vector128.Create(x).AsByte();
    private static V I16(params short[] x) => Vector128.Create(x).AsByte();
    private static V U16(params ushort[] x) => Vector128.Create(x).AsByte();
    private static V I32(params int[] x) => Vector128.Create(x).AsByte();
    private static V U32(params uint[] x) => Vector128.Create(x).AsByte();
    private static V I64(params long[] x) => Vector128.Create(x).AsByte();
    private static V F32(params float[] x) => Vector128.Create(x).AsByte();
    private static V F64(params double[] x) => Vector128.Create(x).AsByte();
    private static V F32Bits(params uint[] x) => Vector128.Create(x).AsByte();
    private static V F64Bits(params ulong[] x) => Vector128.Create(x).AsByte();

    private static T[] Lanes<T>(V v) where T : unmanaged
    {
        var r = new T[Vector128<T>.Count];
        v.As<byte, T>().CopyTo(r);
        return r;
    }

    private static readonly sbyte[] SpecialI8 = [0, 1, -1, 2, -2, 127, -128, 126, -127, 64, -64, 85, -86];
    private static readonly short[] SpecialI16 = [0, 1, -1, 2, 0x7FFF, -0x8000, 0x7FFE, -0x7FFF, 0x4000, -0x4000, 0xFF, 0x100, 0x80, -0x80, 0x5555];
    private static readonly int[] SpecialI32 = [0, 1, -1, 2, int.MaxValue, int.MinValue, 0x7FFF, -0x8000, 0x8000, 0xFFFF, 0x10000, -0x10000, 0x55555555];
    private static readonly long[] SpecialI64 = [0, 1, -1, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue, 0xFFFFFFFFL, 0x100000000L, -0x100000000L];
    private static readonly uint[] SpecialF32 =
    [
        0x00000000, 0x80000000, 0x7FC00000, 0xFFC00000, 0x7FA00000, 0x7F800001, 0xFFE00001, 0x7F800000, 0xFF800000,
        0x7F7FFFFF, 0xFF7FFFFF, 0x00000001, 0x80000001, 0x007FFFFF, 0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000,
        0x3FC00000, 0x40200000, 0xC0200000, 0x4F000000, 0xCF000000, 0x4F7FFFFF, 0x4F800000, 0x4EFFFFFF, 0xCF000001,
        0x4B000001, 0x4B800000, 0x3F7FFFFF, 0xBF7FFFFF, 0x3F400000,
    ];
    private static readonly ulong[] SpecialF64 =
    [
        0, 0x8000000000000000, 0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000000, 0x7FF0000000000001,
        0x7FF0000000000000, 0xFFF0000000000000, 0x7FEFFFFFFFFFFFFF, 0x0000000000000001, 0x800FFFFFFFFFFFFF,
        0x3FF0000000000000, 0xBFF0000000000000, 0x3FE0000000000000, 0xBFE0000000000000, 0x3FF8000000000000,
        0x4004000000000000, 0xC004000000000000, 0x41E0000000000000, 0xC1E0000000000000, 0x41DFFFFFFFC00000,
        0x41EFFFFFFFE00000, 0x41F0000000000000, 0xC1E0000000200000, 0x4330000000000001, 0x3FEFFFFFFFFFFFFF,
        0x47EFFFFFE0000000, 0x36A0000000000000, 0x3E7FFFFFFFFFFFFF,
    ];

    private static V RandomVector(Random rng, int kind)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        var v = Vector128.Create(bytes);
        // Replace some lanes by boundary values of the lane shape.
        switch (kind)
        {
            case 0:
                for (int i = 0; i < 16; i++) if (rng.Next(2) == 0) bytes[i] = (byte)SpecialI8[rng.Next(SpecialI8.Length)];
                return Vector128.Create(bytes);
            case 1:
            {
                var x = v.AsInt16();
                for (int i = 0; i < 8; i++) if (rng.Next(2) == 0) x = x.WithElement(i, SpecialI16[rng.Next(SpecialI16.Length)]);
                return x.AsByte();
            }
            case 2:
            {
                var x = v.AsInt32();
                for (int i = 0; i < 4; i++) if (rng.Next(2) == 0) x = x.WithElement(i, SpecialI32[rng.Next(SpecialI32.Length)]);
                return x.AsByte();
            }
            case 3:
            {
                var x = v.AsInt64();
                for (int i = 0; i < 2; i++) if (rng.Next(2) == 0) x = x.WithElement(i, SpecialI64[rng.Next(SpecialI64.Length)]);
                return x.AsByte();
            }
            case 4:
            {
                var x = v.AsUInt32();
                for (int i = 0; i < 4; i++)
                {
                    int c = rng.Next(4);
                    if (c < 2) x = x.WithElement(i, SpecialF32[rng.Next(SpecialF32.Length)]);
                    else if (c == 2) x = x.WithElement(i, BitConverter.SingleToUInt32Bits((float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-4, 40)))));
                }
                return x.AsByte();
            }
            default:
            {
                var x = v.AsUInt64();
                for (int i = 0; i < 2; i++)
                {
                    int c = rng.Next(4);
                    if (c < 2) x = x.WithElement(i, SpecialF64[rng.Next(SpecialF64.Length)]);
                    else if (c == 2) x = x.WithElement(i, BitConverter.DoubleToUInt64Bits((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-4, 70))));
                }
                return x.AsByte();
            }
        }
    }

    private const int Rounds = 1000;

    private static void Int<T>(Func<V, V, V> op, Func<T, T, T> reference, int kind, int rounds = Rounds) where T : unmanaged, IEquatable<T>
    {
        var rng = new Random(kind * 7919 + 1);
        for (int n = 0; n < rounds; n++)
        {
            var a = RandomVector(rng, kind);
            var b = n % 5 == 0 ? a : RandomVector(rng, kind);
            var la = Lanes<T>(a);
            var lb = Lanes<T>(b);
            var r = Lanes<T>(op(a, b));
            for (int i = 0; i < r.Length; i++)
                Assert.True(reference(la[i], lb[i]).Equals(r[i]), $"lane {i}: op({la[i]}, {lb[i]}) = {r[i]}, expected {reference(la[i], lb[i])}");
        }
    }

    private static void Int<T>(Func<V, V> op, Func<T, T> reference, int kind, int rounds = Rounds) where T : unmanaged, IEquatable<T> =>
        Int<T>((a, _) => op(a), (x, _) => reference(x), kind, rounds);

    // A float lane result matches when equal bit for bit, or when the reference is NaN and the result is
    // an arithmetic NaN (canonical when every NaN operand was canonical).
    private static bool SameF32(float expected, float actual, bool canonical)
    {
        uint e = BitConverter.SingleToUInt32Bits(expected), a = BitConverter.SingleToUInt32Bits(actual);
        if (!float.IsNaN(expected)) return e == a;
        return canonical ? (a & 0x7FFFFFFF) == 0x7FC00000 : (a & 0x7FC00000) == 0x7FC00000;
    }

    private static bool SameF64(double expected, double actual, bool canonical)
    {
        ulong e = BitConverter.DoubleToUInt64Bits(expected), a = BitConverter.DoubleToUInt64Bits(actual);
        if (!double.IsNaN(expected)) return e == a;
        return canonical ? (a & 0x7FFFFFFFFFFFFFFF) == 0x7FF8000000000000 : (a & 0x7FF8000000000000) == 0x7FF8000000000000;
    }

    private static bool NonCanonical(float f) => float.IsNaN(f) && (BitConverter.SingleToUInt32Bits(f) & 0x7FFFFFFF) != 0x7FC00000;
    private static bool NonCanonical(double d) => double.IsNaN(d) && (BitConverter.DoubleToUInt64Bits(d) & 0x7FFFFFFFFFFFFFFF) != 0x7FF8000000000000;

    private static void F32Op(Func<V, V, V> op, Func<float, float, float> reference, bool exact = false)
    {
        var rng = new Random(4242);
        for (int n = 0; n < Rounds; n++)
        {
            var a = RandomVector(rng, 4);
            var b = n % 5 == 0 ? a : RandomVector(rng, 4);
            var la = Lanes<float>(a);
            var lb = Lanes<float>(b);
            var r = Lanes<float>(op(a, b));
            for (int i = 0; i < 4; i++)
            {
                bool canonical = !NonCanonical(la[i]) && !NonCanonical(lb[i]);
                Assert.True(exact ? BitConverter.SingleToUInt32Bits(reference(la[i], lb[i])) == BitConverter.SingleToUInt32Bits(r[i]) : SameF32(reference(la[i], lb[i]), r[i], canonical),
                    $"lane {i}: op({BitConverter.SingleToUInt32Bits(la[i]):x8}, {BitConverter.SingleToUInt32Bits(lb[i]):x8}) = {BitConverter.SingleToUInt32Bits(r[i]):x8}");
            }
        }
    }

    private static void F64Op(Func<V, V, V> op, Func<double, double, double> reference, bool exact = false)
    {
        var rng = new Random(4243);
        for (int n = 0; n < Rounds; n++)
        {
            var a = RandomVector(rng, 5);
            var b = n % 5 == 0 ? a : RandomVector(rng, 5);
            var la = Lanes<double>(a);
            var lb = Lanes<double>(b);
            var r = Lanes<double>(op(a, b));
            for (int i = 0; i < 2; i++)
            {
                bool canonical = !NonCanonical(la[i]) && !NonCanonical(lb[i]);
                Assert.True(exact ? BitConverter.DoubleToUInt64Bits(reference(la[i], lb[i])) == BitConverter.DoubleToUInt64Bits(r[i]) : SameF64(reference(la[i], lb[i]), r[i], canonical),
                    $"lane {i}: op({BitConverter.DoubleToUInt64Bits(la[i]):x16}, {BitConverter.DoubleToUInt64Bits(lb[i]):x16}) = {BitConverter.DoubleToUInt64Bits(r[i]):x16}");
            }
        }
    }

    private static void F32Unary(Func<V, V> op, Func<float, float> reference) => F32Op((a, _) => op(a), (x, _) => reference(x));
    private static void F64Unary(Func<V, V> op, Func<double, double> reference) => F64Op((a, _) => op(a), (x, _) => reference(x));

    private static sbyte SatI8(int x) => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue);
    private static byte SatU8(int x) => (byte)Math.Clamp(x, 0, byte.MaxValue);
    private static short SatI16(int x) => (short)Math.Clamp(x, short.MinValue, short.MaxValue);
    private static ushort SatU16(int x) => (ushort)Math.Clamp(x, 0, ushort.MaxValue);
    private static T Mask<T>(bool b) where T : unmanaged => b ? AllOnes<T>() : default;
    private static T AllOnes<T>() where T : unmanaged => Vector128<T>.AllBitsSet.GetElement(0);

    // ------------------------------------------------------------------ differential tests

    [Fact]
    public void IntegerArithmeticMatchesReference()
    {
        Int<sbyte>(SimdOps.I8x16Add, (x, y) => (sbyte)(x + y), 0);
        Int<sbyte>(SimdOps.I8x16Sub, (x, y) => (sbyte)(x - y), 0);
        Int<sbyte>(SimdOps.I8x16AddSatS, (x, y) => SatI8(x + y), 0);
        Int<byte>(SimdOps.I8x16AddSatU, (x, y) => SatU8(x + y), 0);
        Int<sbyte>(SimdOps.I8x16SubSatS, (x, y) => SatI8(x - y), 0);
        Int<byte>(SimdOps.I8x16SubSatU, (x, y) => SatU8(x - y), 0);
        Int<sbyte>(SimdOps.I8x16MinS, Math.Min, 0);
        Int<byte>(SimdOps.I8x16MinU, Math.Min, 0);
        Int<sbyte>(SimdOps.I8x16MaxS, Math.Max, 0);
        Int<byte>(SimdOps.I8x16MaxU, Math.Max, 0);
        Int<byte>(SimdOps.I8x16AvgrU, (x, y) => (byte)((x + y + 1) >> 1), 0);
        Int<sbyte>(SimdOps.I8x16Abs, x => (sbyte)(x < 0 ? -x : x), 0);
        Int<sbyte>(SimdOps.I8x16Neg, x => (sbyte)-x, 0);
        Int<byte>(SimdOps.I8x16Popcnt, x => (byte)System.Numerics.BitOperations.PopCount(x), 0);

        Int<short>(SimdOps.I16x8Add, (x, y) => (short)(x + y), 1);
        Int<short>(SimdOps.I16x8Sub, (x, y) => (short)(x - y), 1);
        Int<short>(SimdOps.I16x8Mul, (x, y) => (short)(x * y), 1);
        Int<short>(SimdOps.I16x8AddSatS, (x, y) => SatI16(x + y), 1);
        Int<ushort>(SimdOps.I16x8AddSatU, (x, y) => SatU16(x + y), 1);
        Int<short>(SimdOps.I16x8SubSatS, (x, y) => SatI16(x - y), 1);
        Int<ushort>(SimdOps.I16x8SubSatU, (x, y) => SatU16(x - y), 1);
        Int<short>(SimdOps.I16x8MinS, Math.Min, 1);
        Int<ushort>(SimdOps.I16x8MinU, Math.Min, 1);
        Int<short>(SimdOps.I16x8MaxS, Math.Max, 1);
        Int<ushort>(SimdOps.I16x8MaxU, Math.Max, 1);
        Int<ushort>(SimdOps.I16x8AvgrU, (x, y) => (ushort)((x + y + 1) >> 1), 1);
        Int<short>(SimdOps.I16x8Abs, x => (short)(x < 0 ? -x : x), 1);
        Int<short>(SimdOps.I16x8Neg, x => (short)-x, 1);
        Int<short>(SimdOps.I16x8Q15mulrSatS, (x, y) => SatI16((x * y + 0x4000) >> 15), 1);

        Int<int>(SimdOps.I32x4Add, (x, y) => x + y, 2);
        Int<int>(SimdOps.I32x4Sub, (x, y) => x - y, 2);
        Int<int>(SimdOps.I32x4Mul, (x, y) => x * y, 2);
        Int<int>(SimdOps.I32x4MinS, Math.Min, 2);
        Int<uint>(SimdOps.I32x4MinU, Math.Min, 2);
        Int<int>(SimdOps.I32x4MaxS, Math.Max, 2);
        Int<uint>(SimdOps.I32x4MaxU, Math.Max, 2);
        Int<int>(SimdOps.I32x4Abs, x => x < 0 ? -x : x, 2);
        Int<int>(SimdOps.I32x4Neg, x => -x, 2);

        Int<long>(SimdOps.I64x2Add, (x, y) => x + y, 3);
        Int<long>(SimdOps.I64x2Sub, (x, y) => x - y, 3);
        Int<long>(SimdOps.I64x2Mul, (x, y) => x * y, 3);
        Int<long>(SimdOps.I64x2Abs, x => x < 0 ? -x : x, 3);
        Int<long>(SimdOps.I64x2Neg, x => -x, 3);
    }

    [Fact]
    public void IntegerComparisonsMatchReference()
    {
        Int<sbyte>(SimdOps.I8x16Eq, (x, y) => Mask<sbyte>(x == y), 0);
        Int<sbyte>(SimdOps.I8x16Ne, (x, y) => Mask<sbyte>(x != y), 0);
        Int<sbyte>(SimdOps.I8x16LtS, (x, y) => Mask<sbyte>(x < y), 0);
        Int<byte>(SimdOps.I8x16LtU, (x, y) => Mask<byte>(x < y), 0);
        Int<sbyte>(SimdOps.I8x16GtS, (x, y) => Mask<sbyte>(x > y), 0);
        Int<byte>(SimdOps.I8x16GtU, (x, y) => Mask<byte>(x > y), 0);
        Int<sbyte>(SimdOps.I8x16LeS, (x, y) => Mask<sbyte>(x <= y), 0);
        Int<byte>(SimdOps.I8x16LeU, (x, y) => Mask<byte>(x <= y), 0);
        Int<sbyte>(SimdOps.I8x16GeS, (x, y) => Mask<sbyte>(x >= y), 0);
        Int<byte>(SimdOps.I8x16GeU, (x, y) => Mask<byte>(x >= y), 0);
        Int<short>(SimdOps.I16x8Eq, (x, y) => Mask<short>(x == y), 1);
        Int<short>(SimdOps.I16x8Ne, (x, y) => Mask<short>(x != y), 1);
        Int<short>(SimdOps.I16x8LtS, (x, y) => Mask<short>(x < y), 1);
        Int<ushort>(SimdOps.I16x8LtU, (x, y) => Mask<ushort>(x < y), 1);
        Int<short>(SimdOps.I16x8GtS, (x, y) => Mask<short>(x > y), 1);
        Int<ushort>(SimdOps.I16x8GtU, (x, y) => Mask<ushort>(x > y), 1);
        Int<short>(SimdOps.I16x8LeS, (x, y) => Mask<short>(x <= y), 1);
        Int<ushort>(SimdOps.I16x8LeU, (x, y) => Mask<ushort>(x <= y), 1);
        Int<short>(SimdOps.I16x8GeS, (x, y) => Mask<short>(x >= y), 1);
        Int<ushort>(SimdOps.I16x8GeU, (x, y) => Mask<ushort>(x >= y), 1);
        Int<int>(SimdOps.I32x4Eq, (x, y) => Mask<int>(x == y), 2);
        Int<int>(SimdOps.I32x4Ne, (x, y) => Mask<int>(x != y), 2);
        Int<int>(SimdOps.I32x4LtS, (x, y) => Mask<int>(x < y), 2);
        Int<uint>(SimdOps.I32x4LtU, (x, y) => Mask<uint>(x < y), 2);
        Int<int>(SimdOps.I32x4GtS, (x, y) => Mask<int>(x > y), 2);
        Int<uint>(SimdOps.I32x4GtU, (x, y) => Mask<uint>(x > y), 2);
        Int<int>(SimdOps.I32x4LeS, (x, y) => Mask<int>(x <= y), 2);
        Int<uint>(SimdOps.I32x4LeU, (x, y) => Mask<uint>(x <= y), 2);
        Int<int>(SimdOps.I32x4GeS, (x, y) => Mask<int>(x >= y), 2);
        Int<uint>(SimdOps.I32x4GeU, (x, y) => Mask<uint>(x >= y), 2);
        Int<long>(SimdOps.I64x2Eq, (x, y) => Mask<long>(x == y), 3);
        Int<long>(SimdOps.I64x2Ne, (x, y) => Mask<long>(x != y), 3);
        Int<long>(SimdOps.I64x2LtS, (x, y) => Mask<long>(x < y), 3);
        Int<long>(SimdOps.I64x2GtS, (x, y) => Mask<long>(x > y), 3);
        Int<long>(SimdOps.I64x2LeS, (x, y) => Mask<long>(x <= y), 3);
        Int<long>(SimdOps.I64x2GeS, (x, y) => Mask<long>(x >= y), 3);
    }

    [Fact]
    public void ShiftsTakeTheCountModuloTheLaneWidth()
    {
        foreach (int c in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, -1, int.MinValue })
        {
            Int<sbyte>(a => SimdOps.I8x16Shl(a, c), x => (sbyte)(x << (c & 7)), 0, 100);
            Int<sbyte>(a => SimdOps.I8x16ShrS(a, c), x => (sbyte)(x >> (c & 7)), 0, 100);
            Int<byte>(a => SimdOps.I8x16ShrU(a, c), x => (byte)(x >> (c & 7)), 0, 100);
            Int<short>(a => SimdOps.I16x8Shl(a, c), x => (short)(x << (c & 15)), 1, 100);
            Int<short>(a => SimdOps.I16x8ShrS(a, c), x => (short)(x >> (c & 15)), 1, 100);
            Int<ushort>(a => SimdOps.I16x8ShrU(a, c), x => (ushort)(x >> (c & 15)), 1, 100);
            Int<int>(a => SimdOps.I32x4Shl(a, c), x => x << c, 2, 100);
            Int<int>(a => SimdOps.I32x4ShrS(a, c), x => x >> c, 2, 100);
            Int<uint>(a => SimdOps.I32x4ShrU(a, c), x => x >> c, 2, 100);
            Int<long>(a => SimdOps.I64x2Shl(a, c), x => x << c, 3, 100);
            Int<long>(a => SimdOps.I64x2ShrS(a, c), x => x >> c, 3, 100);
            Int<ulong>(a => SimdOps.I64x2ShrU(a, c), x => x >> c, 3, 100);
        }
    }

    [Fact]
    public void FloatArithmeticMatchesScalarSemantics()
    {
        F32Op(SimdOps.F32x4Add, (x, y) => x + y);
        F32Op(SimdOps.F32x4Sub, (x, y) => x - y);
        F32Op(SimdOps.F32x4Mul, (x, y) => x * y);
        F32Op(SimdOps.F32x4Div, (x, y) => x / y);
        F32Op(SimdOps.F32x4Min, RefMin);
        F32Op(SimdOps.F32x4Max, RefMax);
        F32Op((a, b) => SimdOps.F32x4MinPortable(a.AsSingle(), b.AsSingle()).AsByte(), RefMin);
        F32Op((a, b) => SimdOps.F32x4MaxPortable(a.AsSingle(), b.AsSingle()).AsByte(), RefMax);
        F32Op(SimdOps.F32x4Pmin, (x, y) => y < x ? y : x, exact: true);
        F32Op(SimdOps.F32x4Pmax, (x, y) => x < y ? y : x, exact: true);
        F32Unary(SimdOps.F32x4Sqrt, MathF.Sqrt);
        F32Unary(SimdOps.F32x4Ceil, WasmMath.F32Ceil);
        F32Unary(SimdOps.F32x4Floor, WasmMath.F32Floor);
        F32Unary(SimdOps.F32x4Trunc, WasmMath.F32Trunc);
        F32Unary(SimdOps.F32x4Nearest, WasmMath.F32Nearest);
        F32Op((a, _) => SimdOps.F32x4Abs(a), (x, _) => WasmMath.F32Abs(x), exact: true);
        F32Op((a, _) => SimdOps.F32x4Neg(a), (x, _) => WasmMath.F32Neg(x), exact: true);

        F64Op(SimdOps.F64x2Add, (x, y) => x + y);
        F64Op(SimdOps.F64x2Sub, (x, y) => x - y);
        F64Op(SimdOps.F64x2Mul, (x, y) => x * y);
        F64Op(SimdOps.F64x2Div, (x, y) => x / y);
        F64Op(SimdOps.F64x2Min, RefMin);
        F64Op(SimdOps.F64x2Max, RefMax);
        F64Op((a, b) => SimdOps.F64x2MinPortable(a.AsDouble(), b.AsDouble()).AsByte(), RefMin);
        F64Op((a, b) => SimdOps.F64x2MaxPortable(a.AsDouble(), b.AsDouble()).AsByte(), RefMax);
        F64Op(SimdOps.F64x2Pmin, (x, y) => y < x ? y : x, exact: true);
        F64Op(SimdOps.F64x2Pmax, (x, y) => x < y ? y : x, exact: true);
        F64Unary(SimdOps.F64x2Sqrt, Math.Sqrt);
        F64Unary(SimdOps.F64x2Ceil, WasmMath.F64Ceil);
        F64Unary(SimdOps.F64x2Floor, WasmMath.F64Floor);
        F64Unary(SimdOps.F64x2Trunc, WasmMath.F64Trunc);
        F64Unary(SimdOps.F64x2Nearest, WasmMath.F64Nearest);
        F64Op((a, _) => SimdOps.F64x2Abs(a), (x, _) => WasmMath.F64Abs(x), exact: true);
        F64Op((a, _) => SimdOps.F64x2Neg(a), (x, _) => WasmMath.F64Neg(x), exact: true);
    }

    [Fact]
    public void FloatComparisonsMatchReference()
    {
        Int<int>((a, b) => SimdOps.F32x4Eq(a, b), (x, y) => Mask<int>(F(x) == F(y)), 4);
        Int<int>((a, b) => SimdOps.F32x4Ne(a, b), (x, y) => Mask<int>(F(x) != F(y)), 4);
        Int<int>((a, b) => SimdOps.F32x4Lt(a, b), (x, y) => Mask<int>(F(x) < F(y)), 4);
        Int<int>((a, b) => SimdOps.F32x4Gt(a, b), (x, y) => Mask<int>(F(x) > F(y)), 4);
        Int<int>((a, b) => SimdOps.F32x4Le(a, b), (x, y) => Mask<int>(F(x) <= F(y)), 4);
        Int<int>((a, b) => SimdOps.F32x4Ge(a, b), (x, y) => Mask<int>(F(x) >= F(y)), 4);
        Int<long>((a, b) => SimdOps.F64x2Eq(a, b), (x, y) => Mask<long>(D(x) == D(y)), 5);
        Int<long>((a, b) => SimdOps.F64x2Ne(a, b), (x, y) => Mask<long>(D(x) != D(y)), 5);
        Int<long>((a, b) => SimdOps.F64x2Lt(a, b), (x, y) => Mask<long>(D(x) < D(y)), 5);
        Int<long>((a, b) => SimdOps.F64x2Gt(a, b), (x, y) => Mask<long>(D(x) > D(y)), 5);
        Int<long>((a, b) => SimdOps.F64x2Le(a, b), (x, y) => Mask<long>(D(x) <= D(y)), 5);
        Int<long>((a, b) => SimdOps.F64x2Ge(a, b), (x, y) => Mask<long>(D(x) >= D(y)), 5);
    }

    // Independent references for IEEE min/max (NaN-propagating, -0 < +0).
    private static float RefMin(float x, float y) => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : x == y ? (BitConverter.SingleToInt32Bits(x) < 0 ? x : y) : x < y ? x : y;
    private static float RefMax(float x, float y) => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : x == y ? (BitConverter.SingleToInt32Bits(x) < 0 ? y : x) : x > y ? x : y;
    private static double RefMin(double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : x == y ? (BitConverter.DoubleToInt64Bits(x) < 0 ? x : y) : x < y ? x : y;
    private static double RefMax(double x, double y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : x == y ? (BitConverter.DoubleToInt64Bits(x) < 0 ? y : x) : x > y ? x : y;

    [Fact]
    public void ScalarMinMaxBothPathsMatchReference()
    {
        F32Op((a, b) => Vector128.Create(WasmMath.F32Min(a.AsSingle()[0], b.AsSingle()[0]), WasmMath.F32MinPortable(a.AsSingle()[1], b.AsSingle()[1]), WasmMath.F32Min(a.AsSingle()[2], b.AsSingle()[2]), WasmMath.F32MinPortable(a.AsSingle()[3], b.AsSingle()[3])).AsByte(), RefMin);
        F32Op((a, b) => Vector128.Create(WasmMath.F32Max(a.AsSingle()[0], b.AsSingle()[0]), WasmMath.F32MaxPortable(a.AsSingle()[1], b.AsSingle()[1]), WasmMath.F32Max(a.AsSingle()[2], b.AsSingle()[2]), WasmMath.F32MaxPortable(a.AsSingle()[3], b.AsSingle()[3])).AsByte(), RefMax);
        F64Op((a, b) => Vector128.Create(WasmMath.F64Min(a.AsDouble()[0], b.AsDouble()[0]), WasmMath.F64MinPortable(a.AsDouble()[1], b.AsDouble()[1])).AsByte(), RefMin);
        F64Op((a, b) => Vector128.Create(WasmMath.F64Max(a.AsDouble()[0], b.AsDouble()[0]), WasmMath.F64MaxPortable(a.AsDouble()[1], b.AsDouble()[1])).AsByte(), RefMax);
    }

    private static float F(int bits) => BitConverter.Int32BitsToSingle(bits);
    private static double D(long bits) => BitConverter.Int64BitsToDouble(bits);

    [Fact]
    public void ConversionsMatchScalarSemantics()
    {
        Int<int>(SimdOps.I32x4TruncSatF32x4S, x => WasmMath.I32TruncSatF32S(F(x)), 4);
        Int<int>(SimdOps.I32x4TruncSatF32x4U, x => WasmMath.I32TruncSatF32U(F(x)), 4);
        Int<int>(SimdOps.F32x4ConvertI32x4S, x => BitConverter.SingleToInt32Bits(WasmMath.F32ConvertI32S(x)), 2);
        Int<int>(SimdOps.F32x4ConvertI32x4U, x => BitConverter.SingleToInt32Bits(WasmMath.F32ConvertI32U(x)), 2);
        var rng = new Random(99);
        for (int n = 0; n < Rounds; n++)
        {
            var a = RandomVector(rng, 5);
            var d = Lanes<double>(a);
            var r = Lanes<int>(SimdOps.I32x4TruncSatF64x2SZero(a));
            Assert.Equal([WasmMath.I32TruncSatF64S(d[0]), WasmMath.I32TruncSatF64S(d[1]), 0, 0], r);
            r = Lanes<int>(SimdOps.I32x4TruncSatF64x2UZero(a));
            Assert.Equal([WasmMath.I32TruncSatF64U(d[0]), WasmMath.I32TruncSatF64U(d[1]), 0, 0], r);
            var f = Lanes<float>(SimdOps.F32x4DemoteF64x2Zero(a));
            for (int i = 0; i < 2; i++) Assert.True(SameF32(WasmMath.F32DemoteF64(d[i]), f[i], !NonCanonical(d[i])));
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(f[2]) | BitConverter.SingleToUInt32Bits(f[3]));

            var fa = RandomVector(rng, 4);
            var fl = Lanes<float>(fa);
            var p = Lanes<double>(SimdOps.F64x2PromoteLowF32x4(fa));
            for (int i = 0; i < 2; i++) Assert.True(SameF64(WasmMath.F64PromoteF32(fl[i]), p[i], !NonCanonical(fl[i])));

            var ia = RandomVector(rng, 2);
            var il = Lanes<int>(ia);
            Assert.Equal([il[0], (double)il[1]], Lanes<double>(SimdOps.F64x2ConvertLowI32x4S(ia)));
            Assert.Equal([(uint)il[0], (double)(uint)il[1]], Lanes<double>(SimdOps.F64x2ConvertLowI32x4U(ia)));
        }
    }

    [Fact]
    public void WideningOperatorsMatchReference()
    {
        var rng = new Random(7);
        for (int n = 0; n < Rounds; n++)
        {
            var a = RandomVector(rng, n % 4);
            var b = RandomVector(rng, n % 4);
            var s8a = Lanes<sbyte>(a); var s8b = Lanes<sbyte>(b);
            var u8a = Lanes<byte>(a); var u8b = Lanes<byte>(b);
            var s16a = Lanes<short>(a); var s16b = Lanes<short>(b);
            var u16a = Lanes<ushort>(a); var u16b = Lanes<ushort>(b);
            var s32a = Lanes<int>(a); var s32b = Lanes<int>(b);
            var u32a = Lanes<uint>(a); var u32b = Lanes<uint>(b);

            Assert.Equal(Enumerable.Range(0, 8).Select(i => (short)(s8a[2 * i] + s8a[2 * i + 1])), Lanes<short>(SimdOps.I16x8ExtaddPairwiseI8x16S(a)));
            Assert.Equal(Enumerable.Range(0, 8).Select(i => (short)(u8a[2 * i] + u8a[2 * i + 1])), Lanes<short>(SimdOps.I16x8ExtaddPairwiseI8x16U(a)));
            Assert.Equal(Enumerable.Range(0, 4).Select(i => s16a[2 * i] + s16a[2 * i + 1]), Lanes<int>(SimdOps.I32x4ExtaddPairwiseI16x8S(a)));
            Assert.Equal(Enumerable.Range(0, 4).Select(i => u16a[2 * i] + u16a[2 * i + 1]), Lanes<int>(SimdOps.I32x4ExtaddPairwiseI16x8U(a)));

            Assert.Equal(Enumerable.Range(0, 8).Select(i => (short)(s8a[i] * s8b[i])), Lanes<short>(SimdOps.I16x8ExtmulLowI8x16S(a, b)));
            Assert.Equal(Enumerable.Range(8, 8).Select(i => (short)(s8a[i] * s8b[i])), Lanes<short>(SimdOps.I16x8ExtmulHighI8x16S(a, b)));
            Assert.Equal(Enumerable.Range(0, 8).Select(i => (ushort)(u8a[i] * u8b[i])), Lanes<ushort>(SimdOps.I16x8ExtmulLowI8x16U(a, b)));
            Assert.Equal(Enumerable.Range(8, 8).Select(i => (ushort)(u8a[i] * u8b[i])), Lanes<ushort>(SimdOps.I16x8ExtmulHighI8x16U(a, b)));
            Assert.Equal(Enumerable.Range(0, 4).Select(i => s16a[i] * s16b[i]), Lanes<int>(SimdOps.I32x4ExtmulLowI16x8S(a, b)));
            Assert.Equal(Enumerable.Range(4, 4).Select(i => s16a[i] * s16b[i]), Lanes<int>(SimdOps.I32x4ExtmulHighI16x8S(a, b)));
            Assert.Equal(Enumerable.Range(0, 4).Select(i => (uint)(u16a[i] * u16b[i])), Lanes<uint>(SimdOps.I32x4ExtmulLowI16x8U(a, b)));
            Assert.Equal(Enumerable.Range(4, 4).Select(i => (uint)(u16a[i] * u16b[i])), Lanes<uint>(SimdOps.I32x4ExtmulHighI16x8U(a, b)));
            Assert.Equal(Enumerable.Range(0, 2).Select(i => (long)s32a[i] * s32b[i]), Lanes<long>(SimdOps.I64x2ExtmulLowI32x4S(a, b)));
            Assert.Equal(Enumerable.Range(2, 2).Select(i => (long)s32a[i] * s32b[i]), Lanes<long>(SimdOps.I64x2ExtmulHighI32x4S(a, b)));
            Assert.Equal(Enumerable.Range(0, 2).Select(i => (ulong)u32a[i] * u32b[i]), Lanes<ulong>(SimdOps.I64x2ExtmulLowI32x4U(a, b)));
            Assert.Equal(Enumerable.Range(2, 2).Select(i => (ulong)u32a[i] * u32b[i]), Lanes<ulong>(SimdOps.I64x2ExtmulHighI32x4U(a, b)));

            Assert.Equal(Enumerable.Range(0, 4).Select(i => unchecked(s16a[2 * i] * s16b[2 * i] + s16a[2 * i + 1] * s16b[2 * i + 1])),
                Lanes<int>(SimdOps.I32x4DotI16x8S(a, b)));

            Assert.Equal(s16a.Select(x => SatI8(x)).Concat(s16b.Select(x => SatI8(x))), Lanes<sbyte>(SimdOps.I8x16NarrowI16x8S(a, b)));
            Assert.Equal(s16a.Select(x => SatU8(x)).Concat(s16b.Select(x => SatU8(x))), Lanes<byte>(SimdOps.I8x16NarrowI16x8U(a, b)));
            Assert.Equal(s32a.Select(x => (short)Math.Clamp(x, short.MinValue, short.MaxValue)).Concat(s32b.Select(x => (short)Math.Clamp(x, short.MinValue, short.MaxValue))),
                Lanes<short>(SimdOps.I16x8NarrowI32x4S(a, b)));
            Assert.Equal(s32a.Select(x => (ushort)Math.Clamp(x, 0, ushort.MaxValue)).Concat(s32b.Select(x => (ushort)Math.Clamp(x, 0, ushort.MaxValue))),
                Lanes<ushort>(SimdOps.I16x8NarrowI32x4U(a, b)));

            Assert.Equal(s8a.Take(8).Select(x => (short)x), Lanes<short>(SimdOps.I16x8ExtendLowI8x16S(a)));
            Assert.Equal(s8a.Skip(8).Select(x => (short)x), Lanes<short>(SimdOps.I16x8ExtendHighI8x16S(a)));
            Assert.Equal(u8a.Take(8).Select(x => (short)x), Lanes<short>(SimdOps.I16x8ExtendLowI8x16U(a)));
            Assert.Equal(u8a.Skip(8).Select(x => (short)x), Lanes<short>(SimdOps.I16x8ExtendHighI8x16U(a)));
            Assert.Equal(s16a.Take(4).Select(x => (int)x), Lanes<int>(SimdOps.I32x4ExtendLowI16x8S(a)));
            Assert.Equal(u16a.Skip(4).Select(x => (int)x), Lanes<int>(SimdOps.I32x4ExtendHighI16x8U(a)));
            Assert.Equal(s32a.Skip(2).Select(x => (long)x), Lanes<long>(SimdOps.I64x2ExtendHighI32x4S(a)));
            Assert.Equal(u32a.Take(2).Select(x => (long)x), Lanes<long>(SimdOps.I64x2ExtendLowI32x4U(a)));

            // Swizzle and shuffle against the definition.
            Assert.Equal(u8b.Select(i => i < 16 ? u8a[i] : (byte)0), Lanes<byte>(SimdOps.I8x16Swizzle(a, b)));
            var lanes = u8b.Select(x => (byte)(x & 31)).ToArray();
            Assert.Equal(lanes.Select(i => i < 16 ? u8a[i] : u8b[i - 16]), Lanes<byte>(SimdOps.I8x16Shuffle(a, b, Vector128.Create(lanes))));
            var (ma, mb) = SimdOps.I8x16ShuffleMasks(Vector128.Create(lanes));
            Assert.Equal(lanes.Select(i => i < 16 ? u8a[i] : u8b[i - 16]), Lanes<byte>(SimdOps.I8x16ShufflePrepared(a, b, ma, mb)));

            // Boolean reductions.
            Assert.Equal(u8a.Any(x => x != 0) ? 1 : 0, SimdOps.V128AnyTrue(a));
            Assert.Equal(u8a.All(x => x != 0) ? 1 : 0, SimdOps.I8x16AllTrue(a));
            Assert.Equal(s16a.All(x => x != 0) ? 1 : 0, SimdOps.I16x8AllTrue(a));
            Assert.Equal(s32a.All(x => x != 0) ? 1 : 0, SimdOps.I32x4AllTrue(a));
            Assert.Equal(Lanes<long>(a).All(x => x != 0) ? 1 : 0, SimdOps.I64x2AllTrue(a));
            Assert.Equal(Enumerable.Range(0, 16).Sum(i => s8a[i] < 0 ? 1 << i : 0), SimdOps.I8x16Bitmask(a));
            Assert.Equal(Enumerable.Range(0, 8).Sum(i => s16a[i] < 0 ? 1 << i : 0), SimdOps.I16x8Bitmask(a));
            Assert.Equal(Enumerable.Range(0, 4).Sum(i => s32a[i] < 0 ? 1 << i : 0), SimdOps.I32x4Bitmask(a));
            Assert.Equal(Enumerable.Range(0, 2).Sum(i => Lanes<long>(a)[i] < 0 ? 1 << i : 0), SimdOps.I64x2Bitmask(a));
        }
    }

    // ------------------------------------------------------------------ hand-picked spec cases

    [Fact]
    public void SwizzleOutOfRangeGivesZero()
    {
        var a = B(0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73);
        var s = B(255, 16, 17, 0x80, 0x8F, 0x90, 15, 0, 1, 31, 32, 0x7F, 0xF0, 0x0F, 14, 0x70);
        Assert.Equal(B(0, 0, 0, 0, 0, 0, 0x73, 0x64, 0x65, 0, 0, 0, 0, 0x73, 0x72, 0), SimdOps.I8x16Swizzle(a, s));
    }

    [Fact]
    public void ShuffleSelectsFromBothOperands()
    {
        var a = B(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var b = B(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
        var lanes = B(31, 0, 30, 2, 29, 4, 28, 6, 27, 8, 26, 10, 25, 12, 24, 14);
        Assert.Equal(lanes, SimdOps.I8x16Shuffle(a, b, lanes));
    }

    [Fact]
    public void Q15mulrSaturatesOnlyTheMinTimesMinCase()
    {
        var r = SimdOps.I16x8Q15mulrSatS(I16(-32768, -32768, 32767, -32768, 16384, -1, 1, 0), I16(-32768, 32767, 32767, 1, 16384, 1, 16384, 5));
        Assert.Equal(I16(32767, -32767, 32766, -1, 8192, 0, 1, 0), r);
    }

    [Fact]
    public void DotWrapsOnMinTimesMin()
    {
        var r = SimdOps.I32x4DotI16x8S(I16(-32768, -32768, 1, 2, 3, 4, -1, -1), I16(-32768, -32768, 5, 6, 7, 8, 32767, 32767));
        Assert.Equal(I32(int.MinValue, 17, 53, -65534), r);
    }

    [Fact]
    public void AbsOfMinIsMin()
    {
        Assert.Equal(S8(-128, 127, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), SimdOps.I8x16Abs(S8(-128, -127, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12)));
        Assert.Equal(I64(long.MinValue, 5), SimdOps.I64x2Abs(I64(long.MinValue, -5)));
    }

    [Fact]
    public void FloatMinMaxPropagateNaNAndOrderZeros()
    {
        var r = SimdOps.F32x4Min(F32(0f, -0f, float.NaN, 1f), F32(-0f, 0f, 1f, float.NaN));
        Assert.Equal(0x80000000u, r.AsUInt32().GetElement(0));
        Assert.Equal(0x80000000u, r.AsUInt32().GetElement(1));
        Assert.Equal(0x7FC00000u, r.AsUInt32().GetElement(2) & 0x7FFFFFFF);
        Assert.Equal(0x7FC00000u, r.AsUInt32().GetElement(3) & 0x7FFFFFFF);
        var m = SimdOps.F64x2Max(F64(-0.0, double.NaN), F64(0.0, 1));
        Assert.Equal(0ul, m.AsUInt64().GetElement(0));
        Assert.Equal(0x7FF8000000000000ul, m.AsUInt64().GetElement(1) & 0x7FFFFFFFFFFFFFFF);
        // Signalling NaN inputs come out quiet.
        var q = SimdOps.F32x4Max(F32Bits(0x7F800001, 0, 0, 0), F32(1f, 0, 0, 0));
        Assert.Equal(0x7FC00000u, q.AsUInt32().GetElement(0) & 0x7FC00000);
    }

    [Fact]
    public void PseudoMinMaxAreAsymmetric()
    {
        var nan = float.NaN;
        // pmin(a, b) = b < a ? b : a: NaN in either position gives a.
        Assert.Equal(F32(nan, 1f, -0f, 0f), SimdOps.F32x4Pmin(F32(nan, 1f, -0f, 0f), F32(1f, nan, 0f, -0f)));
        Assert.Equal(F32(nan, 1f, -0f, 0f), SimdOps.F32x4Pmax(F32(nan, 1f, -0f, 0f), F32(1f, nan, 0f, -0f)));
        Assert.Equal(F64(1, 2), SimdOps.F64x2Pmin(F64(1, 2), F64(2, double.NaN)));
        Assert.Equal(F64(2, 2), SimdOps.F64x2Pmax(F64(1, 2), F64(2, double.NaN)));
    }

    [Fact]
    public void TruncSatEdges()
    {
        Assert.Equal(I32(0, int.MaxValue, int.MinValue, 0), SimdOps.I32x4TruncSatF32x4S(F32(float.NaN, 2147483648f, float.NegativeInfinity, -0.9f)));
        Assert.Equal(U32(0, uint.MaxValue, 0, 4294967040u), SimdOps.I32x4TruncSatF32x4U(F32(float.NaN, 4294967296f, -1f, 4294967040f)));
        Assert.Equal(U32(2147483648u, 2147483520u, 1, 0), SimdOps.I32x4TruncSatF32x4U(F32(2147483648f, 2147483520f, 1.9f, -0.9f)));
        Assert.Equal(I32(int.MaxValue, int.MinValue, 0, 0), SimdOps.I32x4TruncSatF64x2SZero(F64(2147483648.0, -2147483649.0)));
        Assert.Equal(I32(0, -1, 0, 0), SimdOps.I32x4TruncSatF64x2SZero(F64(double.NaN, -1.5)));
        Assert.Equal(U32(uint.MaxValue, 0, 0, 0), SimdOps.I32x4TruncSatF64x2UZero(F64(4294967296.0, double.NaN)));
        Assert.Equal(U32(4294967295u, 0, 0, 0), SimdOps.I32x4TruncSatF64x2UZero(F64(4294967295.9, -0.9)));
    }

    [Fact]
    public void ConvertU32RoundsOnce()
    {
        var r = SimdOps.F32x4ConvertI32x4U(U32(0xFFFFFFFF, 0x80000081, 0x80000080, 16777217));
        Assert.Equal(F32Bits(0x4F800000, 0x4F000001, 0x4F000000, 0x4B800000), r);
        Assert.Equal(F64(4294967295.0, 2147483648.0), SimdOps.F64x2ConvertLowI32x4U(U32(0xFFFFFFFF, 0x80000000, 7, 7)));
    }

    // Signalling NaNs must be made at run time: RyuJIT folds a constant BitConverter call through double and quiets it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float RuntimeSingle(int bits) => BitConverter.Int32BitsToSingle(bits);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double RuntimeDouble(long bits) => BitConverter.Int64BitsToDouble(bits);

    [Fact]
    public void LanesAndSplats()
    {
        var v = SimdOps.I8x16Splat(0x1FF);
        Assert.Equal(Vector128.Create((byte)0xFF), v);
        Assert.Equal(-1, SimdOps.I8x16ExtractLaneS(v, 3));
        Assert.Equal(255, SimdOps.I8x16ExtractLaneU(v, 3));
        Assert.Equal(65535, SimdOps.I16x8ExtractLaneU(v, 7));
        Assert.Equal(-1, SimdOps.I16x8ExtractLaneS(v, 7));
        var w = SimdOps.I16x8ReplaceLane(SimdOps.I16x8Splat(0x12345), 1, 0x7FFF8);
        Assert.Equal(U16(0x2345, 0xFFF8, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345), w);
        var snan = RuntimeSingle(0x7FA00001);
        var f = SimdOps.F32x4ReplaceLane(SimdOps.F32x4Splat(snan), 2, 1f);
        Assert.Equal(0x7FA00001, BitConverter.SingleToInt32Bits(SimdOps.F32x4ExtractLane(f, 0)));
        Assert.Equal(1f, SimdOps.F32x4ExtractLane(f, 2));
        var d = SimdOps.F64x2Splat(RuntimeDouble(0x7FF0000000000001));
        Assert.Equal(0x7FF0000000000001L, BitConverter.DoubleToInt64Bits(SimdOps.F64x2ExtractLane(d, 1)));
        Assert.Equal(I64(5, -7), SimdOps.I64x2ReplaceLane(SimdOps.I64x2Splat(5), 1, -7));
        Assert.Equal(I32(1, 2, 9, 4), SimdOps.I32x4ReplaceLane(I32(1, 2, 3, 4), 2, 9));
        Assert.Equal(-7L, SimdOps.I64x2ExtractLane(I64(5, -7), 1));
    }

    [Fact]
    public void LoadExtends()
    {
        long bits = unchecked((long)0x8001FF7F80FF0102);
        Assert.Equal(I16(2, 1, -1, -128, 127, -1, 1, -128), SimdOps.V128Load8x8S(bits));
        Assert.Equal(I16(2, 1, 255, 128, 127, 255, 1, 128), SimdOps.V128Load8x8U(bits));
        Assert.Equal(I32(0x0102, unchecked((short)0x80FF), unchecked((short)0xFF7F), unchecked((short)0x8001)), SimdOps.V128Load16x4S(bits));
        Assert.Equal(I32(0x0102, 0x80FF, 0xFF7F, 0x8001), SimdOps.V128Load16x4U(bits));
        Assert.Equal(I64(unchecked((int)0x80FF0102), unchecked((int)0x8001FF7F)), SimdOps.V128Load32x2S(bits));
        Assert.Equal(I64(0x80FF0102, 0x8001FF7F), SimdOps.V128Load32x2U(bits));
        Assert.Equal(I32(-1, 0, 0, 0), SimdOps.V128Load32Zero(-1));
        Assert.Equal(I64(-1, 0), SimdOps.V128Load64Zero(-1));
    }

    [Fact]
    public void Bitwise()
    {
        var a = U32(0xFF00FF00, 0x12345678, 0, 0xFFFFFFFF);
        var b = U32(0x0FF00FF0, 0x0F0F0F0F, 0xFFFFFFFF, 0);
        var c = U32(0xFFFF0000, 0xF0F0F0F0, 0x55555555, 0xAAAAAAAA);
        Assert.Equal(U32(0x00FF00FF, 0xEDCBA987, 0xFFFFFFFF, 0), SimdOps.V128Not(a));
        Assert.Equal(U32(0x0F000F00, 0x02040608, 0, 0), SimdOps.V128And(a, b));
        Assert.Equal(U32(0xF000F000, 0x10305070, 0, 0xFFFFFFFF), SimdOps.V128Andnot(a, b));
        Assert.Equal(U32(0xFFF0FFF0, 0x1F3F5F7F, 0xFFFFFFFF, 0xFFFFFFFF), SimdOps.V128Or(a, b));
        Assert.Equal(U32(0xF0F0F0F0, 0x1D3B5977, 0xFFFFFFFF, 0xFFFFFFFF), SimdOps.V128Xor(a, b));
        Assert.Equal(U32(0xFF000FF0, 0x1F3F5F7F, 0xAAAAAAAA, 0xAAAAAAAA), SimdOps.V128Bitselect(a, b, c));
    }
}
