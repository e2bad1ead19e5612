using System.Reflection;
using Cilantro.Model;

namespace Cilantro.Instructions;

/// <summary>What the tables know about one instruction, derived from the <see cref="OpAttribute"/> of its <see cref="Opcode"/>.</summary>
public sealed class OpcodeInfo
{
    private OpcodeInfo(Opcode opcode, OpAttribute a)
    {
        Opcode = opcode;
        Name = a.Name;
        Immediate = a.Immediate;
        if (a.Signature is { } sig)
        {
            int colon = sig.IndexOf(':');
            Params = ParseTypes(sig.AsSpan(0, colon));
            Results = ParseTypes(sig.AsSpan(colon + 1));
        }
        if (a.Immediate is Imm.MemArg or Imm.MemArgLane)
        {
            AccessSize = a.Size;
            MaxAlign = System.Numerics.BitOperations.Log2((uint)a.Size);
        }
        if (a.Immediate == Imm.Lane) LaneCount = a.Size;
        if (a.Immediate == Imm.MemArgLane) LaneCount = 16 / a.Size;
    }

    /// <summary>The instruction.</summary>
    public Opcode Opcode { get; }
    /// <summary>Text-format mnemonic.</summary>
    public string Name { get; }
    /// <summary>Immediate kind.</summary>
    public Imm Immediate { get; }
    /// <summary>Operand types popped, for plain operators; null when the validator types the instruction specially.</summary>
    public ValType[]? Params { get; }
    /// <summary>Result types pushed, for plain operators; null otherwise.</summary>
    public ValType[]? Results { get; }
    /// <summary>Bytes accessed by a memory instruction (0 otherwise).</summary>
    public int AccessSize { get; }
    /// <summary>Largest valid alignment exponent of a memory instruction (log2 of <see cref="AccessSize"/>).</summary>
    public int MaxAlign { get; }
    /// <summary>Number of lanes, for instructions with a lane index (0 otherwise).</summary>
    public int LaneCount { get; }

    /// <summary>The prefix byte of the binary encoding (0 for single-byte opcodes).</summary>
    public byte Prefix => (ushort)Opcode switch { < 0x100 => 0, < 0x200 => 0xFC, _ => 0xFD };

    /// <summary>The opcode byte, or the sub-opcode after a prefix.</summary>
    public uint Code => (ushort)Opcode switch { < 0x100 => (uint)Opcode, < 0x200 => (uint)Opcode - 0x100, _ => (uint)Opcode - 0x200 };

    /// <summary>True for plain operators whose typing is given by <see cref="Params"/> and <see cref="Results"/>.</summary>
    public bool IsPlain => Params is not null;

    private static ValType[] ParseTypes(ReadOnlySpan<char> s)
    {
        var r = new ValType[s.Length];
        for (int i = 0; i < s.Length; i++)
        {
            r[i] = s[i] switch
            {
                'i' => ValType.I32,
                'I' => ValType.I64,
                'f' => ValType.F32,
                'F' => ValType.F64,
                'v' => ValType.V128,
                _ => throw new InvalidOperationException($"bad signature letter '{s[i]}'"),
            };
        }
        return r;
    }

    /// <summary>Size of the dense opcode space (one past the largest <see cref="Opcode"/> value).</summary>
    public const int TableSize = 0x300;

    private static readonly OpcodeInfo?[] Table = BuildTable();
    private static readonly Dictionary<string, OpcodeInfo> ByNameTable = BuildByName();

    /// <summary>All instructions, in opcode order.</summary>
    public static IEnumerable<OpcodeInfo> All => Table.Where(t => t is not null)!;

    /// <summary>The description of <paramref name="op"/>.</summary>
    public static OpcodeInfo Get(Opcode op) => Table[(ushort)op]!;

    /// <summary>The instruction with dense code <paramref name="dense"/>, or null when no instruction has it.</summary>
    public static OpcodeInfo? TryGet(int dense) => (uint)dense < TableSize ? Table[dense] : null;

    /// <summary>A table indexed by dense opcode value: <paramref name="f"/> of each instruction (default where there is none).</summary>
    internal static T[] PerOpcode<T>(Func<OpcodeInfo, T> f)
    {
        var t = new T[TableSize];
        for (int i = 0; i < t.Length; i++)
            if (Table[i] is { } info) t[i] = f(info);
        return t;
    }

    /// <summary>Looks up a text-format mnemonic (e.g. <c>i32.add</c>). Untyped <c>select</c> is returned for <c>select</c>.</summary>
    public static OpcodeInfo? ByName(string name) => ByNameTable.GetValueOrDefault(name);

    private static OpcodeInfo?[] BuildTable()
    {
        var table = new OpcodeInfo?[TableSize];
        foreach (var f in typeof(Opcode).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var a = f.GetCustomAttribute<OpAttribute>()!;
            var op = (Opcode)f.GetValue(null)!;
            table[(ushort)op] = new OpcodeInfo(op, a);
        }
        return table;
    }

    private static Dictionary<string, OpcodeInfo> BuildByName()
    {
        var d = new Dictionary<string, OpcodeInfo>(StringComparer.Ordinal);
        foreach (var info in Table)
            if (info is not null) d.TryAdd(info.Name, info);
        return d;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
