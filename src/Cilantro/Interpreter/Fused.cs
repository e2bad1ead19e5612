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

    public const int SL = 0, SC = 1, LL = 2, LC = 3;
}
