using Cilantro.Text;
using Xunit;

namespace Cilantro.Tests.Text;

public class NumberTests
{
    private const int Syntax = (int)NumResult.Syntax;
    private const int Range = (int)NumResult.Range;

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("1_000", 1000UL)]
    [InlineData("0x7fff_ffff", 0x7fffffffUL)]
    [InlineData("4294967295", 0xffffffffUL)]
    [InlineData("-1", 0xffffffffUL)]
    [InlineData("-2147483648", 0x80000000UL)]
    [InlineData("+0x10", 16UL)]
    [InlineData("0xFFFFFFFF", 0xffffffffUL)]
    public void I32Literals(string s, ulong expected)
    {
        Assert.Equal(NumResult.Ok, TextNumbers.ParseInt(s, 32, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("4294967296", Range)]
    [InlineData("-2147483649", Range)]
    [InlineData("0x1_0000_0000", Range)]
    [InlineData("1__0", Syntax)]
    [InlineData("_1", Syntax)]
    [InlineData("1_", Syntax)]
    [InlineData("0x", Syntax)]
    [InlineData("1.0", Syntax)]
    [InlineData("--1", Syntax)]
    public void BadI32Literals(string s, int expected) => Assert.Equal((NumResult)expected, TextNumbers.ParseInt(s, 32, out _));

    [Theory]
    [InlineData("18446744073709551615", 0xffffffffffffffffUL)]
    [InlineData("-9223372036854775808", 0x8000000000000000UL)]
    [InlineData("0x8000_0000_0000_0000", 0x8000000000000000UL)]
    public void I64Literals(string s, ulong expected)
    {
        Assert.Equal(NumResult.Ok, TextNumbers.ParseInt(s, 64, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("-9223372036854775809")]
    public void I64OutOfRange(string s) => Assert.Equal(NumResult.Range, TextNumbers.ParseInt(s, 64, out _));

    [Theory]
    [InlineData("0", 0x00000000u)]
    [InlineData("-0", 0x80000000u)]
    [InlineData("1", 0x3f800000u)]
    [InlineData("0.1", 0x3dcccccdu)]
    [InlineData("1e10", 0x501502f9u)]
    [InlineData("1.e1", 0x41200000u)]
    [InlineData("0x1p-149", 0x00000001u)]                     // smallest subnormal
    [InlineData("0x1p-150", 0x00000000u)]                     // exact tie below it: rounds to even (zero)
    [InlineData("0x1.000002p-150", 0x00000001u)]              // just above the tie
    [InlineData("0x1.fffffep127", 0x7f7fffffu)]               // largest finite
    [InlineData("0x1.fffffefffffffffffp127", 0x7f7fffffu)]    // just below the overflow tie
    [InlineData("0x1.000001p0", 0x3f800000u)]                 // tie: round to even (down)
    [InlineData("0x1.000003p0", 0x3f800002u)]                 // tie: round to even (up)
    [InlineData("0x1.00000100000000001p0", 0x3f800001u)]      // above the tie
    [InlineData("1.00000005960464477539062499", 0x3f800000u)] // decimal, just below the tie
    [InlineData("1.00000005960464477539062501", 0x3f800001u)] // decimal, just above the tie
    [InlineData("1.000000059604644775390625", 0x3f800000u)]   // decimal, exact tie: even
    [InlineData("1.1754942e-38", 0x007fffffu)]                // largest subnormal
    [InlineData("inf", 0x7f800000u)]
    [InlineData("-inf", 0xff800000u)]
    [InlineData("nan", 0x7fc00000u)]
    [InlineData("-nan", 0xffc00000u)]
    [InlineData("nan:0x1", 0x7f800001u)]
    [InlineData("-nan:0x7f_ffff", 0xffffffffu)]
    [InlineData("0x1_0.8p1_0", 0x46840000u)]              // 16.5 * 2^10
    [InlineData("1e-50", 0x00000000u)]
    public void F32Literals(string s, uint expected)
    {
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF32(s, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("0x1p128", Range)]
    [InlineData("0x1.ffffffp127", Range)]          // overflow tie rounds to infinity
    [InlineData("340282356779733661637539395458142568448", Range)]
    [InlineData("1e39", Range)]
    [InlineData("nan:0x0", Range)]
    [InlineData("nan:0x80_0000", Range)]
    [InlineData(".5", Syntax)]
    [InlineData("1e", Syntax)]
    [InlineData("0x1.p", Syntax)]
    [InlineData("1._5", Syntax)]
    [InlineData("nan:1", Syntax)]
    [InlineData("infinity", Syntax)]
    public void BadF32Literals(string s, int expected) => Assert.Equal((NumResult)expected, TextNumbers.ParseF32(s, out _));

    [Theory]
    [InlineData("1", 0x3ff0000000000000UL)]
    [InlineData("0.1", 0x3fb999999999999aUL)]
    [InlineData("0x1p-1074", 0x0000000000000001UL)]
    [InlineData("0x1p-1075", 0x0000000000000000UL)]
    [InlineData("0x1.fffffffffffffp1023", 0x7fefffffffffffffUL)]
    [InlineData("0x1.fffffffffffff7ffp1023", 0x7fefffffffffffffUL)]
    [InlineData("2.2250738585072011e-308", 0x000fffffffffffffUL)]
    [InlineData("2.2250738585072014e-308", 0x0010000000000000UL)]
    [InlineData("4.9406564584124654e-324", 0x0000000000000001UL)]
    [InlineData("0x1.fffffffffffffp-1023", 0x0010000000000000UL)] // subnormal tie rounds up to the even, smallest normal
    [InlineData("0x1.0000000000000_8p0", 0x3ff0000000000000UL)]
    [InlineData("0x1.0000000000001_8p0", 0x3ff0000000000002UL)]
    [InlineData("nan:0xf_ffff_ffff_ffff", 0x7fffffffffffffffUL)]
    [InlineData("-nan", 0xfff8000000000000UL)]
    [InlineData("1e308", 0x7fe1ccf385ebc8a0UL)]
    public void F64Literals(string s, ulong expected)
    {
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF64(s, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("0x1p1024")]
    [InlineData("1e309")]
    [InlineData("0x1.fffffffffffff8p1023")]
    [InlineData("nan:0x10_0000_0000_0000")]
    public void F64OutOfRange(string s) => Assert.Equal(NumResult.Range, TextNumbers.ParseF64(s, out _));

    [Fact]
    public void DecimalFloatsMatchTheRuntime()
    {
        // Round-trip strings printed by .NET must parse back to the same bits.
        var rng = new Random(1234);
        for (int k = 0; k < 2000; k++)
        {
            ulong bits = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
            double d = BitConverter.UInt64BitsToDouble(bits);
            if (!double.IsFinite(d)) continue;
            var s = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e");
            Assert.Equal(NumResult.Ok, TextNumbers.ParseF64(s, out var v));
            Assert.Equal(bits, v);
            float f = (float)d;
            if (!float.IsFinite(f)) continue;
            var fs = f.ToString("R", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e");
            Assert.Equal(NumResult.Ok, TextNumbers.ParseF32(fs, out var fv));
            Assert.Equal(BitConverter.SingleToUInt32Bits(f), fv);
        }
    }

    [Fact]
    public void FastPathsAgreeWithExactRounding()
    {
        var rng = new Random(99);
        for (int k = 0; k < 5000; k++)
        {
            ulong m = (ulong)rng.NextInt64(1, 1L << 25);
            int e = rng.Next(-12, 13);
            var s = m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "e" + e.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var num = e >= 0 ? m * System.Numerics.BigInteger.Pow(10, e) : m;
            var den = e >= 0 ? System.Numerics.BigInteger.One : System.Numerics.BigInteger.Pow(10, -e);
            Assert.Equal(NumResult.Ok, TextNumbers.ParseF32(s, out var f));
            Assert.Equal(TextNumbers.RoundRational(num, den, 24, 127), f);
            Assert.Equal(NumResult.Ok, TextNumbers.ParseF64(s, out var d));
            Assert.Equal(TextNumbers.RoundRational(num, den, 53, 1023), d);

            ulong hm = (ulong)rng.NextInt64(1, 1L << 54);
            int he = rng.Next(-1100, 1000);
            var hs = "0x" + hm.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "p" + he.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var hnum = he >= 0 ? (System.Numerics.BigInteger)hm << he : hm;
            var hden = he >= 0 ? System.Numerics.BigInteger.One : System.Numerics.BigInteger.One << -he;
            var r = TextNumbers.ParseF64(hs, out var hd);
            var exact = TextNumbers.RoundRational(hnum, hden, 53, 1023);
            if (exact >= 0x7ff0000000000000UL) Assert.Equal(NumResult.Range, r);
            else Assert.Equal(exact, hd);
        }
    }

    [Fact]
    public void LongLiteralsRoundExactlyAndQuickly()
    {
        string zeros = new('0', 5000);
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF64("1" + zeros + "e-5000", out var one));
        Assert.Equal(0x3ff0000000000000UL, one);
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF64("0." + zeros + "1e5001", out var one2));
        Assert.Equal(0x3ff0000000000000UL, one2);
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF64("0." + zeros + "1", out var tiny));
        Assert.Equal(0UL, tiny);
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF64(zeros + "1", out var lead));
        Assert.Equal(0x3ff0000000000000UL, lead);
        // Exact f32 tie, then a far-away nonzero digit: rounds up.
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF32("1.000000059604644775390625" + zeros + "1", out var up));
        Assert.Equal(0x3f800001u, up);
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF32("1.000000059604644775390625" + zeros, out var even));
        Assert.Equal(0x3f800000u, even);
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF32("0x1.000001" + zeros + "1p0", out var hexUp));
        Assert.Equal(0x3f800001u, hexUp);
        Assert.Equal(NumResult.Range, TextNumbers.ParseF64("1" + zeros, out _));

        // Million-digit literals: the parser is linear in the digits (no timing assertion here: bench/ measures speed).
        var huge = "1." + string.Concat(Enumerable.Repeat("1234567890", 100_000));
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF64(huge, out _));
        Assert.Equal(NumResult.Ok, TextNumbers.ParseF64("0x1." + huge[2..], out _));
    }
}
