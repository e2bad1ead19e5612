using Cilantro.Instructions;
using Xunit;

namespace Cilantro.Tests.Validation;

public class ReadFastTests
{
    [Fact]
    public void ReadFastAgreesWithReadOnMeaningfulFields()
    {
        byte[] code =
        [
            0x41, 0xE5, 0x8E, 0x26,                         // i32.const 624485
            0x42, 0x7F,                                     // i64.const -1
            0x43, 0x00, 0x00, 0x80, 0x3F,                   // f32.const 1
            0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,             // f64.const 1
            0x20, 0x81, 0x01,                               // local.get 129
            0x28, 0x02, 0x90, 0x4E,                         // i32.load align=2 offset=10000
            0x36, 0x00, 0x04,                               // i32.store align=0 offset=4
            0x6A, 0x1A, 0x0C, 0x03, 0x10, 0x07,             // i32.add; drop; br 3; call 7
            0x02, 0x7F, 0x0E, 0x02, 0x00, 0x01, 0x02,       // block (result i32); br_table 0 1 2
            0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, // v128.const
            0xFD, 0x54, 0x00, 0x02, 0x05,                   // v128.load8_lane align=0 offset=2 lane=5
            0xFC, 0x0A, 0x00, 0x00,                         // memory.copy
            0x0B,
        ];
        var slow = new CodeReader(code, 100, WasmFeatures.Default);
        var fast = new CodeReader(code, 100, WasmFeatures.Default);
        var f = new Instruction { Index = 99, Index2 = 98, Value = 97, Align = 96 }; // stale values must not matter
        while (!slow.AtEnd)
        {
            slow.Read(out var s);
            fast.ReadFast(ref f);
            Assert.Equal(s.Opcode, f.Opcode);
            Assert.Equal(s.Offset, f.Offset);
            Assert.Equal(slow.Position, fast.Position);
            switch (OpcodeInfo.Get(s.Opcode).Immediate)
            {
                case Imm.Label or Imm.Func or Imm.Local or Imm.Global:
                    Assert.Equal(s.Index, f.Index);
                    break;
                case Imm.I32 or Imm.I64 or Imm.F32 or Imm.F64:
                    Assert.Equal(s.Value, f.Value);
                    break;
                case Imm.MemArg:
                    Assert.Equal(s.Index, f.Index);
                    Assert.Equal(s.Align, f.Align);
                    Assert.Equal(s.Value, f.Value);
                    break;
                case Imm.MemArgLane:
                    Assert.Equal(s.Index2, f.Index2);
                    Assert.Equal(s.Align, f.Align);
                    break;
                case Imm.BrTable:
                    Assert.Equal(s.Labels, f.Labels);
                    Assert.Equal(s.Index, f.Index);
                    break;
                case Imm.V128:
                    Assert.Equal(s.V128, f.V128);
                    break;
            }
        }
        Assert.True(fast.AtEnd);
    }

    [Fact]
    public void ReadFastRejectsOversizedAlignmentLikeRead()
    {
        byte[] code = [0x28, 0x20, 0x00];
        Assert.Throws<MalformedModuleException>(() => { var r = new CodeReader(code, 0, WasmFeatures.Default); var i = new Instruction(); r.ReadFast(ref i); });
        Assert.Throws<MalformedModuleException>(() => { var r = new CodeReader(code, 0, WasmFeatures.Default); r.Read(out _); });
    }
}
