using Cilantro.Instructions;

namespace Cilantro.Interpreter;

/// <summary>Super-instructions: binary operators whose operands come from locals or constants (generated).</summary>
internal static class Fused
{
    /// <summary>First fused opcode; each operator has four: +0 (stack, local), +1 (stack, const), +2 (local, local), +3 (local, const).</summary>
    public static readonly Dictionary<Opcode, int> Base = new()
    {
            [Opcode.I32Add] = 0x400,
            [Opcode.I64Add] = 0x404,
            [Opcode.I32Sub] = 0x408,
            [Opcode.I64Sub] = 0x40c,
            [Opcode.I32Mul] = 0x410,
            [Opcode.I64Mul] = 0x414,
            [Opcode.I32And] = 0x418,
            [Opcode.I64And] = 0x41c,
            [Opcode.I32Or] = 0x420,
            [Opcode.I64Or] = 0x424,
            [Opcode.I32Xor] = 0x428,
            [Opcode.I64Xor] = 0x42c,
            [Opcode.I32Shl] = 0x430,
            [Opcode.I32ShrS] = 0x434,
            [Opcode.I32ShrU] = 0x438,
            [Opcode.I64Shl] = 0x43c,
            [Opcode.I64ShrS] = 0x440,
            [Opcode.I64ShrU] = 0x444,
            [Opcode.I32Eq] = 0x448,
            [Opcode.I64Eq] = 0x44c,
            [Opcode.I32Ne] = 0x450,
            [Opcode.I64Ne] = 0x454,
            [Opcode.I32LtS] = 0x458,
            [Opcode.I64LtS] = 0x45c,
            [Opcode.I32LtU] = 0x460,
            [Opcode.I64LtU] = 0x464,
            [Opcode.I32GtS] = 0x468,
            [Opcode.I64GtS] = 0x46c,
            [Opcode.I32GtU] = 0x470,
            [Opcode.I64GtU] = 0x474,
            [Opcode.I32LeS] = 0x478,
            [Opcode.I64LeS] = 0x47c,
            [Opcode.I32LeU] = 0x480,
            [Opcode.I64LeU] = 0x484,
            [Opcode.I32GeS] = 0x488,
            [Opcode.I64GeS] = 0x48c,
            [Opcode.I32GeU] = 0x490,
            [Opcode.I64GeU] = 0x494,
    };

    /// <summary>Operators whose result can go straight to a local: +0 (stack, stack), +1 (stack, local), +2 (stack, const), +3 (local, local), +4 (local, const); the destination local comes last.</summary>
    public static readonly Dictionary<Opcode, int> ToLocal = new()
    {
            [Opcode.I32Add] = 0x500,
            [Opcode.I64Add] = 0x505,
            [Opcode.I32Sub] = 0x50a,
            [Opcode.I64Sub] = 0x50f,
            [Opcode.I32Mul] = 0x514,
            [Opcode.I64Mul] = 0x519,
            [Opcode.I32And] = 0x51e,
            [Opcode.I64And] = 0x523,
            [Opcode.I32Or] = 0x528,
            [Opcode.I64Or] = 0x52d,
            [Opcode.I32Xor] = 0x532,
            [Opcode.I64Xor] = 0x537,
            [Opcode.I32Shl] = 0x53c,
            [Opcode.I32ShrS] = 0x541,
            [Opcode.I32ShrU] = 0x546,
            [Opcode.I64Shl] = 0x54b,
            [Opcode.I64ShrS] = 0x550,
            [Opcode.I64ShrU] = 0x555,
    };

    /// <summary>Compares fused with a conditional jump: +0/+1 (local, local), +2/+3 (local, const), +4/+5 (stack, const); odd forms jump when true, even when false.</summary>
    public static readonly Dictionary<Opcode, int> CompareBranch = new()
    {
            [Opcode.I32Eq] = 0x55a,
            [Opcode.I64Eq] = 0x560,
            [Opcode.I32Ne] = 0x566,
            [Opcode.I64Ne] = 0x56c,
            [Opcode.I32LtS] = 0x572,
            [Opcode.I64LtS] = 0x578,
            [Opcode.I32LtU] = 0x57e,
            [Opcode.I64LtU] = 0x584,
            [Opcode.I32GtS] = 0x58a,
            [Opcode.I64GtS] = 0x590,
            [Opcode.I32GtU] = 0x596,
            [Opcode.I64GtU] = 0x59c,
            [Opcode.I32LeS] = 0x5a2,
            [Opcode.I64LeS] = 0x5a8,
            [Opcode.I32LeU] = 0x5ae,
            [Opcode.I64LeU] = 0x5b4,
            [Opcode.I32GeS] = 0x5ba,
            [Opcode.I64GeS] = 0x5c0,
            [Opcode.I32GeU] = 0x5c6,
            [Opcode.I64GeU] = 0x5cc,
    };

    /// <summary>Loads whose address is a local (operands: local, offset) and stores whose address and value are locals (operands: address local, value local, offset).</summary>
    public static readonly Dictionary<Opcode, int> LocalMemory = new()
    {
            [Opcode.I32Load] = 0x600,
            [Opcode.I64Load] = 0x601,
            [Opcode.F32Load] = 0x602,
            [Opcode.F64Load] = 0x603,
            [Opcode.I32Load8S] = 0x604,
            [Opcode.I32Load8U] = 0x605,
            [Opcode.I32Load16S] = 0x606,
            [Opcode.I32Load16U] = 0x607,
            [Opcode.I64Load8S] = 0x608,
            [Opcode.I64Load8U] = 0x609,
            [Opcode.I64Load16S] = 0x60a,
            [Opcode.I64Load16U] = 0x60b,
            [Opcode.I64Load32S] = 0x60c,
            [Opcode.I64Load32U] = 0x60d,
            [Opcode.I32Store] = 0x60e,
            [Opcode.I64Store] = 0x60f,
            [Opcode.F32Store] = 0x610,
            [Opcode.F64Store] = 0x611,
            [Opcode.I32Store8] = 0x612,
            [Opcode.I32Store16] = 0x613,
            [Opcode.I64Store8] = 0x614,
            [Opcode.I64Store16] = 0x615,
            [Opcode.I64Store32] = 0x616,
    };

    public const int SL = 0, SC = 1, LL = 2, LC = 3;
}
