using Cilantro.Model;

namespace Cilantro.Instructions;

/// <summary>
/// One decoded instruction with its immediates. Which fields are meaningful depends on
/// <see cref="OpcodeInfo.Immediate"/>:
/// <list type="bullet">
/// <item>Label, Func, Local, Global, Table, Memory, Data, Elem, Lane: <see cref="Index"/>.</item>
/// <item>BrTable: <see cref="Labels"/> and the default label in <see cref="Index"/>.</item>
/// <item>CallIndirect: type index in <see cref="Index"/>, table in <see cref="Index2"/>.</item>
/// <item>MemArg: memory in <see cref="Index"/>, offset in <see cref="Value"/>, alignment exponent in <see cref="Align"/>; MemArgLane adds the lane in <see cref="Index2"/>.</item>
/// <item>I32/I64/F32/F64: raw bits in <see cref="Value"/> (i32 sign-extended to 64 bits, floats as IEEE bits).</item>
/// <item>V128 and Shuffle: <see cref="V128"/>.</item>
/// <item>HeapType: the reference type in <see cref="Type"/>.</item>
/// <item>SelectT: the number of types in <see cref="Index"/>, the first in <see cref="Type"/>.</item>
/// <item>MemoryInit/TableInit: segment in <see cref="Index"/>, memory/table in <see cref="Index2"/>; MemoryCopy/TableCopy: destination in <see cref="Index"/>, source in <see cref="Index2"/>.</item>
/// <item>BlockType: <see cref="Block"/>.</item>
/// </list>
/// </summary>
public struct Instruction
{
    /// <summary>The instruction.</summary>
    public Opcode Opcode;
    /// <summary>Absolute offset of its first byte in the module.</summary>
    public int Offset;
    /// <summary>First index immediate.</summary>
    public uint Index;
    /// <summary>Second index immediate.</summary>
    public uint Index2;
    /// <summary>Constant bits, or a memory offset.</summary>
    public ulong Value;
    /// <summary>Alignment exponent of a memory argument.</summary>
    public uint Align;
    /// <summary>Block type.</summary>
    public BlockType Block;
    /// <summary>128-bit constant or shuffle lanes.</summary>
    public V128 V128;
    /// <summary>Type immediate (ref.null, typed select).</summary>
    public ValType Type;
    /// <summary>br_table targets (without the default).</summary>
    public uint[]? Labels;

    /// <summary>The instruction's description.</summary>
    public readonly OpcodeInfo Info => OpcodeInfo.Get(Opcode);

    /// <summary>i32 immediate.</summary>
    public readonly int I32 => (int)Value;
    /// <summary>i64 immediate.</summary>
    public readonly long I64 => (long)Value;
}
