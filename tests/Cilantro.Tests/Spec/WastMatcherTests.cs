using Cilantro.Model;
using Cilantro.Spec;
using Xunit;

namespace Cilantro.Tests.Spec;

public sealed class WastMatcherTests
{
    private static WastValue F32(uint bits) => WastValue.F32Bits(bits);
    private static WastValue F64(ulong bits) => WastValue.F64Bits(bits);
    private static WastValue Vec(ulong lo, ulong hi) => new(WastValueKind.V128, Vector: new V128(lo, hi));

    [Fact]
    public void Integers_MatchExactBits()
    {
        Assert.True(WastMatcher.Matches(new ExactExpected(WastValue.I32(-1)), WastValue.I32(-1)));
        Assert.False(WastMatcher.Matches(new ExactExpected(WastValue.I32(1)), WastValue.I32(2)));
        Assert.True(WastMatcher.Matches(new ExactExpected(WastValue.I64(long.MinValue)), WastValue.I64(long.MinValue)));
        Assert.False(WastMatcher.Matches(new ExactExpected(WastValue.I64(1)), WastValue.I64(1L << 32 | 1)));
        // i32 compares 32 bits even if an engine leaves garbage above them.
        Assert.True(WastMatcher.Matches(new ExactExpected(WastValue.I32(5)), new WastValue(WastValueKind.I32, 0xffff_ffff_0000_0005)));
    }

    [Fact]
    public void Types_MustAgree()
    {
        Assert.False(WastMatcher.Matches(new ExactExpected(WastValue.I32(0)), WastValue.I64(0)));
        Assert.False(WastMatcher.Matches(new ExactExpected(WastValue.F32Bits(0)), WastValue.I32(0)));
        Assert.False(WastMatcher.Matches(new NanExpected(WastValueKind.F32, NanPattern.Canonical), F64(0x7ff8_0000_0000_0000)));
        Assert.False(WastMatcher.Matches(new NanExpected(WastValueKind.F64, NanPattern.Arithmetic), F32(0x7fc0_0000)));
    }

    [Fact]
    public void Floats_MatchExactBits()
    {
        Assert.True(WastMatcher.Matches(new ExactExpected(F32(0x3f80_0000)), F32(0x3f80_0000)));
        Assert.False(WastMatcher.Matches(new ExactExpected(F32(0x0000_0000)), F32(0x8000_0000))); // +0 vs -0
        Assert.True(WastMatcher.Matches(new ExactExpected(F32(0x7fa0_0001)), F32(0x7fa0_0001)));  // NaN payload kept
        Assert.False(WastMatcher.Matches(new ExactExpected(F32(0x7fa0_0001)), F32(0x7fe0_0001)));
        Assert.False(WastMatcher.Matches(new ExactExpected(F64(0)), F64(0x8000_0000_0000_0000)));
        Assert.True(WastMatcher.Matches(new ExactExpected(F64(0x7ff4_0000_0000_0001)), F64(0x7ff4_0000_0000_0001)));
    }

    [Theory]
    [InlineData(0x7fc0_0000u, true, true)]
    [InlineData(0xffc0_0000u, true, true)]
    [InlineData(0x7fc0_0001u, false, true)]
    [InlineData(0xffff_ffffu, false, true)]
    [InlineData(0x7fa0_0000u, false, false)] // signalling NaN
    [InlineData(0x7f80_0001u, false, false)] // signalling NaN
    [InlineData(0x7f80_0000u, false, false)] // infinity
    [InlineData(0x3f80_0000u, false, false)] // 1.0
    [InlineData(0x3fc0_0000u, false, false)] // 1.5: quiet bit pattern but finite exponent
    public void F32_NanPatterns(uint bits, bool canonical, bool arithmetic)
    {
        Assert.Equal(canonical, WastMatcher.Matches(new NanExpected(WastValueKind.F32, NanPattern.Canonical), F32(bits)));
        Assert.Equal(arithmetic, WastMatcher.Matches(new NanExpected(WastValueKind.F32, NanPattern.Arithmetic), F32(bits)));
    }

    [Theory]
    [InlineData(0x7ff8_0000_0000_0000ul, true, true)]
    [InlineData(0xfff8_0000_0000_0000ul, true, true)]
    [InlineData(0x7ff8_0000_0000_0001ul, false, true)]
    [InlineData(0xffff_ffff_ffff_fffful, false, true)]
    [InlineData(0x7ff4_0000_0000_0000ul, false, false)]
    [InlineData(0x7ff0_0000_0000_0001ul, false, false)]
    [InlineData(0x7ff0_0000_0000_0000ul, false, false)]
    [InlineData(0x7fc0_0000_0000_0000ul, false, false)] // f32 canonical NaN bits in the top half: a finite f64
    public void F64_NanPatterns(ulong bits, bool canonical, bool arithmetic)
    {
        Assert.Equal(canonical, WastMatcher.Matches(new NanExpected(WastValueKind.F64, NanPattern.Canonical), F64(bits)));
        Assert.Equal(arithmetic, WastMatcher.Matches(new NanExpected(WastValueKind.F64, NanPattern.Arithmetic), F64(bits)));
    }

    [Fact]
    public void V128_F32Lanes_PerLanePatterns()
    {
        // lanes (low first): canonical NaN, 1.0, arithmetic NaN, -0.0
        var expected = new V128Expected("f32x4", [0, 0x3f80_0000, 0, 0x8000_0000],
            [NanPattern.Canonical, NanPattern.None, NanPattern.Arithmetic, NanPattern.None]);
        Assert.True(WastMatcher.Matches(expected, Vec(0x3f80_0000_ffc0_0000, 0x8000_0000_7fc0_0123)));
        Assert.False(WastMatcher.Matches(expected, Vec(0x3f80_0000_7fc0_0001, 0x8000_0000_7fc0_0123))); // lane 0 not canonical
        Assert.False(WastMatcher.Matches(expected, Vec(0x3f80_0000_7fc0_0000, 0x8000_0000_7f80_0001))); // lane 2 signalling
        Assert.False(WastMatcher.Matches(expected, Vec(0x3f80_0000_7fc0_0000, 0x0000_0000_7fc0_0000))); // lane 3 +0
        Assert.False(WastMatcher.Matches(expected, WastValue.I32(0)));
    }

    [Fact]
    public void V128_F64Lanes_PerLanePatterns()
    {
        var expected = new V128Expected("f64x2", [0, 0x3ff0_0000_0000_0000], [NanPattern.Arithmetic, NanPattern.None]);
        Assert.True(WastMatcher.Matches(expected, Vec(0xfff8_0000_0000_0001, 0x3ff0_0000_0000_0000)));
        Assert.False(WastMatcher.Matches(expected, Vec(0x7ff0_0000_0000_0001, 0x3ff0_0000_0000_0000)));
        Assert.False(WastMatcher.Matches(expected, Vec(0x7ff8_0000_0000_0000, 0x3ff0_0000_0000_0001)));
    }

    [Fact]
    public void V128_IntegerLanes_ComparedAtLaneWidth()
    {
        var none16 = new NanPattern[16];
        var bytes = new ulong[16];
        for (int i = 0; i < 16; i++)
            bytes[i] = (ulong)i;
        Assert.True(WastMatcher.Matches(new V128Expected("i8x16", bytes, none16), Vec(0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908)));
        Assert.False(WastMatcher.Matches(new V128Expected("i8x16", bytes, none16), Vec(0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0909)));

        // -1 lanes given sign-extended still match 0xffff lanes.
        var minusOne = new ulong[] { ulong.MaxValue, 1, 2, 3, 4, 5, 6, ulong.MaxValue };
        Assert.True(WastMatcher.Matches(new V128Expected("i16x8", minusOne, new NanPattern[8]), Vec(0x0003_0002_0001_ffff, 0xffff_0006_0005_0004)));

        var i32 = new V128Expected("i32x4", [1, 2, 3, 0xffff_ffff], new NanPattern[4]);
        Assert.True(WastMatcher.Matches(i32, Vec(0x0000_0002_0000_0001, 0xffff_ffff_0000_0003)));
        var i64 = new V128Expected("i64x2", [1, ulong.MaxValue], new NanPattern[2]);
        Assert.True(WastMatcher.Matches(i64, Vec(1, ulong.MaxValue)));
        Assert.False(WastMatcher.Matches(i64, Vec(ulong.MaxValue, 1)));
        // Float shapes without patterns compare bits exactly.
        var f32 = new V128Expected("f32x4", [0x7fa0_0000, 0, 0, 0], new NanPattern[4]);
        Assert.True(WastMatcher.Matches(f32, Vec(0x7fa0_0000, 0)));
        Assert.False(WastMatcher.Matches(f32, Vec(0x7fe0_0000, 0)));
    }

    [Fact]
    public void V128_UnknownShapeOrLaneCount_DoesNotMatch()
    {
        Assert.False(WastMatcher.Matches(new V128Expected("i4x32", new ulong[32], new NanPattern[32]), Vec(0, 0)));
        Assert.False(WastMatcher.Matches(new V128Expected("i32x4", new ulong[3], new NanPattern[3]), Vec(0, 0)));
    }

    [Fact]
    public void References()
    {
        var nullFunc = new WastValue(WastValueKind.RefNull, RefType: ValType.FuncRef);
        var nullExtern = new WastValue(WastValueKind.RefNull, RefType: ValType.ExternRef);
        Assert.True(WastMatcher.Matches(new ExactExpected(nullFunc), nullFunc));
        Assert.False(WastMatcher.Matches(new ExactExpected(nullFunc), nullExtern));
        Assert.False(WastMatcher.Matches(new ExactExpected(nullExtern), new WastValue(WastValueKind.RefExtern, 0)));

        Assert.True(WastMatcher.Matches(new ExactExpected(new WastValue(WastValueKind.RefExtern, 7)), new WastValue(WastValueKind.RefExtern, 7)));
        Assert.False(WastMatcher.Matches(new ExactExpected(new WastValue(WastValueKind.RefExtern, 7)), new WastValue(WastValueKind.RefExtern, 8)));
        Assert.False(WastMatcher.Matches(new ExactExpected(new WastValue(WastValueKind.RefExtern, 7)), nullExtern));

        Assert.True(WastMatcher.Matches(new AnyRefExpected(WastValueKind.RefFunc), new WastValue(WastValueKind.RefFunc)));
        Assert.False(WastMatcher.Matches(new AnyRefExpected(WastValueKind.RefFunc), nullFunc));
        Assert.True(WastMatcher.Matches(new AnyRefExpected(WastValueKind.RefExtern), new WastValue(WastValueKind.RefExtern, 3)));
        Assert.False(WastMatcher.Matches(new AnyRefExpected(WastValueKind.RefExtern), nullExtern));
    }

    [Fact]
    public void Either_MatchesAnyAlternative()
    {
        var either = new EitherExpected([new ExactExpected(WastValue.I32(1)), new NanExpected(WastValueKind.F32, NanPattern.Canonical)]);
        Assert.True(WastMatcher.Matches(either, WastValue.I32(1)));
        Assert.True(WastMatcher.Matches(either, F32(0xffc0_0000)));
        Assert.False(WastMatcher.Matches(either, WastValue.I32(2)));
        Assert.False(WastMatcher.Matches(new EitherExpected([]), WastValue.I32(2)));
    }

    [Fact]
    public void Results_CountAndOrder()
    {
        WastExpected[] expected = [new ExactExpected(WastValue.I32(1)), new ExactExpected(WastValue.I64(2))];
        Assert.Null(WastMatcher.MatchResults(expected, [WastValue.I32(1), WastValue.I64(2)]));
        Assert.NotNull(WastMatcher.MatchResults(expected, [WastValue.I32(1)]));
        Assert.NotNull(WastMatcher.MatchResults(expected, [WastValue.I64(2), WastValue.I32(1)]));
        Assert.NotNull(WastMatcher.MatchResults([], [WastValue.I32(1)]));
        Assert.Null(WastMatcher.MatchResults([], []));
        string? message = WastMatcher.MatchResults([new ExactExpected(WastValue.I32(1))], [WastValue.I32(2)]);
        Assert.Contains("i32:1", message);
        Assert.Contains("i32:2", message);
    }

    [Fact]
    public void Messages_ContainedOrPrefix()
    {
        var malformed = new MalformedModuleException("unexpected end of section or function", 12);
        Assert.True(WastMatcher.MessageMatches("unexpected end", malformed));
        Assert.True(WastMatcher.MessageMatches("unexpected end of section or function", malformed));
        Assert.True(WastMatcher.MessageMatches("end of section", malformed));
        Assert.True(WastMatcher.MessageMatches("", malformed));
        Assert.False(WastMatcher.MessageMatches("length out of bounds", malformed));
        Assert.False(WastMatcher.MessageMatches("unexpected end of section or function!", malformed));
        // The full message (with location) is tried too.
        Assert.True(WastMatcher.MessageMatches("at offset 0xc", malformed));
        Assert.True(WastMatcher.MessageMatches("integer overflow", new InvalidOperationException("integer overflow")));
        Assert.True(WastMatcher.MessageMatches("call stack exhausted", new InsufficientExecutionStackException()));
    }
}
