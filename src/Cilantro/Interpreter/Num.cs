using System.Runtime.CompilerServices;

namespace Cilantro.Interpreter;

// TODO(numerics): switch to Cilantro.Runtime.Numerics.WasmMath once it lands on main.
/// <summary>Scalar numeric helpers with WebAssembly semantics.</summary>
internal static class Num
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Min(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : MathF.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? a + b : MathF.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Min(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? a + b : Math.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? a + b : Math.Max(a, b);

    private static TrapException Nan() => new(TrapKind.InvalidConversionToInteger);
    private static TrapException Ovf() => new(TrapKind.IntegerOverflow);

    public static long I32TruncF32S(float x)
    {
        if (float.IsNaN(x)) throw Nan();
        if (!(x >= -2147483648f && x < 2147483648f)) throw Ovf();
        return (int)x;
    }
    public static long I32TruncF32U(float x)
    {
        if (float.IsNaN(x)) throw Nan();
        if (!(x > -1f && x < 4294967296f)) throw Ovf();
        return (uint)x;
    }
    public static long I32TruncF64S(double x)
    {
        if (double.IsNaN(x)) throw Nan();
        if (!(x > -2147483649.0 && x < 2147483648.0)) throw Ovf();
        return (int)x;
    }
    public static long I32TruncF64U(double x)
    {
        if (double.IsNaN(x)) throw Nan();
        if (!(x > -1.0 && x < 4294967296.0)) throw Ovf();
        return (uint)x;
    }
    public static long I64TruncF32S(float x)
    {
        if (float.IsNaN(x)) throw Nan();
        if (!(x >= -9223372036854775808f && x < 9223372036854775808f)) throw Ovf();
        return (long)x;
    }
    public static long I64TruncF32U(float x)
    {
        if (float.IsNaN(x)) throw Nan();
        if (!(x > -1f && x < 18446744073709551616f)) throw Ovf();
        return (long)(ulong)x;
    }
    public static long I64TruncF64S(double x)
    {
        if (double.IsNaN(x)) throw Nan();
        if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) throw Ovf();
        return (long)x;
    }
    public static long I64TruncF64U(double x)
    {
        if (double.IsNaN(x)) throw Nan();
        if (!(x > -1.0 && x < 18446744073709551616.0)) throw Ovf();
        return (long)(ulong)x;
    }

    public static int SatInt(float x) => float.IsNaN(x) ? 0 : x <= -2147483648f ? int.MinValue : x >= 2147483648f ? int.MaxValue : (int)x;
    public static int SatInt(double x) => double.IsNaN(x) ? 0 : x <= -2147483648.0 ? int.MinValue : x >= 2147483647.0 ? int.MaxValue : (int)x;
    public static uint SatUint(float x) => float.IsNaN(x) || x <= 0 ? 0 : x >= 4294967296f ? uint.MaxValue : (uint)x;
    public static uint SatUint(double x) => double.IsNaN(x) || x <= 0 ? 0 : x >= 4294967295.0 ? uint.MaxValue : (uint)x;
    public static long SatLong(float x) => float.IsNaN(x) ? 0 : x <= -9223372036854775808f ? long.MinValue : x >= 9223372036854775808f ? long.MaxValue : (long)x;
    public static long SatLong(double x) => double.IsNaN(x) ? 0 : x <= -9223372036854775808.0 ? long.MinValue : x >= 9223372036854775808.0 ? long.MaxValue : (long)x;
    public static ulong SatUlong(float x) => float.IsNaN(x) || x <= 0 ? 0 : x >= 18446744073709551616f ? ulong.MaxValue : (ulong)x;
    public static ulong SatUlong(double x) => double.IsNaN(x) || x <= 0 ? 0 : x >= 18446744073709551616.0 ? ulong.MaxValue : (ulong)x;

    /// <summary>u64 to f32 with a single rounding.</summary>
    public static float U64ToF32(ulong x)
    {
        if ((long)x >= 0) return (float)(long)x;
        // Halve with sticky bit, convert, double.
        ulong h = (x >> 1) | (x & 1);
        return (float)(long)h * 2f;
    }
}
