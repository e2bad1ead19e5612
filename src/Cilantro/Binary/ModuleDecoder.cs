using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Binary;

/// <summary>
/// Decodes the WebAssembly binary format into a <see cref="ModuleDefinition"/>.
/// </summary>
/// <remarks>
/// The decoder follows the reference interpreter's reading discipline so that malformed modules are
/// reported with the spec's wording: the module is read as one stream (a construct may run past the end
/// of its section, which is then reported as "section size mismatch"), every function body and constant
/// expression is walked instruction by instruction with <see cref="CodeReader"/> (opcodes, immediates and
/// block structure, ending exactly at the final <c>end</c>), and lengths larger than the bytes left are
/// rejected before anything is allocated. Type checking is left to <see cref="Validation.ModuleValidator"/>.
/// </remarks>
public static class ModuleDecoder
{
    /// <summary>The reference interpreter's message for reading past the end of the input.</summary>
    internal const string UnexpectedEnd = "unexpected end of section or function";

    /// <summary>Decodes a module. Throws <see cref="MalformedModuleException"/> when the bytes are not a well-formed module.</summary>
    /// <param name="bytes">The module bytes. They are not copied: bodies, expressions and segments point into them.</param>
    /// <param name="features">Enabled proposals (default: WebAssembly 2.0).</param>
    public static ModuleDefinition Decode(ReadOnlyMemory<byte> bytes, WasmFeatures? features = null)
    {
        var module = new ModuleDefinition { Bytes = bytes, Features = features ?? WasmFeatures.Default };
        var decoder = new Decoder(bytes, module.Features, module);
        decoder.DecodeModule();
        return module;
    }

    /// <summary>
    /// Walks the instructions of a function body or constant expression starting at <paramref name="code"/>[0]
    /// up to and including the <c>end</c> that closes it, checking every opcode, immediate and the nesting of
    /// <c>block</c>/<c>loop</c>/<c>if</c>/<c>else</c>/<c>end</c>. The span may extend beyond the construct (to the end
    /// of the module, as the reference interpreter reads). Returns the number of bytes consumed.
    /// </summary>
    /// <param name="code">The bytes, starting at the first instruction.</param>
    /// <param name="baseOffset">Absolute offset of <paramref name="code"/>[0] in the module.</param>
    /// <param name="features">Enabled proposals.</param>
    /// <param name="usesDataIndex">Set to true when <c>memory.init</c> or <c>data.drop</c> occurs.</param>
    internal static int WalkCode(ReadOnlySpan<byte> code, int baseOffset, WasmFeatures features, ref bool usesDataIndex)
    {
        var reader = new CodeReader(code, baseOffset, features);
        // One byte per open block: 1 = `if` before its `else`, 0 = anything else. The function's own frame is implicit.
        Span<byte> stack = stackalloc byte[128];
        byte[]? rented = null;
        int depth = 0;
        try
        {
            while (true)
            {
                int at = reader.Offset;
                Opcode op = reader.Skip();
                switch (op)
                {
                    case Opcode.Block:
                    case Opcode.Loop:
                    case Opcode.If:
                        if (depth == stack.Length)
                        {
                            var bigger = ArrayPool<byte>.Shared.Rent(stack.Length * 2);
                            stack.CopyTo(bigger);
                            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
                            rented = bigger;
                            stack = bigger;
                        }
                        stack[depth++] = op == Opcode.If ? (byte)1 : (byte)0;
                        break;
                    case Opcode.Else:
                        // Only the then-branch of an `if` may be closed by `else`; anywhere else the
                        // reference decoder expects the block's `end`.
                        if (depth == 0 || stack[depth - 1] != 1)
                            throw new MalformedModuleException("END opcode expected", at);
                        stack[depth - 1] = 0;
                        break;
                    case Opcode.End:
                        if (depth == 0) return reader.Position;
                        depth--;
                        break;
                    case Opcode.MemoryInit:
                    case Opcode.DataDrop:
                        usesDataIndex = true;
                        break;
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes the <c>name</c> custom section into <paramref name="names"/>, ignoring whatever cannot be decoded.</summary>
    /// <param name="content">The section payload (after the section name).</param>
    /// <param name="baseOffset">Absolute offset of the payload.</param>
    /// <param name="names">Receives the names.</param>
    internal static void DecodeNameSection(ReadOnlySpan<byte> content, int baseOffset, NameSection names)
    {
        var r = new WasmReader(content, baseOffset);
        try
        {
            while (!r.AtEnd)
            {
                byte id = r.ReadByte();
                uint size = r.ReadU32();
                if (size > (uint)r.Remaining) return;
                int subBase = r.Offset;
                var sub = new WasmReader(r.ReadBytes((int)size), subBase);
                try
                {
                    switch (id)
                    {
                        case 0:
                            names.ModuleName = sub.ReadName();
                            break;
                        case 1:
                            ReadNameMap(ref sub, names.FunctionNames);
                            break;
                        case 2:
                        {
                            uint n = sub.ReadU32();
                            for (uint i = 0; i < n; i++)
                            {
                                int func = ClampIndex(sub.ReadU32());
                                if (!names.LocalNames.TryGetValue(func, out var locals))
                                {
                                    locals = [];
                                    names.LocalNames[func] = locals;
                                }
                                ReadNameMap(ref sub, locals);
                            }
                            break;
                        }
                        // Other subsections (labels, types, tables, ... of the extended name section) are skipped.
                    }
                }
                catch (MalformedModuleException)
                {
                    // Custom section contents are not validated: keep what was decoded, skip the rest of this subsection.
                }
            }
        }
        catch (MalformedModuleException)
        {
            // Truncated subsection header: stop.
        }
    }

    private static void ReadNameMap(ref WasmReader r, Dictionary<int, string> map)
    {
        uint n = r.ReadU32();
        for (uint i = 0; i < n; i++)
        {
            int index = ClampIndex(r.ReadU32());
            map[index] = r.ReadName();
        }
    }

    /// <summary>
    /// Maps a u32 index to <see cref="int"/>: indices of 2^31 and above become <see cref="int.MaxValue"/>,
    /// which is out of range of every index space the model can hold.
    /// </summary>
    internal static int ClampIndex(uint v) => v > int.MaxValue ? int.MaxValue : (int)v;

    private ref struct Decoder
    {
        private readonly ReadOnlyMemory<byte> _memory;
        private readonly ReadOnlySpan<byte> _bytes;
        private readonly WasmFeatures _features;
        private readonly ModuleDefinition _module;
        private WasmReader _r;
        private bool _usesDataIndex;

        public Decoder(ReadOnlyMemory<byte> memory, WasmFeatures features, ModuleDefinition module)
        {
            _memory = memory;
            _bytes = memory.Span;
            _features = features;
            _module = module;
            _r = new WasmReader(_bytes, 0, UnexpectedEnd);
        }

        private static MalformedModuleException Error(string message, int offset) => new(message, offset);

        public void DecodeModule()
        {
            uint magic = ReadU32Fixed();
            if (magic != 0x6D736100) throw Error("magic header not detected", 0);
            uint version = ReadU32Fixed();
            if (version != 1) throw Error("unknown binary version", 4);

            int lastRank = 0;
            long declaredDataCount = -1;
            int codeCount = 0;
            while (!_r.AtEnd)
            {
                int idAt = _r.Offset;
                byte id = _r.ReadByte();
                if (id > 12) throw Error("malformed section id", idAt);
                int size = ReadLength();
                int start = _r.Position;
                if (id == 0)
                {
                    ReadCustomSection(start, size);
                    continue;
                }
                int rank = Rank(id);
                if (rank <= lastRank) throw Error("unexpected content after last section", idAt);
                lastRank = rank;
                switch (id)
                {
                    case 1: ReadTypeSection(); break;
                    case 2: ReadImportSection(); break;
                    case 3: ReadFunctionSection(); break;
                    case 4: ReadTableSection(); break;
                    case 5: ReadMemorySection(); break;
                    case 6: ReadGlobalSection(); break;
                    case 7: ReadExportSection(); break;
                    case 8: _module.Start = ClampIndex(_r.ReadU32()); break;
                    case 9: ReadElementSection(); break;
                    case 10: codeCount = ReadCodeSection(); break;
                    case 11: ReadDataSection(); break;
                    case 12:
                    {
                        uint n = _r.ReadU32();
                        declaredDataCount = n;
                        _module.DataCount = ClampIndex(n);
                        break;
                    }
                }
                if (_r.Position != start + size) throw Error("section size mismatch", start);
            }

            int end = _bytes.Length;
            if (_module.FunctionTypeIndices.Count != codeCount)
                throw Error("function and code section have inconsistent lengths", end);
            if (declaredDataCount >= 0 && declaredDataCount != _module.Data.Count)
                throw Error("data count and data section have inconsistent lengths", end);
            if (declaredDataCount < 0 && _usesDataIndex)
                throw Error("data count section required", end);
        }

        /// <summary>Order of the non-custom sections (the data count section sits between element and code).</summary>
        private static int Rank(byte id) => id switch
        {
            12 => 10,
            10 => 11,
            11 => 12,
            _ => id,
        };

        private uint ReadU32Fixed()
        {
            var b = _r.ReadBytes(4);
            return (uint)(b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24);
        }

        /// <summary>A length or count (the reference's <c>len32</c>): larger than the bytes left is "length out of bounds".</summary>
        private int ReadLength()
        {
            int at = _r.Offset;
            uint n = _r.ReadU32();
            if (n > (uint)_r.Remaining) throw Error("length out of bounds", at);
            return (int)n;
        }

        /// <summary>
        /// A vector count. Every element takes at least one byte, so a count larger than the bytes left can only
        /// end in reading past the end: reported as such before anything is allocated.
        /// </summary>
        private int ReadCount()
        {
            uint n = _r.ReadU32();
            if (n > (uint)_r.Remaining) throw Error(UnexpectedEnd, _bytes.Length);
            return (int)n;
        }

        private string ReadName()
        {
            int length = ReadLength();
            int at = _r.Offset;
            var bytes = _r.ReadBytes(length);
            if (!Utf8.IsValid(bytes)) throw Error("malformed UTF-8 encoding", at);
            return Encoding.UTF8.GetString(bytes);
        }

        private void ReadCustomSection(int start, int size)
        {
            string name = ReadName();
            int contentStart = _r.Position;
            int end = start + size;
            if (contentStart > end) throw Error(UnexpectedEnd, end);
            var content = _memory.Slice(contentStart, end - contentStart);
            _module.CustomSections.Add(new CustomSection(name, content, contentStart));
            if (name == "name") DecodeNameSection(content.Span, contentStart, _module.Names);
            _r.Position = end;
        }

        private void ReadTypeSection()
        {
            int n = ReadCount();
            _module.Types.Capacity = n;
            for (int i = 0; i < n; i++)
            {
                int at = _r.Offset;
                byte form = _r.ReadByte();
                if (form != 0x60)
                {
                    if ((form & 0x80) != 0) throw Error("integer representation too long", at);
                    throw Error("malformed function type", at);
                }
                var parameters = ReadValTypes();
                var results = ReadValTypes();
                _module.Types.Add(parameters.Length == 0 && results.Length == 0 ? FuncType.Empty : new FuncType(parameters, results));
            }
        }

        private ValType[] ReadValTypes()
        {
            int n = ReadCount();
            if (n == 0) return [];
            var types = new ValType[n];
            for (int i = 0; i < types.Length; i++) types[i] = _r.ReadValType(_features);
            return types;
        }

        private void ReadImportSection()
        {
            int n = ReadCount();
            _module.Imports.Capacity = n;
            for (int i = 0; i < n; i++)
            {
                string moduleName = ReadName();
                string name = ReadName();
                int at = _r.Offset;
                byte kind = _r.ReadByte();
                Import import = kind switch
                {
                    0 => new Import { Module = moduleName, Name = name, Kind = ExternKind.Func, TypeIndex = ClampIndex(_r.ReadU32()) },
                    1 => new Import { Module = moduleName, Name = name, Kind = ExternKind.Table, Table = ReadTableType() },
                    2 => new Import { Module = moduleName, Name = name, Kind = ExternKind.Memory, Memory = ReadMemoryType() },
                    3 => new Import { Module = moduleName, Name = name, Kind = ExternKind.Global, Global = ReadGlobalType() },
                    _ => throw Error("malformed import kind", at),
                };
                _module.Imports.Add(import);
            }
        }

        private void ReadFunctionSection()
        {
            int n = ReadCount();
            var list = _module.FunctionTypeIndices;
            list.Capacity = n;
            for (int i = 0; i < n; i++) list.Add(ClampIndex(_r.ReadU32()));
        }

        private void ReadTableSection()
        {
            int n = ReadCount();
            _module.Tables.Capacity = n;
            for (int i = 0; i < n; i++) _module.Tables.Add(new TableDef(ReadTableType()));
        }

        private void ReadMemorySection()
        {
            int n = ReadCount();
            _module.Memories.Capacity = n;
            for (int i = 0; i < n; i++) _module.Memories.Add(ReadMemoryType());
        }

        private void ReadGlobalSection()
        {
            int n = ReadCount();
            _module.Globals.Capacity = n;
            for (int i = 0; i < n; i++)
            {
                var type = ReadGlobalType();
                _module.Globals.Add(new GlobalDef(type, ReadConstExpr()));
            }
        }

        private void ReadExportSection()
        {
            int n = ReadCount();
            _module.Exports.Capacity = n;
            for (int i = 0; i < n; i++)
            {
                string name = ReadName();
                int at = _r.Offset;
                byte kind = _r.ReadByte();
                if (kind > 3) throw Error("malformed export kind", at);
                _module.Exports.Add(new Export(name, (ExternKind)kind, ClampIndex(_r.ReadU32())));
            }
        }

        private void ReadElementSection()
        {
            int n = ReadCount();
            _module.Elements.Capacity = n;
            for (int i = 0; i < n; i++)
            {
                int segmentAt = _r.Offset;
                uint flags = _r.ReadU32();
                if (flags > 7) throw Error("malformed elements segment kind", segmentAt);
                // Bit 0: passive or declarative; bit 1: explicit table index (active) or declarative;
                // bit 2: items are expressions rather than function indices.
                bool activeOrNot = (flags & 1) == 0;
                bool explicitKind = (flags & 3) != 0;
                bool expressions = (flags & 4) != 0;
                SegmentMode mode = activeOrNot ? SegmentMode.Active : (flags & 2) != 0 ? SegmentMode.Declarative : SegmentMode.Passive;
                int table = 0;
                ConstExpr? offset = null;
                if (mode == SegmentMode.Active)
                {
                    if ((flags & 2) != 0) table = ClampIndex(_r.ReadU32());
                    offset = ReadConstExpr();
                }
                ValType type = ValType.FuncRef;
                if (explicitKind)
                {
                    if (expressions)
                    {
                        type = _r.ReadRefType(_features);
                    }
                    else
                    {
                        int at = _r.Offset;
                        if (_r.ReadByte() != 0x00) throw Error("malformed element kind", at);
                    }
                }
                int count = ReadCount();
                int[]? indices = null;
                ConstExpr[]? exprs = null;
                if (expressions)
                {
                    exprs = count == 0 ? [] : new ConstExpr[count];
                    for (int k = 0; k < count; k++) exprs[k] = ReadConstExpr();
                }
                else
                {
                    indices = count == 0 ? [] : new int[count];
                    for (int k = 0; k < count; k++) indices[k] = ClampIndex(_r.ReadU32());
                }
                _module.Elements.Add(new ElementSegment
                {
                    Mode = mode,
                    TableIndex = table,
                    Offset = offset,
                    ElementType = type,
                    FunctionIndices = indices,
                    Expressions = exprs,
                    SourceOffset = segmentAt,
                });
            }
        }

        private int ReadCodeSection()
        {
            int n = ReadCount();
            _module.Bodies.Capacity = n;
            for (int i = 0; i < n; i++)
            {
                int size = ReadLength();
                int start = _r.Position;
                int localsAt = _r.Offset;
                int groups = ReadCount();
                var locals = groups == 0 ? [] : new LocalDecl[groups];
                ulong total = 0;
                for (int k = 0; k < groups; k++)
                {
                    uint count = _r.ReadU32();
                    var type = _r.ReadValType(_features);
                    locals[k] = new LocalDecl(count, type);
                    total += count;
                }
                if (total >= 0x1_0000_0000UL) throw Error("too many locals", localsAt);
                int codeStart = _r.Position;
                int length = WalkCode(_bytes[codeStart..], codeStart, _features, ref _usesDataIndex);
                _r.Position = codeStart + length;
                if (_r.Position != start + size) throw Error("section size mismatch", start);
                _module.Bodies.Add(new FunctionBody
                {
                    Locals = locals,
                    LocalCount = (long)total,
                    Code = _memory.Slice(codeStart, length),
                    CodeOffset = codeStart,
                });
            }
            return n;
        }

        private void ReadDataSection()
        {
            int n = ReadCount();
            _module.Data.Capacity = n;
            for (int i = 0; i < n; i++)
            {
                int segmentAt = _r.Offset;
                uint flags = _r.ReadU32();
                int memory = 0;
                ConstExpr? offset = null;
                SegmentMode mode;
                switch (flags)
                {
                    case 0:
                        mode = SegmentMode.Active;
                        offset = ReadConstExpr();
                        break;
                    case 1:
                        mode = SegmentMode.Passive;
                        break;
                    case 2:
                        mode = SegmentMode.Active;
                        memory = ClampIndex(_r.ReadU32());
                        offset = ReadConstExpr();
                        break;
                    default:
                        throw Error("malformed data segment kind", segmentAt);
                }
                uint length = _r.ReadU32();
                if (length > (uint)_r.Remaining) throw Error(UnexpectedEnd, _bytes.Length);
                int dataStart = _r.Position;
                _r.Position = dataStart + (int)length;
                _module.Data.Add(new DataSegment
                {
                    Mode = mode,
                    MemoryIndex = memory,
                    Offset = offset,
                    Bytes = _memory.Slice(dataStart, (int)length),
                    SourceOffset = segmentAt,
                });
            }
        }

        private ConstExpr ReadConstExpr()
        {
            int start = _r.Position;
            bool ignored = false;
            int length = WalkCode(_bytes[start..], start, _features, ref ignored);
            _r.Position = start + length;
            return new ConstExpr(_memory.Slice(start, length), start);
        }

        private GlobalType ReadGlobalType()
        {
            var type = _r.ReadValType(_features);
            int at = _r.Offset;
            byte mutability = _r.ReadByte();
            if (mutability > 1) throw Error("malformed mutability", at);
            return new GlobalType(type, mutability == 1);
        }

        private TableType ReadTableType()
        {
            var type = _r.ReadRefType(_features);
            // 64-bit tables (flag 0x04) are not representable in TableType yet: rejected like any unknown flag.
            byte flags = ReadLimitsFlags(0x01);
            return new TableType(type, ReadLimits(flags));
        }

        private MemoryType ReadMemoryType()
        {
            int allowed = 0x01 | (_features.Threads ? 0x02 : 0) | (_features.Memory64 ? 0x04 : 0);
            byte flags = ReadLimitsFlags(allowed);
            return new MemoryType(ReadLimits(flags), Shared: (flags & 0x02) != 0, Is64: (flags & 0x04) != 0);
        }

        /// <summary>Reads the flags byte of a limits (bit 0: has maximum, bit 1: shared, bit 2: 64-bit).</summary>
        private byte ReadLimitsFlags(int allowed)
        {
            int at = _r.Offset;
            byte b = _r.ReadByte();
            if ((b & 0x7F & ~allowed) != 0) throw Error("integer too large", at);
            if ((b & 0x80) != 0) throw Error("integer representation too long", at);
            return b;
        }

        private Limits ReadLimits(byte flags)
        {
            bool is64 = (flags & 0x04) != 0;
            ulong min = is64 ? _r.ReadU64() : _r.ReadU32();
            ulong? max = null;
            if ((flags & 0x01) != 0) max = is64 ? _r.ReadU64() : _r.ReadU32();
            return new Limits(min, max);
        }
    }
}
