using Cilantro.Model;
using Cilantro.Validation;
using Xunit;

namespace Cilantro.Tests.Validation;

public class FunctionValidatorTests
{
    private static readonly ValType I32 = ValType.I32;
    private static readonly ValType I64 = ValType.I64;

    private static void Valid(TestModule m) => ModuleValidator.Validate(m.Module);

    private static void Invalid(TestModule m, string message)
    {
        var e = Assert.Throws<InvalidModuleException>(() => ModuleValidator.Validate(m.Module));
        Assert.StartsWith(message, e.SpecMessage);
    }

    private static TestModule WithFunc(ValType[] ps, ValType[] rs, params byte[] code)
    {
        var m = new TestModule();
        m.Func(ps, rs, code);
        return m;
    }

    private static TestModule WithMemoryFunc(ValType[] ps, ValType[] rs, params byte[] code)
    {
        var m = new TestModule();
        m.Memory();
        m.Func(ps, rs, code);
        return m;
    }

    // ---- valid code ----

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x01 })] // nop
    [InlineData(new byte[] { 0x41, 0x01, 0x41, 0x02, 0x6A, 0x1A })] // i32.add, drop
    [InlineData(new byte[] { 0x00, 0x6A, 0x1A })] // unreachable; i32.add on bottom values
    [InlineData(new byte[] { 0x00, 0x1B, 0x1A })] // unreachable; select on bottom values
    [InlineData(new byte[] { 0x02, 0x40, 0x0C, 0x00, 0x6A, 0x1A, 0x0B })] // br makes the rest of the block polymorphic
    [InlineData(new byte[] { 0x02, 0x7F, 0x41, 0x00, 0x0B, 0x1A })] // block (result i32)
    [InlineData(new byte[] { 0x41, 0x00, 0x04, 0x40, 0x0B })] // if without else, empty type
    [InlineData(new byte[] { 0x02, 0x7F, 0x41, 0x01, 0x41, 0x00, 0x0D, 0x00, 0x0B, 0x1A })] // br_if keeps the value
    [InlineData(new byte[] { 0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x0B })] // br_table
    [InlineData(new byte[] { 0x03, 0x40, 0x0C, 0x00, 0x0B })] // loop; br to loop start
    [InlineData(new byte[] { 0x0F })] // return
    [InlineData(new byte[] { 0xD0, 0x70, 0xD1, 0x1A })] // ref.null func; ref.is_null
    [InlineData(new byte[] { 0x00, 0xD1, 0x1A })] // ref.is_null on bottom
    [InlineData(new byte[] { 0xD0, 0x6F, 0xD0, 0x6F, 0x41, 0x00, 0x1C, 0x01, 0x6F, 0x1A })] // typed select of externref
    public void ValidBodies(byte[] code) => Valid(WithFunc([], [], code));

    [Fact]
    public void MultiValueBlockWithTypeIndex()
    {
        var m = new TestModule();
        int bt = m.Type([I32, I32], [I64]);
        // i32.const 1; i32.const 2; block (type bt) i32.add; i64.extend_i32_s end; drop
        m.Func([], [], [0x41, 0x01, 0x41, 0x02, 0x02, (byte)bt, 0x6A, 0xAC, 0x0B, 0x1A]);
        Valid(m);
    }

    [Fact]
    public void PartialOperandsInUnreachableCode()
    {
        var m = new TestModule();
        m.ImportFunc([I32, I64, I32], []);
        m.Func([0x00, 0x42, 0x00, 0x41, 0x00, 0x10, 0x00]); // unreachable; i64.const; i32.const; call: first i32 is bottom
        Valid(m);
        var bad = new TestModule();
        bad.ImportFunc([I32, I64, I32], []);
        bad.Func([0x00, 0x41, 0x00, 0x41, 0x00, 0x10, 0x00]); // the i64 slot holds an i32
        Invalid(bad, "type mismatch");
    }

    [Fact]
    public void OperandStackHeightIsBounded()
    {
        var m = new TestModule();
        var results = new ValType[ModuleValidator.MaxFunctionParamsOrResults];
        Array.Fill(results, I32);
        m.ImportFunc([], results);
        var code = new byte[2 * 1100];
        for (int i = 0; i < code.Length; i += 2) code[i] = 0x10; // call 0, 1100 times: 1.1 million values
        m.Func(code);
        Invalid(m, "operand stack too large");
    }

    [Fact]
    public void WalkerExposesOperandTypes()
    {
        var m = new TestModule();
        m.Func(TestModule.Cat([0xFD, 0x0C], new byte[16], [0x1A, 0xD2, 0x00, 0x1A])); // v128.const; drop; ref.func 0; drop
        m.Module.Exports.Add(new Export("f", ExternKind.Func, 0));
        ModuleValidator.Validate(m.Module);

        var walker = ModuleValidator.CreateWalker(m.Module);
        walker.Begin(0);
        var body = m.Module.Bodies[0];
        var r = new Cilantro.Instructions.CodeReader(body.Code.Span, body.CodeOffset, WasmFeatures.Default);
        var seen = new List<(Cilantro.Instructions.Opcode, ValType, int)>();
        while (!walker.Finished)
        {
            r.Read(out var ins);
            seen.Add((ins.Opcode, walker.PeekOperand(0), walker.StackHeight));
            walker.Step(ref ins);
        }
        Assert.Equal(Cilantro.Instructions.Opcode.Drop, seen[1].Item1);
        Assert.Equal(ValType.V128, seen[1].Item2);
        Assert.Equal(1, seen[1].Item3);
        Assert.Equal(ValType.FuncRef, seen[3].Item2);
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void LoopLabelTakesParameters()
    {
        var m = new TestModule();
        int bt = m.Type([I32], []);
        // i32.const 0; loop (type bt) (param i32): br_if 0 needs [i32 i32] -> keeps the param
        m.Func([], [], [0x41, 0x00, 0x03, (byte)bt, 0x41, 0x01, 0x0D, 0x00, 0x1A, 0x0B]);
        Valid(m);
    }

    [Fact]
    public void FunctionResultAndLocals()
    {
        var m = new TestModule();
        m.Func([I32], [I64], [0x20, 0x01, 0x20, 0x00, 0xAC, 0x7C], new LocalDecl(2, I64)); // local.get 1 (i64) + extend(local 0)
        Valid(m);
    }

    [Fact]
    public void ManyLocalsUseRunLookup()
    {
        var m = new TestModule();
        m.Func([I32], [I64], [0x20, 0xFF, 0xFF, 0x3F, 0x20, 0x00, 0xAC, 0x7C], // local.get 1048575
            new LocalDecl(1_000_000, I32), new LocalDecl(100_000, I64));
        Valid(m);
        var bad = new TestModule();
        bad.Func([], [], [0x20, 0x80, 0xE1, 0xEB, 0x17, 0x1A], new LocalDecl(1_000_000, I32)); // local.get 50000000
        Invalid(bad, "unknown local");
    }

    [Fact]
    public void LocalRunsInSmallBodies()
    {
        // 301 locals in a tiny body: looked up by bisection over the declaration runs.
        var locals = new[] { new LocalDecl(100, I64), new LocalDecl(200, ValType.F32) };
        var m = new TestModule();
        m.Func([I32], [], [0x20, 0x00, 0x45, 0x1A, 0x20, 0x64, 0x50, 0x1A, 0x20, 0x65, 0x8C, 0x1A, 0x20, 0xAC, 0x02, 0x8C, 0x1A], locals);
        Valid(m);
        var wrong = new TestModule();
        wrong.Func([I32], [], [0x20, 0x64, 0x8C, 0x1A], locals); // local 100 is i64, not f32
        Invalid(wrong, "type mismatch");
        var unknown = new TestModule();
        unknown.Func([I32], [], [0x20, 0xAD, 0x02, 0x1A], locals);
        Invalid(unknown, "unknown local 301");
    }

    [Fact]
    public void MemoryInstructions()
    {
        // i32.const 0; i32.load align=2 offset=0; i32.const 0; i64.const 0; i64.store align=3; memory.size; memory.grow; drop; drop
        Valid(WithMemoryFunc([], [], 0x41, 0x00, 0x28, 0x02, 0x00, 0x41, 0x00, 0x42, 0x00, 0x37, 0x03, 0x00, 0x3F, 0x00, 0x40, 0x00, 0x1A, 0x1A));
    }

    [Fact]
    public void MaxOperandStackHeightIsReported()
    {
        var m = WithFunc([], [], 0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x6A, 0x6A, 0x1A);
        var info = ModuleValidator.ValidateWithInfo(m.Module);
        Assert.Equal(3, info.MaxOperandStackHeights[0]);
        Assert.Equal(1, info.MaxControlDepths[0]);
        var nested = WithFunc([], [], 0x02, 0x40, 0x03, 0x40, 0x0B, 0x0B);
        Assert.Equal(3, ModuleValidator.ValidateWithInfo(nested.Module).MaxControlDepths[0]);
    }

    // ---- invalid code ----

    [Theory]
    [InlineData(new byte[] { 0x6A, 0x1A }, "type mismatch")] // i32.add on empty stack
    [InlineData(new byte[] { 0x41, 0x00, 0x42, 0x00, 0x6A, 0x1A }, "type mismatch")] // i32.add i32 i64
    [InlineData(new byte[] { 0x41, 0x00 }, "type mismatch")] // value left at end
    [InlineData(new byte[] { 0x41, 0x00, 0x02, 0x40, 0x1A, 0x0B }, "type mismatch")] // block can't see outer operand
    [InlineData(new byte[] { 0x02, 0x7F, 0x0B, 0x1A }, "type mismatch")] // block result missing
    [InlineData(new byte[] { 0x41, 0x00, 0x04, 0x7F, 0x41, 0x00, 0x0B, 0x1A }, "type mismatch")] // if (result i32) without else
    [InlineData(new byte[] { 0x0C, 0x01 }, "unknown label")]
    [InlineData(new byte[] { 0x02, 0x40, 0x41, 0x00, 0x0E, 0x00, 0x02, 0x0B }, "unknown label")]
    [InlineData(new byte[] { 0x02, 0x7F, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A }, "type mismatch")] // br_table arity differs
    [InlineData(new byte[] { 0x20, 0x00, 0x1A }, "unknown local")]
    [InlineData(new byte[] { 0x23, 0x00, 0x1A }, "unknown global")]
    [InlineData(new byte[] { 0x10, 0x05 }, "unknown function")]
    [InlineData(new byte[] { 0x41, 0x00, 0x11, 0x00, 0x00 }, "unknown table")]
    [InlineData(new byte[] { 0x41, 0x00, 0x28, 0x02, 0x00, 0x1A }, "unknown memory")]
    [InlineData(new byte[] { 0x3F, 0x00, 0x1A }, "unknown memory")]
    [InlineData(new byte[] { 0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1B, 0x1A }, "type mismatch")] // untyped select of references
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x00, 0x1A }, "invalid result arity")]
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02, 0x7F, 0x7F, 0x1A }, "invalid result arity")]
    [InlineData(new byte[] { 0x41, 0x00, 0xD1, 0x1A }, "type mismatch")] // ref.is_null of i32
    [InlineData(new byte[] { 0xD2, 0x00, 0x1A }, "undeclared function reference")]
    [InlineData(new byte[] { 0xFC, 0x0D, 0x00 }, "unknown elem segment")]
    [InlineData(new byte[] { 0x02, 0x09, 0x0B }, "unknown type")]
    public void InvalidBodies(byte[] code, string message) => Invalid(WithFunc([], [], code), message);

    [Theory]
    [InlineData(new byte[] { 0x41, 0x00, 0x28, 0x03, 0x00, 0x1A })] // i32.load align 8
    [InlineData(new byte[] { 0x41, 0x00, 0x2C, 0x01, 0x00, 0x1A })] // i32.load8_s align 2
    [InlineData(new byte[] { 0x41, 0x00, 0xFD, 0x00, 0x05, 0x00, 0x1A })] // v128.load align 32
    public void AlignmentLargerThanNatural(byte[] code) =>
        Invalid(WithMemoryFunc([], [], code), "alignment must not be larger than natural");

    [Theory]
    [InlineData(new byte[] { 0xFD, 0x15, 0x10 })] // i8x16.extract_lane_s 16
    [InlineData(new byte[] { 0xFD, 0x1D, 0x02 })] // i64x2.extract_lane 2
    public void LaneIndexOutOfRange(byte[] lane)
    {
        var code = TestModule.Cat([0xFD, 0x0C], new byte[16], lane, [0x1A]);
        Invalid(WithFunc([], [], code), "invalid lane index");
    }

    [Fact]
    public void ShuffleLaneIndexOutOfRange()
    {
        var lanes = new byte[16];
        lanes[7] = 32;
        var code = TestModule.Cat([0xFD, 0x0C], new byte[16], [0xFD, 0x0C], new byte[16], [0xFD, 0x0D], lanes, [0x1A]);
        Invalid(WithFunc([], [], code), "invalid lane index");
        lanes[7] = 31;
        code = TestModule.Cat([0xFD, 0x0C], new byte[16], [0xFD, 0x0C], new byte[16], [0xFD, 0x0D], lanes, [0x1A]);
        Valid(WithFunc([], [], code));
    }

    [Fact]
    public void LoadLaneIndexOutOfRange()
    {
        // i32.const 0; v128.const 0; v128.load32_lane align=2 offset=0 lane=4
        var code = TestModule.Cat([0x41, 0x00, 0xFD, 0x0C], new byte[16], [0xFD, 0x56, 0x02, 0x00, 0x04, 0x1A]);
        Invalid(WithMemoryFunc([], [], code), "invalid lane index");
    }

    [Fact]
    public void GlobalSetRequiresMutable()
    {
        var m = new TestModule();
        m.Global(I32, false, 0x41, 0x00);
        m.Func([0x41, 0x01, 0x24, 0x00]);
        Invalid(m, "global is immutable");

        var ok = new TestModule();
        ok.Global(I32, true, 0x41, 0x00);
        ok.Func([0x41, 0x01, 0x24, 0x00]);
        Valid(ok);
    }

    [Fact]
    public void RefFuncDeclaredByExportOrElem()
    {
        var m = new TestModule();
        m.Func([0xD2, 0x00, 0x1A]);
        m.Module.Exports.Add(new Export("f", ExternKind.Func, 0));
        Valid(m);

        var e = new TestModule();
        e.Func([0xD2, 0x00, 0x1A]);
        e.Module.Elements.Add(new ElementSegment { Mode = SegmentMode.Declarative, ElementType = ValType.FuncRef, FunctionIndices = [0] });
        Valid(e);
    }

    [Fact]
    public void CallChecksSignature()
    {
        var m = new TestModule();
        m.ImportFunc([I32, I64], [I32]);
        m.Func([], [I32], [0x41, 0x00, 0x42, 0x00, 0x10, 0x00]);
        Valid(m);
        var bad = new TestModule();
        bad.ImportFunc([I32, I64], [I32]);
        bad.Func([], [I32], [0x42, 0x00, 0x41, 0x00, 0x10, 0x00]);
        Invalid(bad, "type mismatch");
    }

    [Fact]
    public void CallIndirectNeedsFuncrefTable()
    {
        var m = new TestModule();
        m.Table(ValType.ExternRef);
        m.Func([0x41, 0x00, 0x11, 0x00, 0x00]);
        Invalid(m, "type mismatch");
        var ok = new TestModule();
        ok.Table(ValType.FuncRef);
        ok.Func([0x41, 0x00, 0x11, 0x00, 0x00]);
        Valid(ok);
    }

    [Fact]
    public void TableInstructions()
    {
        var m = new TestModule();
        m.Table(ValType.FuncRef);
        m.Table(ValType.ExternRef);
        m.Module.Elements.Add(new ElementSegment { Mode = SegmentMode.Passive, ElementType = ValType.FuncRef, Expressions = [TestModule.Expr(0xD0, 0x70)] });
        // table.get 0; drop; table.size 1; drop; table.init elem 0 -> table 0; elem.drop 0; table.copy 0 0
        m.Func([0x41, 0x00, 0x25, 0x00, 0x1A, 0xFC, 0x10, 0x01, 0x1A,
                0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x00, 0x00, 0xFC, 0x0D, 0x00,
                0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0E, 0x00, 0x00]);
        Valid(m);

        var bad = new TestModule();
        bad.Table(ValType.FuncRef);
        bad.Table(ValType.ExternRef);
        bad.Func([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0E, 0x00, 0x01]); // copy externref into funcref table
        Invalid(bad, "type mismatch");
    }

    [Fact]
    public void DataIndicesNeedDataCount()
    {
        var m = new TestModule();
        m.Memory();
        m.Module.Data.Add(new DataSegment { Mode = SegmentMode.Passive, Bytes = new byte[1] });
        m.Module.DataCount = 1;
        m.Func([0xFC, 0x09, 0x00]);
        Valid(m);
        m.Module.Bodies[0] = TestModule.Body([0xFC, 0x09, 0x01]);
        Invalid(m, "unknown data segment");
        m.Module.DataCount = null;
        m.Module.Bodies[0] = TestModule.Body([0xFC, 0x09, 0x00]);
        Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(m.Module));
    }

    [Fact]
    public void MemoryInitChecksMemoryFirst()
    {
        var m = new TestModule();
        m.Module.DataCount = 0;
        m.Func([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x01, 0x00]);
        Invalid(m, "unknown memory 0");
    }

    [Fact]
    public void TableInitChecksTableFirst()
    {
        var m = new TestModule();
        m.Func([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x04, 0x00]); // table.init elem 4 table 0
        Invalid(m, "unknown table 0");
        m.Table(ValType.FuncRef);
        Invalid(m, "unknown elem segment 4");
    }

    [Fact]
    public void CallIndirectChecksTypeBeforeElementType()
    {
        var m = new TestModule();
        m.Table(ValType.ExternRef);
        m.Func([0x41, 0x00, 0x11, 0x07, 0x00]);
        Invalid(m, "unknown type 7");
    }

    [Fact]
    public void ElseOutsideIfIsMalformed()
    {
        var m = new TestModule();
        m.Func([0x02, 0x40, 0x05, 0x0B]);
        Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(m.Module));
    }

    [Fact]
    public void TrailingBytesAfterFinalEndAreMalformed()
    {
        var m = new TestModule();
        m.Module.FunctionTypeIndices.Add(m.Type([], []));
        m.Module.Bodies.Add(new FunctionBody { Locals = [], LocalCount = 0, Code = new byte[] { 0x0B, 0x01 }, CodeOffset = 0 });
        Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(m.Module));
    }

    [Fact]
    public void MissingEndIsMalformed()
    {
        var m = new TestModule();
        m.Module.FunctionTypeIndices.Add(m.Type([], []));
        m.Module.Bodies.Add(new FunctionBody { Locals = [], LocalCount = 0, Code = new byte[] { 0x02, 0x40, 0x0B }, CodeOffset = 0 });
        Assert.Throws<MalformedModuleException>(() => ModuleValidator.Validate(m.Module));
    }
}
