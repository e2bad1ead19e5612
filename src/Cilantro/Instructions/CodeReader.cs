using Cilantro.Binary;
using Cilantro.Model;

namespace Cilantro.Instructions;

/// <summary>
/// Decodes instructions one at a time from a function body or constant expression. The single place
/// where instruction encodings are read: the decoder (syntax check), the validator and the engines'
/// translators all walk code through it. Malformed encodings raise <see cref="MalformedModuleException"/>.
/// </summary>
public ref struct CodeReader
{
    private WasmReader _r;
    private readonly WasmFeatures _features;
    private readonly bool _plainMemArg;

    /// <summary>Creates a reader over instruction bytes.</summary>
    /// <param name="code">The bytes.</param>
    /// <param name="baseOffset">Absolute offset of <paramref name="code"/>[0] in the module.</param>
    /// <param name="features">Enabled proposals; instructions of disabled ones are malformed.</param>
    public CodeReader(ReadOnlySpan<byte> code, int baseOffset, WasmFeatures features)
    {
        _r = new WasmReader(code, baseOffset, "unexpected end of section or function");
        _features = features;
        _plainMemArg = !features.MultiMemory && !features.Memory64;
    }

    /// <summary>True when every byte has been read.</summary>
    public readonly bool AtEnd => _r.AtEnd;

    /// <summary>Absolute offset of the next instruction.</summary>
    public readonly int Offset => _r.Offset;

    /// <summary>Position relative to the start of the code.</summary>
    public int Position { readonly get => _r.Position; set => _r.Position = value; }

    /// <summary>Decodes the next instruction into <paramref name="ins"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Read(out Instruction ins)
    {
        ins = default;
        if (!TryReadFast(ref ins)) ReadSlow(out ins);
    }

    /// <summary><see cref="Read"/> for the instructions <see cref="TryReadFast"/> leaves.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ReadSlow(out Instruction ins)
    {
        ins = default;
        ins.Offset = _r.Offset;
        ins.Opcode = ReadOpcode();
        var info = OpcodeInfo.Get(ins.Opcode);
        switch (info.Immediate)
        {
            case Imm.None:
                break;
            case Imm.BlockType:
                ins.Block = ReadBlockType();
                break;
            case Imm.Label:
            case Imm.Func:
            case Imm.Local:
            case Imm.Global:
            case Imm.Table:
            case Imm.Data:
            case Imm.Elem:
                ins.Index = _r.ReadU32();
                break;
            case Imm.BrTable:
            {
                uint n = _r.ReadU32();
                // Each label takes at least one byte: reject impossible counts before allocating.
                if (n > (uint)_r.Remaining) throw _r.Error("unexpected end of section or function");
                var labels = new uint[n];
                for (int i = 0; i < labels.Length; i++) labels[i] = _r.ReadU32();
                ins.Labels = labels;
                ins.Index = _r.ReadU32();
                break;
            }
            case Imm.CallIndirect:
                ins.Index = _r.ReadU32();
                ins.Index2 = ReadTableIndexByte();
                break;
            case Imm.MemArg:
                ReadMemArg(ref ins);
                break;
            case Imm.MemArgLane:
                ReadMemArg(ref ins);
                ins.Index2 = _r.ReadByte();
                break;
            case Imm.Memory:
                ins.Index = ReadMemoryIndex();
                break;
            case Imm.I32:
                ins.Value = (ulong)(long)_r.ReadS32();
                break;
            case Imm.I64:
                ins.Value = (ulong)_r.ReadS64();
                break;
            case Imm.F32:
                ins.Value = _r.ReadF32Bits();
                break;
            case Imm.F64:
                ins.Value = _r.ReadF64Bits();
                break;
            case Imm.V128:
            case Imm.Shuffle:
                ins.V128 = _r.ReadV128();
                break;
            case Imm.Lane:
                ins.Index = _r.ReadByte();
                break;
            case Imm.HeapType:
                ins.Type = ReadHeapTypeAsRef();
                break;
            case Imm.SelectT:
            {
                uint n = _r.ReadU32();
                ins.Index = n;
                if (n > (uint)_r.Remaining) throw _r.Error("unexpected end of section or function");
                for (uint i = 0; i < n; i++)
                {
                    var t = _r.ReadValType(_features);
                    if (i == 0) ins.Type = t;
                }
                break;
            }
            case Imm.MemoryInit:
                ins.Index = _r.ReadU32();
                ins.Index2 = ReadMemoryIndex();
                break;
            case Imm.MemoryCopy:
                ins.Index = ReadMemoryIndex();
                ins.Index2 = ReadMemoryIndex();
                break;
            case Imm.TableInit:
                ins.Index = _r.ReadU32();
                ins.Index2 = _r.ReadU32();
                break;
            case Imm.TableCopy:
                ins.Index = _r.ReadU32();
                ins.Index2 = _r.ReadU32();
                break;
            default:
                throw new InvalidOperationException($"unhandled immediate kind {info.Immediate}");
        }
    }

    /// <summary>
    /// Reads the next instruction and checks its encoding exactly as <see cref="Read"/> does, without
    /// materialising the immediates; returns the opcode. The common single-byte instructions take a fast
    /// path, everything else goes through <see cref="Read"/>. Meant for syntax-only passes (the decoder).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public Opcode Skip()
    {
        int pos = _r.Position;
        var data = _r.Data;
        if ((uint)pos < (uint)data.Length)
        {
            byte b = data[pos];
            switch (FastImmediates[b])
            {
                case FastNone:
                    _r.Position = pos + 1;
                    return (Opcode)b;
                case FastU32:
                    _r.Position = pos + 1;
                    _r.ReadU32();
                    return (Opcode)b;
                case FastS32:
                    _r.Position = pos + 1;
                    _r.ReadS32();
                    return (Opcode)b;
                case FastS64:
                    _r.Position = pos + 1;
                    _r.ReadS64();
                    return (Opcode)b;
                case FastF32:
                    _r.Position = pos + 1;
                    _r.ReadBytes(4);
                    return (Opcode)b;
                case FastF64:
                    _r.Position = pos + 1;
                    _r.ReadBytes(8);
                    return (Opcode)b;
                case FastBlock:
                    _r.Position = pos + 1;
                    ReadBlockType();
                    return (Opcode)b;
                case FastMemArg when _plainMemArg:
                {
                    _r.Position = pos + 1;
                    int at = _r.Offset;
                    if (_r.ReadU32() >= 32) throw new MalformedModuleException("malformed memop flags", at);
                    _r.ReadU32();
                    return (Opcode)b;
                }
            }
        }
        return SkipSlow();
    }

    /// <summary>
    /// Like <see cref="Read"/>, but the common single-byte instructions take a fast path that sets only
    /// <see cref="Instruction.Opcode"/>, <see cref="Instruction.Offset"/> and the fields their immediate kind
    /// defines (see <see cref="Instruction"/>); every other field keeps whatever <paramref name="ins"/> held.
    /// For hot loops that read only the fields <see cref="OpcodeInfo.Immediate"/> makes meaningful (the validator).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void ReadFast(ref Instruction ins)
    {
        if (!TryReadFast(ref ins)) Read(out ins);
    }

    /// <summary>
    /// Decodes the next instruction when it is a single-byte opcode that no feature can disable, with an immediate
    /// of a common kind: sets <see cref="Instruction.Opcode"/>, <see cref="Instruction.Offset"/> and the fields of
    /// that kind and returns true; else reads nothing and returns false.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private bool TryReadFast(ref Instruction ins)
    {
        int pos = _r.Position;
        var data = _r.Data;
        if ((uint)pos < (uint)data.Length)
        {
            byte b = data[pos];
            byte kind = FastImmediates[b];
            if (kind != Slow && (kind != FastMemArg || _plainMemArg))
            {
                ins.Opcode = (Opcode)b;
                ins.Offset = _r.BaseOffset + pos;
                _r.Position = ++pos;
                switch (kind)
                {
                    case FastU32:
                        ins.Index = _r.ReadU32();
                        break;
                    case FastS32:
                        // One-byte constants (-64..63) inline; longer ones through the checked reader.
                        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
                        {
                            ins.Value = (ulong)(long)((sbyte)(data[pos] << 1) >> 1);
                            _r.Position = pos + 1;
                        }
                        else ins.Value = (ulong)(long)_r.ReadS32();
                        break;
                    case FastS64:
                        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
                        {
                            ins.Value = (ulong)(long)((sbyte)(data[pos] << 1) >> 1);
                            _r.Position = pos + 1;
                        }
                        else ins.Value = (ulong)_r.ReadS64();
                        break;
                    case FastBlock:
                        ins.Block = ReadBlockType();
                        break;
                    case FastF32:
                        ins.Value = _r.ReadF32Bits();
                        break;
                    case FastF64:
                        ins.Value = _r.ReadF64Bits();
                        break;
                    case FastMemArg:
                    {
                        int at = _r.Offset;
                        uint align = _r.ReadU32();
                        if (align >= 32) throw new MalformedModuleException("malformed memop flags", at);
                        ins.Index = 0;
                        ins.Align = align;
                        ins.Value = _r.ReadU32();
                        break;
                    }
                }
                return true;
            }
        }
        return false;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private Opcode SkipSlow()
    {
        Read(out Instruction ins);
        return ins.Opcode;
    }

    private const byte FastNone = 0, FastU32 = 1, FastS32 = 2, FastS64 = 3, FastF32 = 4, FastF64 = 5, FastMemArg = 6, FastBlock = 7, Slow = 255;

    /// <summary>For each first byte: how <see cref="Skip"/> may skip the instruction without <see cref="Read"/>.</summary>
    private static readonly byte[] FastImmediates = BuildFastImmediates();

    private static byte[] BuildFastImmediates()
    {
        // Only instructions that no feature can disable take the fast path.
        var none = new WasmFeatures
        {
            MutableGlobals = false, SaturatingFloatToInt = false, SignExtension = false, MultiValue = false,
            BulkMemory = false, ReferenceTypes = false, Simd = false,
        };
        var table = new byte[256];
        for (int b = 0; b < 256; b++)
        {
            var info = OpcodeInfo.TryGet(b);
            table[b] = info is null || !IsEnabled(info.Opcode, none) ? Slow : info.Immediate switch
            {
                Imm.None => FastNone,
                Imm.Label or Imm.Func or Imm.Local or Imm.Global => FastU32,
                Imm.I32 => FastS32,
                Imm.I64 => FastS64,
                Imm.F32 => FastF32,
                Imm.F64 => FastF64,
                Imm.MemArg => FastMemArg,
                Imm.BlockType => FastBlock,
                _ => Slow,
            };
        }
        return table;
    }

    /// <summary>Whether the next instruction is a <c>br_table</c>.</summary>
    public readonly bool AtBrTable => (uint)_r.Position < (uint)_r.Data.Length && _r.Data[_r.Position] == (byte)Opcode.BrTable;

    /// <summary>
    /// Reads the next instruction, a <c>br_table</c> (see <see cref="AtBrTable"/>), without allocating its labels:
    /// returns its default label, and in <paramref name="hits"/> how many of the others are <paramref name="label"/>.
    /// </summary>
    public uint ReadBrTable(uint label, out int hits)
    {
        _r.ReadByte();
        uint n = _r.ReadU32();
        if (n > (uint)_r.Remaining) throw _r.Error("unexpected end of section or function");
        hits = 0;
        for (uint i = 0; i < n; i++)
            if (_r.ReadU32() == label) hits++;
        return _r.ReadU32();
    }

    /// <summary>Reads an opcode, with its prefix if any.</summary>
    public Opcode ReadOpcode()
    {
        int at = _r.Offset;
        byte b = _r.ReadByte();
        int dense;
        switch (b)
        {
            case 0xFC:
                dense = 0x100 + SubOpcode();
                break;
            case 0xFD when _features.Simd:
                dense = 0x200 + SubOpcode();
                break;
            default:
                dense = b;
                break;
        }
        var info = OpcodeInfo.TryGet(dense);
        if (info is null || !IsEnabled(info.Opcode, _features)) throw new MalformedModuleException("illegal opcode", at);
        return info.Opcode;
    }

    private int SubOpcode()
    {
        uint sub = _r.ReadU32();
        // Out-of-range sub-opcodes map beyond the table (0xFF itself is assigned under 0xFD).
        return sub < 0x100 ? (int)sub : OpcodeInfo.TableSize;
    }

    private static bool IsEnabled(Opcode op, WasmFeatures _features)
    {
        ushort v = (ushort)op;
        if (v is >= 0xC0 and <= 0xC4) return _features.SignExtension;
        if (v is >= 0x100 and <= 0x107) return _features.SaturatingFloatToInt;
        if (v is >= 0x108 and <= 0x10E) return _features.BulkMemory;
        if (v is >= 0x10F and <= 0x111 or 0x1C or 0x25 or 0x26 or >= 0xD0 and <= 0xD2) return _features.ReferenceTypes;
        return true;
    }

    private uint ReadMemoryIndex()
    {
        if (_features.MultiMemory) return _r.ReadU32();
        int at = _r.Offset;
        if (_r.ReadByte() != 0) throw new MalformedModuleException("zero byte expected", at);
        return 0;
    }

    private uint ReadTableIndexByte()
    {
        if (_features.ReferenceTypes) return _r.ReadU32();
        int at = _r.Offset;
        if (_r.ReadByte() != 0) throw new MalformedModuleException("zero byte expected", at);
        return 0;
    }

    private void ReadMemArg(ref Instruction ins)
    {
        int at = _r.Offset;
        uint align = _r.ReadU32();
        // Multi-memory: bit 6 of the alignment field says a memory index follows.
        if (_features.MultiMemory && (align & 0x40) != 0)
        {
            align &= ~0x40u;
            ins.Index = _r.ReadU32();
        }
        // An alignment exponent of 32 or more is malformed (smaller but too large ones are invalid).
        if (align >= 32) throw new MalformedModuleException("malformed memop flags", at);
        ins.Align = align;
        ins.Value = _features.Memory64 ? _r.ReadU64() : _r.ReadU32();
    }

    private BlockType ReadBlockType()
    {
        int at = _r.Offset;
        byte b = _r.PeekByte();
        if (b == 0x40)
        {
            _r.ReadByte();
            return BlockType.Empty;
        }
        if (WasmReader.TryDecodeValType(b, _features) is { } t)
        {
            _r.ReadByte();
            return BlockType.Value(t);
        }
        long idx = _r.ReadS33();
        if (idx < 0) throw new MalformedModuleException("malformed value type", at);
        if (!_features.MultiValue) throw new MalformedModuleException("malformed value type", at);
        return BlockType.Index((int)Math.Min(idx, int.MaxValue));
    }

    private ValType ReadHeapTypeAsRef()
    {
        int at = _r.Offset;
        byte b = _r.ReadByte();
        return b switch
        {
            0x70 => ValType.FuncRef,
            0x6F => ValType.ExternRef,
            _ => throw new MalformedModuleException("malformed reference type", at),
        };
    }
}
