using Cilantro.Instructions;
using Cilantro.Model;
using Cilantro.Runtime.Numerics;
using Xunit;

namespace Cilantro.Tests.Numerics;

public class NumericEvaluatorTests
{
    private static V128 Eval(Opcode op, params V128[] args) => Eval(new Instruction { Opcode = op }, args);

    private static V128 Eval(Instruction ins, params V128[] args)
    {
        Assert.True(NumericEvaluator.TryEvaluate(ins, args, out var r));
        return r;
    }

    [Fact]
    public void EvaluatesScalarOperators()
    {
        Assert.Equal(NumericEvaluator.FromI32(-3), Eval(Opcode.I32DivS, NumericEvaluator.FromI32(7), NumericEvaluator.FromI32(-2)));
        Assert.Equal(NumericEvaluator.FromI32(1), Eval(Opcode.I64LtU, NumericEvaluator.FromI64(1), NumericEvaluator.FromI64(-1)));
        Assert.Equal(NumericEvaluator.FromF64(3.0), Eval(Opcode.F64ConvertI32U, NumericEvaluator.FromI32(3)));
        Assert.Equal(NumericEvaluator.FromI32(unchecked((int)0xFFA00001)), Eval(Opcode.I32ReinterpretF32, Eval(Opcode.F32Neg, new V128(0x7FA00001, 0))));
        var e = Assert.Throws<TrapException>(() => Eval(Opcode.I64RemU, NumericEvaluator.FromI64(1), NumericEvaluator.FromI64(0)));
        Assert.Equal(TrapKind.IntegerDivideByZero, e.Kind);
        Assert.Equal(TrapKind.InvalidConversionToInteger,
            Assert.Throws<TrapException>(() => Eval(Opcode.I32TruncF32U, NumericEvaluator.FromF32(float.NaN))).Kind);
    }

    [Fact]
    public void EvaluatesSimdOperatorsWithImmediates()
    {
        var v = new V128(0x0706050403020100, 0x0F0E0D0C0B0A0908);
        Assert.Equal(NumericEvaluator.FromI32(0x0B0A), Eval(new Instruction { Opcode = Opcode.I16x8ExtractLaneU, Index = 5 }, v));
        Assert.Equal(new V128(0x0706050403020100, 0x0F0E0D0C0000002A),
            Eval(new Instruction { Opcode = Opcode.I32x4ReplaceLane, Index = 2 }, v, NumericEvaluator.FromI32(42)));
        var lanes = new V128(0x1716151413121110, 0x0706050403020100); // b's low half, then a's low half
        Assert.Equal(new V128(0, 0x0706050403020100), Eval(new Instruction { Opcode = Opcode.I8x16Shuffle, V128 = lanes }, v, new V128(0, 0)));
        Assert.Equal(new V128(0x0706050403020100, 0), Eval(new Instruction { Opcode = Opcode.I8x16Shuffle, V128 = lanes }, new V128(0, 0), v));
        Assert.Equal(NumericEvaluator.FromI32(0xFFFE), Eval(Opcode.I8x16Bitmask, new V128(0xFFFFFFFFFFFFFF00, 0xFFFFFFFFFFFFFFFF)));
    }

    [Fact]
    public void DeclinesNonNumericInstructions()
    {
        Assert.False(NumericEvaluator.TryEvaluate(new Instruction { Opcode = Opcode.Call }, [], out _));
        Assert.False(NumericEvaluator.TryEvaluate(new Instruction { Opcode = Opcode.I32Load }, [default], out _));
        Assert.False(NumericEvaluator.TryEvaluate(new Instruction { Opcode = Opcode.I32Const }, [], out _));
        Assert.False(NumericEvaluator.TryEvaluate(new Instruction { Opcode = Opcode.V128Store }, [default, default], out _));
    }
}
