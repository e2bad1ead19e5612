using Cilantro.Model;
using Cilantro.Validation;
using Xunit;

namespace Cilantro.Tests.Validation;

public class ModuleValidatorTests
{
    private static readonly ValType I32 = ValType.I32;

    private static void Invalid(TestModule m, string message)
    {
        var e = Assert.Throws<InvalidModuleException>(() => ModuleValidator.Validate(m.Module));
        Assert.StartsWith(message, e.SpecMessage);
    }

    [Fact]
    public void EmptyModuleIsValid() => ModuleValidator.Validate(new ModuleDefinition());

    [Theory]
    [InlineData(new byte[] { 0x41, 0x00 }, null)]
    [InlineData(new byte[] { 0x42, 0x00 }, "type mismatch")]
    [InlineData(new byte[] { }, "type mismatch")]
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00 }, "type mismatch")]
    [InlineData(new byte[] { 0x41, 0x00, 0x45 }, "constant expression required")] // i32.eqz
    [InlineData(new byte[] { 0x01 }, "constant expression required")] // nop
    [InlineData(new byte[] { 0x41, 0x00, 0x41, 0x00, 0x6A }, "constant expression required")] // i32.add without extended-const
    [InlineData(new byte[] { 0x23, 0x00 }, null)] // imported immutable global
    [InlineData(new byte[] { 0x23, 0x01 }, "constant expression required")] // imported mutable global
    [InlineData(new byte[] { 0x23, 0x02 }, "unknown global 2")] // defined global: not visible in 2.0
    public void GlobalInitialisers(byte[] init, string? message)
    {
        var m = new TestModule();
        m.ImportGlobal(I32, false);
        m.ImportGlobal(I32, true);
        m.Global(I32, false, 0x41, 0x00);
        m.Global(I32, false, init);
        if (message is null) ModuleValidator.Validate(m.Module);
        else Invalid(m, message);
    }

    [Fact]
    public void ExtendedConstWhenEnabled()
    {
        var m = new TestModule();
        m.Global(I32, false, 0x41, 0x01, 0x41, 0x02, 0x6A);
        ModuleValidator.Validate(m.Module, new WasmFeatures { ExtendedConst = true });
    }

    [Fact]
    public void RefFuncInGlobalDeclaresFunction()
    {
        var m = new TestModule();
        m.Func([0xD2, 0x00, 0x1A]);
        m.Global(ValType.FuncRef, false, 0xD2, 0x00);
        ModuleValidator.Validate(m.Module);
    }

    [Theory]
    [InlineData(2UL, 1UL, "size minimum must not be greater than maximum")]
    [InlineData(65537UL, null, "memory size must be at most 65536 pages (4GiB)")]
    [InlineData(0UL, 65537UL, "memory size must be at most 65536 pages (4GiB)")]
    [InlineData(65536UL, 65536UL, null)]
    public void MemoryLimits(ulong min, ulong? max, string? message)
    {
        var m = new TestModule();
        m.Memory(min, max);
        if (message is null) ModuleValidator.Validate(m.Module);
        else Invalid(m, message);
    }

    [Fact]
    public void TableLimits()
    {
        var m = new TestModule();
        m.Table(ValType.FuncRef, 10, 5);
        Invalid(m, "size minimum must not be greater than maximum");
    }

    [Fact]
    public void MultipleMemories()
    {
        var m = new TestModule();
        m.ImportMemory(1);
        m.Memory();
        Invalid(m, "multiple memories");
        ModuleValidator.Validate(m.Module, new WasmFeatures { MultiMemory = true });
    }

    [Fact]
    public void DuplicateExportName()
    {
        var m = new TestModule();
        m.Func([]);
        m.Module.Exports.Add(new Export("a", ExternKind.Func, 0));
        m.Module.Exports.Add(new Export("a", ExternKind.Func, 0));
        Invalid(m, "duplicate export name");
    }

    [Theory]
    [InlineData(ExternKind.Func, "unknown function")]
    [InlineData(ExternKind.Table, "unknown table")]
    [InlineData(ExternKind.Memory, "unknown memory")]
    [InlineData(ExternKind.Global, "unknown global")]
    public void ExportOfUnknownItem(ExternKind kind, string message)
    {
        var m = new TestModule();
        m.Module.Exports.Add(new Export("a", kind, 0));
        Invalid(m, message);
    }

    [Fact]
    public void StartFunction()
    {
        var m = new TestModule();
        m.Func([I32], [], []);
        m.Module.Start = 0;
        Invalid(m, "start function");
        m.Module.Start = 3;
        Invalid(m, "unknown function");
    }

    [Fact]
    public void SignatureSizeLimit()
    {
        var ok = new TestModule();
        ok.Type(new ValType[ModuleValidator.MaxFunctionParamsOrResults], []);
        ModuleValidator.Validate(ok.Module);
        var tooMany = new TestModule();
        tooMany.Type([], new ValType[ModuleValidator.MaxFunctionParamsOrResults + 1]);
        Invalid(tooMany, "too many results");
    }

    [Fact]
    public void ImportOfUnknownType()
    {
        var m = new TestModule();
        m.Module.Imports.Add(new Import { Module = "m", Name = "f", Kind = ExternKind.Func, TypeIndex = 4 });
        Invalid(m, "unknown type");
    }

    [Fact]
    public void ElementSegments()
    {
        var m = new TestModule();
        m.Func([]);
        m.Module.Elements.Add(new ElementSegment { Mode = SegmentMode.Active, TableIndex = 0, Offset = TestModule.Expr(0x41, 0x00), ElementType = ValType.FuncRef, FunctionIndices = [0] });
        Invalid(m, "unknown table");

        m.Table(ValType.ExternRef);
        Invalid(m, "type mismatch");

        var off = new TestModule();
        off.Table(ValType.FuncRef);
        off.Module.Elements.Add(new ElementSegment { Mode = SegmentMode.Active, TableIndex = 0, Offset = TestModule.Expr(0x42, 0x00), ElementType = ValType.FuncRef, FunctionIndices = [] });
        Invalid(off, "type mismatch");

        var items = new TestModule();
        items.Module.Elements.Add(new ElementSegment { Mode = SegmentMode.Passive, ElementType = ValType.FuncRef, Expressions = [TestModule.Expr(0xD0, 0x6F)] });
        Invalid(items, "type mismatch");

        var fn = new TestModule();
        fn.Module.Elements.Add(new ElementSegment { Mode = SegmentMode.Passive, ElementType = ValType.FuncRef, FunctionIndices = [7] });
        Invalid(fn, "unknown function");
    }

    [Fact]
    public void DataSegments()
    {
        var m = new TestModule();
        m.Module.Data.Add(new DataSegment { Mode = SegmentMode.Active, MemoryIndex = 0, Offset = TestModule.Expr(0x41, 0x00), Bytes = new byte[1] });
        Invalid(m, "unknown memory 0");
        m.Memory();
        ModuleValidator.Validate(m.Module);
        m.Module.Data[0] = new DataSegment { Mode = SegmentMode.Active, MemoryIndex = 0, Offset = TestModule.Expr(0x42, 0x00), Bytes = new byte[1] };
        Invalid(m, "type mismatch");
    }
}
