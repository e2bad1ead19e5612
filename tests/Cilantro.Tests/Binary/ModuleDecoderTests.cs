using Cilantro.Binary;
using Cilantro.Model;
using Xunit;
using static Cilantro.Tests.Binary.WasmBytes;

namespace Cilantro.Tests.Binary;

public class ModuleDecoderTests
{
    private static void Malformed(string expected, byte[] bytes, WasmFeatures? features = null)
    {
        var e = Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(bytes, features));
        // The spec runner matches the expected text as a prefix ("unexpected end" covers "unexpected end of section or function").
        Assert.StartsWith(expected, e.Message);
        Assert.StartsWith(expected, e.SpecMessage);
    }

    // ---- Header ----

    [Fact]
    public void EmptyModule()
    {
        var m = ModuleDecoder.Decode(Header);
        Assert.Empty(m.Types);
        Assert.Empty(m.Bodies);
        Assert.Null(m.Start);
        Assert.Null(m.DataCount);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 })]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D })]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00 })]
    public void TruncatedHeader(byte[] bytes) => Malformed("unexpected end", bytes);

    [Fact]
    public void BadMagic() => Malformed("magic header not detected", [0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00]);

    [Fact]
    public void BadVersion() => Malformed("unknown binary version", [0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]);

    // ---- LEB128 ----

    [Fact]
    public void Leb_U32_MaximalAndPaddedFormsAccepted()
    {
        // Type count 1 written in 5 bytes (padded), which is allowed.
        var m = ModuleDecoder.Decode(Module(Section(1, [0x81, 0x80, 0x80, 0x80, 0x00, 0x60, 0x00, 0x00])));
        Assert.Single(m.Types);
        // A function index of 0xFFFFFFFF (5 bytes, top bits within range) decodes (clamped; the validator rejects it).
        m = ModuleDecoder.Decode(Module(OneEmptyType, Section(3, [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), Code(Body(0x0B))));
        Assert.Equal(int.MaxValue, m.FunctionTypeIndices[0]);
    }

    [Fact]
    public void Leb_U32_TooLong() =>
        Malformed("integer representation too long", Module(Section(1, [0x80, 0x80, 0x80, 0x80, 0x80, 0x00])));

    [Fact]
    public void Leb_U32_UnusedBitsSet() =>
        Malformed("integer too large", Module(OneEmptyType, Section(3, [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F])));

    [Fact]
    public void Leb_U32_Truncated() =>
        Malformed("unexpected end", Module(OneEmptyType, Section(3, [0x01, 0x80])));

    [Theory]
    [InlineData(new byte[] { 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x1A, 0x0B })] // i32.const 0x7FFFFFFF
    [InlineData(new byte[] { 0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x1A, 0x0B })] // i32.const -0x80000000
    [InlineData(new byte[] { 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x1A, 0x0B })] // i32.const -1 padded
    [InlineData(new byte[] { 0x41, 0x80, 0x00, 0x1A, 0x0B })]                   // i32.const 0 padded
    [InlineData(new byte[] { 0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x1A, 0x0B })] // i64 max
    [InlineData(new byte[] { 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F, 0x1A, 0x0B })] // i64 min
    public void Leb_Signed_Accepted(byte[] code) => Assert.Single(ModuleDecoder.Decode(OneFunc(code)).Bodies);

    [Theory]
    [InlineData(new byte[] { 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x1A, 0x0B })] // sign bit differs from unused bits
    [InlineData(new byte[] { 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x1A, 0x0B })]
    [InlineData(new byte[] { 0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x1A, 0x0B })]
    [InlineData(new byte[] { 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E, 0x1A, 0x0B })]
    public void Leb_Signed_TooLarge(byte[] code) => Malformed("integer too large", OneFunc(code));

    [Theory]
    [InlineData(new byte[] { 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A, 0x0B })]
    [InlineData(new byte[] { 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A, 0x0B })]
    public void Leb_Signed_TooLong(byte[] code) => Malformed("integer representation too long", OneFunc(code));

    // ---- Sections ----

    [Fact]
    public void TypeSection()
    {
        var m = ModuleDecoder.Decode(Module(Section(1, Vec(
            [0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D],
            [0x60, 0x00, 0x02, 0x7C, 0x7B],
            [0x60, 0x01, 0x70, 0x01, 0x6F]))));
        Assert.Equal(3, m.Types.Count);
        var t0 = m.TryGetFuncType(0)!;
        Assert.Equal([ValType.I32, ValType.I64], t0.Params);
        Assert.Equal([ValType.F32], t0.Results);
        Assert.Equal([ValType.F64, ValType.V128], m.TryGetFuncType(1)!.Results);
        Assert.Equal([ValType.FuncRef], m.TryGetFuncType(2)!.Params);
        Assert.Equal([ValType.ExternRef], m.TryGetFuncType(2)!.Results);
    }

    [Fact]
    public void TypeSection_BadForm() => Malformed("malformed function type", Module(Section(1, Vec([0x61, 0x00, 0x00]))));

    [Fact]
    public void TypeSection_BadValueType() => Malformed("malformed value type", Module(Section(1, Vec([0x60, 0x01, 0x7A, 0x00]))));

    [Fact]
    public void ImportSection_AllKinds()
    {
        var m = ModuleDecoder.Decode(Module(OneEmptyType, Section(2, Vec(
            Cat(Name("m"), Name("f"), [0x00, 0x00]),
            Cat(Name("m"), Name("t"), [0x01, 0x70, 0x01, 0x02, 0x10]),
            Cat(Name("m"), Name("mem"), [0x02, 0x00, 0x01]),
            Cat(Name("m"), Name("g"), [0x03, 0x7F, 0x01])))));
        Assert.Equal(4, m.Imports.Count);
        Assert.Equal(ExternKind.Func, m.Imports[0].Kind);
        Assert.Equal("f", m.Imports[0].Name);
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(2, 16)), m.Imports[1].Table);
        Assert.Equal(new MemoryType(new Limits(1, null)), m.Imports[2].Memory);
        Assert.Equal(new GlobalType(ValType.I32, true), m.Imports[3].Global);
        Assert.Equal(1, m.ImportedFunctionCount);
        Assert.Equal(1, m.GlobalCount);
    }

    [Theory]
    [InlineData(0x04)]
    [InlineData(0x05)]
    [InlineData(0x80)]
    public void ImportSection_BadKind(byte kind) =>
        Malformed("malformed import kind", Module(Section(2, Vec(Cat(Name(""), Name(""), [kind, 0x00])))));

    [Fact]
    public void ImportSection_BadMutability() =>
        Malformed("malformed mutability", Module(Section(2, Vec(Cat(Name("a"), Name("b"), [0x03, 0x7F, 0x02])))));

    [Fact]
    public void ImportSection_BadUtf8() =>
        Malformed("malformed UTF-8 encoding", Module(Section(2, Vec(Cat([0x01, 0xC0], Name("b"), [0x00, 0x00])))));

    [Fact]
    public void TableAndMemorySections()
    {
        var m = ModuleDecoder.Decode(Module(
            Section(4, Vec([0x70, 0x00, 0x05], [0x6F, 0x01, 0x00, 0x80, 0x02])),
            Section(5, Vec([0x01, 0x01, 0x02]))));
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(5, null)), m.Tables[0].Type);
        Assert.Equal(new TableType(ValType.ExternRef, new Limits(0, 256)), m.Tables[1].Type);
        Assert.Equal(new MemoryType(new Limits(1, 2)), m.Memories[0]);
    }

    [Fact]
    public void TableSection_BadRefType() => Malformed("malformed reference type", Module(Section(4, Vec([0x7F, 0x00, 0x00]))));

    [Fact]
    public void LimitsFlags_RejectedWithoutFeatures()
    {
        Malformed("integer too large", Module(Section(5, Vec([0x02, 0x00]))));
        Malformed("integer too large", Module(Section(5, Vec([0x03, 0x00, 0x01]))));
        Malformed("integer too large", Module(Section(5, Vec([0x04, 0x00]))));
        Malformed("integer too large", Module(Section(4, Vec([0x70, 0x02, 0x00]))));
        Malformed("integer representation too long", Module(Section(5, Vec([0x80, 0x00, 0x00]))));
    }

    [Fact]
    public void LimitsFlags_SharedAndMemory64WithFeatures()
    {
        var features = new WasmFeatures { Threads = true, Memory64 = true };
        var m = ModuleDecoder.Decode(Module(Section(5, Vec(
            [0x03, 0x01, 0x02],
            Cat([0x05, 0x00], U32(0x1_0000_0000L))))), features);
        Assert.Equal(new MemoryType(new Limits(1, 2), Shared: true), m.Memories[0]);
        Assert.Equal(new MemoryType(new Limits(0, 0x1_0000_0000UL), Is64: true), m.Memories[1]);
    }

    [Fact]
    public void GlobalSection()
    {
        var m = ModuleDecoder.Decode(Module(Section(6, Vec(
            [0x7F, 0x00, 0x41, 0x2A, 0x0B],
            [0x7E, 0x01, 0x42, 0x7F, 0x0B],
            [0x70, 0x00, 0xD0, 0x70, 0x0B]))));
        Assert.Equal(3, m.Globals.Count);
        Assert.Equal(new GlobalType(ValType.I64, true), m.Globals[1].Type);
        Assert.Equal(new byte[] { 0x41, 0x2A, 0x0B }, m.Globals[0].Init.Code.ToArray());
        Assert.Equal(Header.Length + 3 + 2, m.Globals[0].Init.Offset);
    }

    [Fact]
    public void GlobalSection_MissingEndReadsIntoNextSection() =>
        // Like the reference decoder, the constant expression runs on into the code section's id (0x0A).
        Malformed("illegal opcode", Module(OneEmptyType, Funcs(1), [0x06, 0x05, 0x01, 0x7F, 0x00, 0x41, 0x00], Code(Body(0x0B))));

    [Fact]
    public void ExportAndStartSections()
    {
        var m = ModuleDecoder.Decode(Module(OneEmptyType, Funcs(1),
            Section(7, Vec(Cat(Name("main"), [0x00, 0x00]), Cat(Name("mem"), [0x02, 0x00]))),
            Section(8, [0x00]),
            Code(Body(0x0B))));
        Assert.Equal(new Export("main", ExternKind.Func, 0), m.Exports[0]);
        Assert.Equal(new Export("mem", ExternKind.Memory, 0), m.Exports[1]);
        Assert.Equal(0, m.Start);
    }

    [Fact]
    public void ExportSection_BadKind() => Malformed("malformed export kind", Module(Section(7, Vec(Cat(Name("x"), [0x04, 0x00])))));

    [Fact]
    public void ElementSection_AllEncodings()
    {
        byte[] offset = [0x41, 0x00, 0x0B];
        byte[] refFunc = [0xD2, 0x00, 0x0B];
        var m = ModuleDecoder.Decode(Module(OneEmptyType, Funcs(1), Section(4, Vec([0x70, 0x00, 0x01])),
            Section(9, Vec(
                Cat([0x00], offset, Vec([0x00])),
                Cat([0x01, 0x00], Vec([0x00], [0x00])),
                Cat([0x02, 0x03], offset, [0x00], Vec([0x00])),
                Cat([0x03, 0x00], Vec([0x00])),
                Cat([0x04], offset, Vec(refFunc)),
                Cat([0x05, 0x6F], Vec([0xD0, 0x6F, 0x0B])),
                Cat([0x06, 0x02], offset, [0x70], Vec(refFunc, [0xD0, 0x70, 0x0B])),
                Cat([0x07, 0x70], Vec(refFunc)))),
            Code(Body(0x0B))));
        var e = m.Elements;
        Assert.Equal(8, e.Count);
        Assert.Equal([SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative,
                      SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative],
                     e.Select(s => s.Mode));
        Assert.Equal([0], e[0].FunctionIndices!);
        Assert.Equal(2, e[1].Count);
        Assert.Equal(3, e[2].TableIndex);
        Assert.NotNull(e[2].Offset);
        Assert.Null(e[3].Offset);
        Assert.Single(e[4].Expressions!);
        Assert.Equal(ValType.ExternRef, e[5].ElementType);
        Assert.Equal(2, e[6].TableIndex);
        Assert.Equal(2, e[6].Expressions!.Length);
        Assert.Equal(ValType.FuncRef, e[7].ElementType);
        Assert.All(e.Take(4), s => Assert.Null(s.Expressions));
    }

    [Fact]
    public void ElementSection_Errors()
    {
        Malformed("malformed elements segment kind", Module(Section(9, Vec([0x08]))));
        Malformed("malformed element kind", Module(Section(9, Vec([0x01, 0x01, 0x00]))));
        Malformed("malformed reference type", Module(Section(9, Vec([0x05, 0x7F, 0x00]))));
        Malformed("illegal opcode", Module(Section(9, Vec([0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B]))));
    }

    [Fact]
    public void CodeSection_LocalsAndSlices()
    {
        var bytes = Module(OneEmptyType, Funcs(2), Code(
            Body(Vec([0x02, 0x7F], [0x03, 0x7E]), [0x20, 0x04, 0x1A, 0x0B]),
            Body(0x01, 0x0B)));
        var m = ModuleDecoder.Decode(bytes);
        Assert.Equal(2, m.Bodies.Count);
        var b = m.Bodies[0];
        Assert.Equal(5, b.LocalCount);
        Assert.Equal([new LocalDecl(2, ValType.I32), new LocalDecl(3, ValType.I64)], b.Locals);
        Assert.Equal(ValType.I64, b.GetDeclaredLocalType(4));
        Assert.Equal(new byte[] { 0x20, 0x04, 0x1A, 0x0B }, b.Code.ToArray());
        Assert.Equal(bytes.AsSpan(b.CodeOffset, 4).ToArray(), b.Code.ToArray());
        Assert.Equal(new byte[] { 0x01, 0x0B }, m.Bodies[1].Code.ToArray());
        Assert.Equal(0, m.Bodies[1].LocalCount);
    }

    [Fact]
    public void CodeSection_TooManyLocals()
    {
        Malformed("too many locals", Module(OneEmptyType, Funcs(1), Code(Body(
            Vec(Cat(U32(0xFFFFFFFF), [0x7F]), [0x02, 0x7E]), [0x0B]))));
        Malformed("too many locals", Module(OneEmptyType, Funcs(1), Code(Body(
            Vec(Cat(U32(0x40000000), [0x7F]), Cat(U32(0x40000000), [0x7E]), Cat(U32(0x40000000), [0x7D]), Cat(U32(0x40000000), [0x7C])), [0x0B]))));
    }

    [Fact]
    public void CodeSection_StructuredInstructions()
    {
        // block, loop, if/else with nested ends, br_table, typed select, SIMD, 0xFC.
        var m = ModuleDecoder.Decode(OneFuncWithMemory(
            0x02, 0x40,                   // block
            0x03, 0x7F, 0x41, 0x01, 0x0B, // loop (result i32) i32.const 1 end
            0x04, 0x40, 0x01, 0x05, 0x01, 0x0B, // if else end
            0x41, 0x00, 0x0E, 0x02, 0x00, 0x00, 0x00, // br_table 0 0 0
            0x0B,                         // end block
            0x41, 0x00, 0x41, 0x01, 0x41, 0x00, 0x1C, 0x01, 0x7F, 0x1A, // select (result i32)
            0x41, 0x00, 0xFD, 0x00, 0x04, 0x00, 0x1A, // v128.load align=4
            0x43, 0, 0, 0, 0, 0xFC, 0x00, 0x1A,       // i32.trunc_sat_f32_s
            0x0B));
        Assert.Single(m.Bodies);
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x01, 0x1A })]             // missing end, runs out of input
    [InlineData(new byte[] { 0x02, 0x40, 0x0B })]             // block closes, function does not
    public void CodeSection_UnexpectedEnd(byte[] code) =>
        Malformed("unexpected end of section or function", OneFunc(code));

    [Fact]
    public void CodeSection_EndBeforeBodyEnd() =>
        Malformed("section size mismatch", OneFunc(0x0B, 0x01));

    [Fact]
    public void CodeSection_MissingEndRunsIntoNextBody() =>
        // As in binary.wast: the first body's instructions continue into the next body's size byte (0x05 = else).
        Malformed("END opcode expected", Module(OneEmptyType, Funcs(2), Section(10,
            [0x02, 0x04, 0x00, 0x41, 0x01, 0x1A, 0x05, 0x00, 0x41, 0x01, 0x1A, 0x0B])));

    [Theory]
    [InlineData(new byte[] { 0x05, 0x0B })]                         // else at function level
    [InlineData(new byte[] { 0x02, 0x40, 0x05, 0x0B, 0x0B })]       // else in a block
    [InlineData(new byte[] { 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B })] // second else
    public void CodeSection_MisplacedElse(byte[] code) => Malformed("END opcode expected", OneFunc(code));

    [Theory]
    [InlineData(new byte[] { 0x06, 0x0B })]
    [InlineData(new byte[] { 0xFF, 0x0B })]
    [InlineData(new byte[] { 0xFC, 0x12, 0x0B })]
    [InlineData(new byte[] { 0xFD, 0x80, 0x02, 0x0B })] // 0xFD 256: beyond the SIMD range
    [InlineData(new byte[] { 0xFD, 0xFF, 0xFF, 0x03, 0x0B })]
    [InlineData(new byte[] { 0xFC, 0xFF, 0x01, 0x0B })]
    public void CodeSection_IllegalOpcode(byte[] code) => Malformed("illegal opcode", OneFunc(code));

    [Fact]
    public void SimdLastOpcode() =>
        // f64x2.convert_low_i32x4_u is 0xFD 0xFF (sub-opcode 255).
        Assert.Single(ModuleDecoder.Decode(OneFunc(0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0xFF, 0x01, 0x1A, 0x0B)).Bodies);

    [Fact]
    public void SimdDisabledIsIllegal() =>
        Malformed("illegal opcode", OneFunc(0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1A, 0x0B), new WasmFeatures { Simd = false });

    [Theory]
    [InlineData(0x20)]
    [InlineData(0x21)]
    [InlineData(0x40)]
    public void MemopFlags(byte align) => Malformed("malformed memop flags", OneFuncWithMemory(0x41, 0x00, 0x28, align, 0x00, 0x1A, 0x0B));

    [Fact]
    public void MultiMemory_MemargIndex()
    {
        byte[] code = [0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1A, 0x0B]; // i32.load memory 1, align 2
        Malformed("malformed memop flags", OneFuncWithMemory(code));
        var m = ModuleDecoder.Decode(OneFuncWithMemory(code), new WasmFeatures { MultiMemory = true });
        Assert.Single(m.Bodies);
    }

    [Theory]
    [InlineData(new byte[] { 0x3F, 0x01, 0x1A, 0x0B })]
    [InlineData(new byte[] { 0x41, 0x00, 0x40, 0x80, 0x00, 0x1A, 0x0B })]
    public void ZeroByteExpected(byte[] code) => Malformed("zero byte expected", OneFuncWithMemory(code));

    [Fact]
    public void DataSection_AllEncodings()
    {
        var m = ModuleDecoder.Decode(Module(Section(5, Vec([0x00, 0x01])), Section(12, [0x03]), Section(11, Vec(
            Cat([0x00, 0x41, 0x08, 0x0B], Vec([0x61], [0x62])),
            Cat([0x01], Vec([0x63])),
            Cat([0x02, 0x00, 0x41, 0x00, 0x0B], Vec())))));
        Assert.Equal(3, m.DataCount);
        Assert.Equal(3, m.Data.Count);
        Assert.Equal(SegmentMode.Active, m.Data[0].Mode);
        Assert.Equal("ab"u8.ToArray(), m.Data[0].Bytes.ToArray());
        Assert.Equal(new byte[] { 0x41, 0x08, 0x0B }, m.Data[0].Offset!.Code.ToArray());
        Assert.Equal(SegmentMode.Passive, m.Data[1].Mode);
        Assert.Null(m.Data[1].Offset);
        Assert.Equal(0, m.Data[2].Bytes.Length);
    }

    [Fact]
    public void DataSection_Errors()
    {
        Malformed("malformed data segment kind", Module(Section(11, Vec([0x03]))));
        Malformed("unexpected end of section or function", Module(Section(5, Vec([0x00, 0x01])), [0x0B, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0B, 0x05, 0x61]));
        Malformed("data count and data section have inconsistent lengths", Module(Section(12, [0x02]), Section(11, Vec([0x01, 0x00]))));
        Malformed("data count and data section have inconsistent lengths", Module(Section(12, [0x01])));
    }

    [Theory]
    [InlineData(new byte[] { 0xFC, 0x09, 0x00, 0x0B })]                                     // data.drop 0
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B })] // memory.init 0
    public void DataCountRequired(byte[] code)
    {
        Malformed("data count section required", Module(OneEmptyType, Funcs(1), Section(5, Vec([0x00, 0x01])), Code(Body(code)), Section(11, Vec(Cat([0x01], Vec())))));
        // With the section it decodes.
        ModuleDecoder.Decode(Module(OneEmptyType, Funcs(1), Section(5, Vec([0x00, 0x01])), Section(12, [0x01]), Code(Body(code)), Section(11, Vec(Cat([0x01], Vec())))));
    }

    // ---- Section structure ----

    [Fact]
    public void FunctionAndCodeInconsistent()
    {
        Malformed("function and code section have inconsistent lengths", Module(OneEmptyType, Funcs(1)));
        Malformed("function and code section have inconsistent lengths", Module(OneEmptyType, Code(Body(0x0B))));
        Malformed("function and code section have inconsistent lengths", Module(OneEmptyType, Funcs(2), Code(Body(0x0B))));
    }

    [Fact]
    public void SectionOrder()
    {
        Malformed("unexpected content after last section", Module(Funcs(0), OneEmptyType));
        Malformed("unexpected content after last section", Module(OneEmptyType, OneEmptyType));
        Malformed("unexpected content after last section", Module(Code(), Section(12, [0x00])));
        Malformed("unexpected content after last section", Module(Section(8, [0x00]), Section(8, [0x00])));
        // Data count between element and code is fine.
        ModuleDecoder.Decode(Module(Section(9, Vec()), Section(12, [0x00]), Code(), Section(11, Vec())));
    }

    [Theory]
    [InlineData((byte)0x0D)]
    [InlineData((byte)0x0E)]
    [InlineData((byte)0x7F)]
    [InlineData((byte)0x80)]
    public void MalformedSectionId(byte id) => Malformed("malformed section id", Module([id, 0x01, 0x00]));

    [Fact]
    public void SectionSizes()
    {
        Malformed("section size mismatch", Module([0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00]));
        Malformed("length out of bounds", Module([0x01, 0x07, 0x01, 0x60, 0x00, 0x00]));
        Malformed("unexpected end", Module([0x01]));
        Malformed("unexpected end", Module([0x00]));
        // A count larger than what is left is reported before anything is allocated.
        Malformed("unexpected end of section or function", Module([0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));
    }

    [Fact]
    public void CustomSectionsAnywhereAreKept()
    {
        var bytes = Module(Custom("a", [1, 2, 3]), OneEmptyType, Custom("b"), Funcs(1), Code(Body(0x0B)), Custom("c", [9]));
        var m = ModuleDecoder.Decode(bytes);
        Assert.Equal(["a", "b", "c"], m.CustomSections.Select(c => c.Name));
        Assert.Equal(new byte[] { 1, 2, 3 }, m.CustomSections[0].Content.ToArray());
        Assert.Equal(bytes.AsSpan(m.CustomSections[2].Offset, 1).ToArray(), new byte[] { 9 });
    }

    [Fact]
    public void CustomSection_Errors()
    {
        Malformed("malformed UTF-8 encoding", Module([0x00, 0x02, 0x01, 0x80]));
        Malformed("unexpected end", Module([0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x07, 0x00, 0x00]));
        Malformed("length out of bounds", Module([0x00, 0x26, 0x10], "a custom section"u8.ToArray()));
    }

    // ---- Name section ----

    private static byte[] NameSub(byte id, params byte[][] content) => Section(id, content);

    [Fact]
    public void NameSection()
    {
        var names = Custom("name",
            NameSub(0, Name("mod")),
            NameSub(1, Vec(Cat([0x00], Name("first")), Cat([0x01], Name("second")))),
            NameSub(2, Vec(Cat([0x01], Vec(Cat([0x00], Name("x")), Cat([0x02], Name("y")))))),
            NameSub(7, Vec(Cat([0x00], Name("global")))));
        var m = ModuleDecoder.Decode(Module(OneEmptyType, Funcs(2), Code(Body(0x0B), Body(0x0B)), names));
        Assert.Equal("mod", m.Names.ModuleName);
        Assert.Equal("first", m.Names.FunctionNames[0]);
        Assert.Equal("second", m.Names.FunctionNames[1]);
        Assert.Equal("x", m.Names.LocalNames[1][0]);
        Assert.Equal("y", m.Names.LocalNames[1][2]);
        Assert.Equal("name", m.CustomSections.Single().Name);
    }

    [Fact]
    public void MalformedNameSectionIsIgnored()
    {
        // Function names: second entry has invalid UTF-8; local names truncated; subsection size too large.
        var names = Custom("name",
            NameSub(1, Vec(Cat([0x00], Name("ok")), Cat([0x01], [0x01, 0xFF]))),
            NameSub(2, [0x05, 0x00]),
            [0x00, 0x7F, 0x01]);
        var m = ModuleDecoder.Decode(Module(names));
        Assert.Equal("ok", m.Names.FunctionNames[0]);
        Assert.False(m.Names.FunctionNames.ContainsKey(1));
        Assert.Null(m.Names.ModuleName);

        // Hostile counts and garbage.
        m = ModuleDecoder.Decode(Module(Custom("name", [0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])));
        Assert.Empty(m.Names.FunctionNames);
        m = ModuleDecoder.Decode(Module(Custom("name", [0x01])));
        Assert.Empty(m.Names.FunctionNames);
    }

    [Fact]
    public void BodiesAndSegmentsAreSlicesOfTheInput()
    {
        var bytes = Module(OneEmptyType, Funcs(1), Section(5, Vec([0x00, 0x01])), Code(Body(0x01, 0x0B)), Section(11, Vec(Cat([0x01], Vec([0x2A])))));
        var m = ModuleDecoder.Decode(bytes);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(m.Bodies[0].Code, out var code));
        Assert.Same(bytes, code.Array);
        Assert.Equal(m.Bodies[0].CodeOffset, code.Offset);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(m.Data[0].Bytes, out var data));
        Assert.Same(bytes, data.Array);
    }

    [Fact]
    public void HostileCountsFailWithoutAllocating()
    {
        byte[] huge = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
        Malformed("unexpected end", OneFunc(Cat([0x41, 0x00, 0x0E], huge, [0x00, 0x0B])));             // br_table
        Malformed("unexpected end", Module(OneEmptyType, Funcs(1), Code(Body(huge, [0x0B]))));          // local groups
        Malformed("unexpected end", Module(Section(9, Vec(Cat([0x01, 0x00], huge)))));                  // element items
        Malformed("unexpected end", Module(Section(1, Vec(Cat([0x60], huge)))));                         // parameters
        Malformed("length out of bounds", Module(Section(2, Vec(Cat([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])))));  // name length
    }

    [Fact]
    public void Table64IsNotAccepted() =>
        Malformed("integer too large", Module(Section(4, Vec([0x70, 0x04, 0x00]))), new WasmFeatures { Memory64 = true });

    [Fact]
    public void DeeplyNestedBlocks()
    {
        const int depth = 10_000;
        var code = Cat(Cat([.. Enumerable.Repeat(new byte[] { 0x02, 0x40 }, depth)]), Enumerable.Repeat((byte)0x0B, depth + 1).ToArray());
        Assert.Single(ModuleDecoder.Decode(OneFunc(code)).Bodies);
        Malformed("unexpected end", OneFunc(code[..^1]));
    }

    // ---- Corpus ----

    public static IEnumerable<object[]> SightglassModules()
    {
        const string dir = "/work/shared/bench/sightglass";
        if (!Directory.Exists(dir)) yield break;
        foreach (var f in Directory.GetFiles(dir, "*.wasm", SearchOption.AllDirectories).Order())
            yield return [f];
    }

    [Fact]
    public void EverySightglassModuleDecodes()
    {
        int n = 0;
        foreach (var args in SightglassModules())
        {
            var path = (string)args[0];
            var bytes = File.ReadAllBytes(path);
            var m = ModuleDecoder.Decode(bytes);
            Assert.Equal(m.FunctionTypeIndices.Count, m.Bodies.Count);
            foreach (var body in m.Bodies) Assert.Equal(0x0B, body.Code.Span[^1]);
            if (path.EndsWith("pulldown-cmark/benchmark.wasm", StringComparison.Ordinal))
                Assert.StartsWith("_ZN14sightglass_api3ffi5start", m.Names.FunctionNames[0]);
            n++;
        }
        // The corpus is optional on other machines.
        Assert.True(n >= 0);
    }
}
