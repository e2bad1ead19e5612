using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Text;

/// <summary>
/// Encodes one text-format module (its fields, as S-expressions) straight to the binary format.
/// Two passes: the first binds every identifier of the module-level index spaces, the second encodes.
/// Only text-level problems are errors; invalid modules (type errors, bad indices) are encoded as written.
/// </summary>
internal sealed class WatParser
{
    private sealed class Space(string kind)
    {
        public readonly Dictionary<string, int> Ids = new(StringComparer.Ordinal);
        public readonly string Kind = kind;
        public int Count;
    }

    private readonly Lexer _lx;
    // Kept for feature-gated syntax of later proposals; Wasm 2.0 syntax needs no gating (the validator checks features).
    private readonly WasmFeatures _features;
    private readonly List<SNode> _fields;
    private readonly string? _moduleName;

    private readonly Space _types = new("type");
    private readonly Space _funcs = new("function");
    private readonly Space _tables = new("table");
    private readonly Space _mems = new("memory");
    private readonly Space _globals = new("global");
    private readonly Space _elems = new("elem segment");
    private readonly Space _datas = new("data segment");
    private readonly List<FuncType> _typeList = [];
    private readonly Dictionary<FuncType, int> _typeIndex = [];

    private readonly ByteBuffer _importSec = new(), _funcSec = new(), _tableSec = new(), _memSec = new(), _globalSec = new();
    private readonly ByteBuffer _exportSec = new(), _elemSec = new(), _codeSec = new(), _dataSec = new();
    private int _importCount, _funcDefCount, _tableDefCount, _memDefCount, _globalDefCount, _exportCount, _elemCount, _dataCount;
    private int _funcIdx, _tableIdx, _memIdx, _globalIdx;
    private uint? _start;
    private bool _usesDataCount;
    private readonly SortedDictionary<int, string> _funcNames = [];
    private readonly SortedDictionary<int, SortedDictionary<int, string>> _localNames = [];

    // Current function / expression context.
    private ByteBuffer _code = new();
    private Dictionary<string, int> _locals = new(StringComparer.Ordinal);
    private readonly List<string?> _labels = [];

    /// <summary>Creates a parser for the given module fields.</summary>
    public WatParser(Lexer lexer, List<SNode> fields, string? moduleName, WasmFeatures? features)
    {
        _lx = lexer;
        _fields = fields;
        _moduleName = moduleName;
        _features = features ?? WasmFeatures.Default;
    }

    // ------------------------------------------------------------------ helpers

    private TextSyntaxException Error(SNode n, string message) => _lx.Error(message, n.Tok.Line, n.Tok.Column);

    private string Text(SNode n) => _lx.Text(n.Tok);

    private ReadOnlySpan<char> Span(SNode n) => _lx.Span(n.Tok);

    private static bool IsAtom(List<SNode> items, int i, TokenKind kind) =>
        i < items.Count && !items[i].IsList && items[i].Tok.Kind == kind;

    private bool IsKeyword(List<SNode> items, int i, string kw) =>
        i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword && Span(items[i]).SequenceEqual(kw);

    private bool IsListHead(List<SNode> items, int i, string head) =>
        i < items.Count && items[i].IsList && HeadIs(items[i], head);

    private bool HeadIs(SNode list, string head)
    {
        var l = list.List;
        return l.Count > 0 && !l[0].IsList && l[0].Tok.Kind == TokenKind.Keyword && Span(l[0]).SequenceEqual(head);
    }

    private string? Head(SNode list)
    {
        var l = list.List;
        return l.Count > 0 && !l[0].IsList && l[0].Tok.Kind == TokenKind.Keyword ? Text(l[0]) : null;
    }

    /// <summary>"unknown operator" for keywords the format does not know, "unexpected token" otherwise.</summary>
    internal TextSyntaxException Unexpected(SNode n)
    {
        if (n.IsList) return Error(n, "unexpected token");
        if (n.Tok.Kind == TokenKind.Keyword)
        {
            var t = Text(n);
            if (!Keywords.IsKnown(t)) return Error(n, "unknown operator " + t);
        }
        if (n.Tok.Kind == TokenKind.Reserved) return Error(n, "unknown operator " + Text(n));
        if (n.Tok.Kind == TokenKind.Number && !IsNumber(Span(n))) return Error(n, "unknown operator " + Text(n));
        return Error(n, "unexpected token");
    }

    private static bool IsNumber(ReadOnlySpan<char> s) =>
        TextNumbers.ParseInt(s, 64, out _) != NumResult.Syntax || TextNumbers.ParseF64(s, out _) != NumResult.Syntax;

    private void ExpectEnd(List<SNode> items, int i)
    {
        if (i < items.Count) throw Unexpected(items[i]);
    }

    private static string IdName(string id) => id[1..];

    private string? OptId(List<SNode> items, ref int i)
    {
        if (IsAtom(items, i, TokenKind.Id)) return Text(items[i++]);
        return null;
    }

    private void Bind(Space space, string? id, SNode at)
    {
        if (id is not null)
        {
            if (!space.Ids.TryAdd(id, space.Count))
                throw Error(at, "duplicate " + (space.Kind switch { "function" => "func", "elem segment" => "elem", "data segment" => "data", var k => k }));
        }
        space.Count++;
    }

    private uint ParseU32(SNode n)
    {
        if (n.IsList || n.Tok.Kind != TokenKind.Number) throw Unexpected(n);
        return TextNumbers.ParseUnsigned(Span(n), uint.MaxValue, out var v) switch
        {
            NumResult.Ok => (uint)v,
            NumResult.Range => throw Error(n, "i32 constant out of range"),
            _ => throw Unexpected(n),
        };
    }

    private ulong ParseU64(SNode n)
    {
        if (n.IsList || n.Tok.Kind != TokenKind.Number) throw Unexpected(n);
        return TextNumbers.ParseUnsigned(Span(n), ulong.MaxValue, out var v) switch
        {
            NumResult.Ok => v,
            NumResult.Range => throw Error(n, "i64 constant out of range"),
            _ => throw Error(n, "unexpected token"),
        };
    }

    private uint Resolve(SNode n, Space space)
    {
        if (n.IsList) throw Unexpected(n);
        if (n.Tok.Kind == TokenKind.Id)
        {
            if (space.Ids.TryGetValue(Text(n), out int idx)) return (uint)idx;
            throw Error(n, "unknown " + space.Kind + " " + Text(n));
        }
        return ParseU32(n);
    }

    private bool IsIndexAtom(List<SNode> items, int i) =>
        i < items.Count && !items[i].IsList && items[i].Tok.Kind is TokenKind.Id or TokenKind.Number;

    internal static ValType? ValTypeByName(ReadOnlySpan<char> s) => s switch
    {
        "i32" => ValType.I32,
        "i64" => ValType.I64,
        "f32" => ValType.F32,
        "f64" => ValType.F64,
        "v128" => ValType.V128,
        "funcref" => ValType.FuncRef,
        "externref" => ValType.ExternRef,
        _ => null,
    };

    private ValType ParseValType(SNode n)
    {
        if (!n.IsList && n.Tok.Kind == TokenKind.Keyword && ValTypeByName(Span(n)) is { } t) return t;
        if (n.IsList && HeadIs(n, "ref"))
        {
            var l = n.List;
            int i = 1;
            bool nullable = false;
            if (IsKeyword(l, i, "null"))
            {
                nullable = true;
                i++;
            }
            if (i < l.Count && !l[i].IsList)
            {
                HeapType? h = Span(l[i]) switch { "func" => HeapType.Func, "extern" => HeapType.Extern, _ => null };
                if (h is { } hh && i + 1 == l.Count) return new ValType(ValKind.Ref, hh, nullable);
                if (l[i].Tok.Kind is TokenKind.Id or TokenKind.Number && i + 1 == l.Count)
                    return new ValType(ValKind.Ref, new HeapType((int)Resolve(l[i], _types)), nullable);
            }
        }
        throw Unexpected(n);
    }

    private ValType ParseRefType(SNode n)
    {
        var t = ParseValType(n);
        if (!t.IsRef) throw Error(n, "malformed reference type");
        return t;
    }

    internal static void WriteValType(ByteBuffer b, ValType t)
    {
        switch (t.Kind)
        {
            case ValKind.I32: b.Byte(0x7F); break;
            case ValKind.I64: b.Byte(0x7E); break;
            case ValKind.F32: b.Byte(0x7D); break;
            case ValKind.F64: b.Byte(0x7C); break;
            case ValKind.V128: b.Byte(0x7B); break;
            default:
                if (t == ValType.FuncRef) b.Byte(0x70);
                else if (t == ValType.ExternRef) b.Byte(0x6F);
                else
                {
                    b.Byte(t.Nullable ? (byte)0x63 : (byte)0x64);
                    b.S64(t.Heap.IsIndex ? t.Heap.Code : (sbyte)(byte)(0x80 + t.Heap.Code));
                }
                break;
        }
    }

    // ------------------------------------------------------------------ pass 1

    private string? _firstDefinition;

    private void CheckImportOrder(SNode at)
    {
        if (_firstDefinition is not null) throw Error(at, "import after " + _firstDefinition);
    }

    private void Collect()
    {
        foreach (var f in _fields)
        {
            if (!f.IsList) throw Unexpected(f);
            var items = f.List;
            string? head = Head(f);
            if (head is null) throw items.Count == 0 ? Error(f, "unexpected token") : Unexpected(items[0]);
            int i = 1;
            switch (head)
            {
                case "type":
                {
                    var id = OptId(items, ref i);
                    Bind(_types, id, f);
                    if (!IsListHead(items, i, "func")) throw i < items.Count ? Unexpected(items[i]) : Error(f, "unexpected token");
                    var fl = items[i].List;
                    int j = 1;
                    var ps = new List<ValType>();
                    var rs = new List<ValType>();
                    ParamsResults(fl, ref j, ps, null, rs, allowNames: true);
                    ExpectEnd(fl, j);
                    ExpectEnd(items, i + 1);
                    AddType(new FuncType([.. ps], [.. rs]));
                    break;
                }
                case "import":
                {
                    CheckImportOrder(f);
                    if (!IsAtom(items, 1, TokenKind.String) || !IsAtom(items, 2, TokenKind.String) || items.Count < 4 || !items[3].IsList)
                        throw Error(f, "unexpected token");
                    var desc = items[3];
                    var dl = desc.List;
                    int j = 1;
                    var id = OptId(dl, ref j);
                    switch (Head(desc))
                    {
                        case "func": Bind(_funcs, id, desc); break;
                        case "table": Bind(_tables, id, desc); break;
                        case "memory": Bind(_mems, id, desc); break;
                        case "global": Bind(_globals, id, desc); break;
                        default: throw dl.Count > 0 ? Unexpected(dl[0]) : Error(desc, "unexpected token");
                    }
                    ExpectEnd(items, 4);
                    break;
                }
                case "func" or "table" or "memory" or "global":
                {
                    var id = OptId(items, ref i);
                    while (IsListHead(items, i, "export")) i++;
                    bool isImport = IsListHead(items, i, "import");
                    if (isImport) CheckImportOrder(f);
                    else _firstDefinition ??= head == "func" ? "function" : head;
                    var space = head switch { "func" => _funcs, "table" => _tables, "memory" => _mems, _ => _globals };
                    Bind(space, id, f);
                    if (!isImport)
                    {
                        if (head == "table")
                        {
                            for (int k = i; k < items.Count; k++)
                                if (IsListHead(items, k, "elem")) _elems.Count++;
                        }
                        else if (head == "memory")
                        {
                            for (int k = i; k < items.Count; k++)
                                if (IsListHead(items, k, "data")) _datas.Count++;
                        }
                    }
                    break;
                }
                case "elem":
                    Bind(_elems, OptId(items, ref i), f);
                    break;
                case "data":
                    Bind(_datas, OptId(items, ref i), f);
                    break;
                case "export" or "start":
                    break;
                default:
                    throw Unexpected(items[0]);
            }
        }
    }

    // ------------------------------------------------------------------ types

    /// <summary>Reads <c>(param ...)*</c> then <c>(result ...)*</c>.</summary>
    private void ParamsResults(List<SNode> items, ref int i, List<ValType> ps, List<(string? Id, SNode At)>? names, List<ValType> rs, bool allowNames)
    {
        while (IsListHead(items, i, "param"))
        {
            var pl = items[i].List;
            if (IsAtom(pl, 1, TokenKind.Id))
            {
                if (!allowNames) throw Error(pl[1], "unexpected token");
                if (pl.Count != 3) throw pl.Count < 3 ? Error(items[i], "unexpected token") : Unexpected(pl[3]);
                ps.Add(ParseValType(pl[2]));
                names?.Add((Text(pl[1]), pl[1]));
            }
            else
            {
                for (int k = 1; k < pl.Count; k++)
                {
                    ps.Add(ParseValType(pl[k]));
                    names?.Add((null, pl[k]));
                }
            }
            i++;
        }
        while (IsListHead(items, i, "result"))
        {
            var rl = items[i].List;
            for (int k = 1; k < rl.Count; k++) rs.Add(ParseValType(rl[k]));
            i++;
        }
    }

    private int FindOrAddType(List<ValType> ps, List<ValType> rs)
    {
        var ft = new FuncType([.. ps], [.. rs]);
        if (_typeIndex.TryGetValue(ft, out int k)) return k;
        AddType(ft);
        return _typeList.Count - 1;
    }

    private void AddType(FuncType ft)
    {
        _typeIndex.TryAdd(ft, _typeList.Count);
        _typeList.Add(ft);
    }

    private static bool Matches(FuncType t, List<ValType> ps, List<ValType> rs) =>
        t.Params.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ps)) &&
        t.Results.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rs));

    /// <summary>A type use: <c>(type x)? (param ...)* (result ...)*</c>. Returns the type index; fills parameter names.</summary>
    private int TypeUse(List<SNode> items, ref int i, List<(string? Id, SNode At)>? paramNames, bool allowNames, out int paramCount)
    {
        int explicitIdx = -1;
        SNode? typeNode = null;
        if (IsListHead(items, i, "type"))
        {
            typeNode = items[i];
            var tl = typeNode.List;
            if (tl.Count != 2) throw tl.Count < 2 ? Error(typeNode, "unexpected token") : Unexpected(tl[2]);
            explicitIdx = (int)Resolve(tl[1], _types);
            i++;
        }
        var ps = new List<ValType>();
        var rs = new List<ValType>();
        int before = i;
        ParamsResults(items, ref i, ps, paramNames, rs, allowNames);
        bool inline = i != before;
        if (IsListHead(items, i, "param") || IsListHead(items, i, "type")) throw Error(items[i], "unexpected token");
        if (typeNode is not null)
        {
            if ((uint)explicitIdx < (uint)_typeList.Count)
            {
                var t = _typeList[explicitIdx];
                if (inline && !Matches(t, ps, rs)) throw Error(typeNode, "inline function type");
                paramCount = t.Params.Length;
                if (!inline && paramNames is not null)
                    for (int k = 0; k < t.Params.Length; k++) paramNames.Add((null, typeNode));
            }
            else
            {
                if (inline) throw Error(typeNode, "unknown type");
                paramCount = ps.Count;
            }
            return explicitIdx;
        }
        paramCount = ps.Count;
        return FindOrAddType(ps, rs);
    }

    private void BlockType(List<SNode> items, ref int i)
    {
        if (!(IsListHead(items, i, "type") || IsListHead(items, i, "param") || IsListHead(items, i, "result")))
        {
            _code.Byte(0x40);
            return;
        }
        if (!IsListHead(items, i, "type"))
        {
            // Inline only: a single result (or none) keeps the short encoding.
            int save = i;
            var ps = new List<ValType>();
            var rs = new List<ValType>();
            ParamsResults(items, ref i, ps, null, rs, allowNames: false);
            if (ps.Count == 0 && rs.Count <= 1)
            {
                if (rs.Count == 0) _code.Byte(0x40);
                else WriteValType(_code, rs[0]);
                return;
            }
            i = save;
        }
        int idx = TypeUse(items, ref i, null, allowNames: false, out _);
        if ((uint)idx < (uint)_typeList.Count && _typeList[idx] is { Params.Length: 0, Results.Length: <= 1 } t)
        {
            if (t.Results.Length == 0) _code.Byte(0x40);
            else WriteValType(_code, t.Results[0]);
            return;
        }
        _code.S64(idx);
    }

    private void Limits(List<SNode> items, ref int i, ByteBuffer b, bool is64, SNode parent)
    {
        if (!IsAtom(items, i, TokenKind.Number)) throw i < items.Count ? Unexpected(items[i]) : Error(parent, "unexpected token");
        ulong min = is64 ? ParseU64(items[i]) : ParseU32(items[i]);
        i++;
        ulong? max = null;
        if (IsAtom(items, i, TokenKind.Number))
        {
            max = is64 ? ParseU64(items[i]) : ParseU32(items[i]);
            i++;
        }
        byte flags = (byte)((max.HasValue ? 1 : 0) | (is64 ? 4 : 0));
        b.Byte(flags);
        b.U32(min);
        if (max is { } m) b.U32(m);
    }

    private void TableType(List<SNode> items, ref int i, ByteBuffer b, SNode parent)
    {
        var lim = new ByteBuffer(16);
        Limits(items, ref i, lim, false, parent);
        if (i >= items.Count) throw Error(parent, "unexpected token");
        WriteValType(b, ParseRefType(items[i++]));
        b.Bytes(lim.Span);
    }

    private void MemoryType(List<SNode> items, ref int i, ByteBuffer b, SNode parent)
    {
        bool is64 = false;
        if (IsKeyword(items, i, "i64"))
        {
            is64 = true;
            i++;
        }
        else if (IsKeyword(items, i, "i32"))
        {
            i++;
        }
        Limits(items, ref i, b, is64, parent);
    }

    private void GlobalType(List<SNode> items, ref int i, ByteBuffer b, SNode parent)
    {
        if (i >= items.Count) throw Error(parent, "unexpected token");
        var n = items[i];
        if (n.IsList && HeadIs(n, "mut"))
        {
            var l = n.List;
            if (l.Count != 2) throw Error(n, "unexpected token");
            WriteValType(b, ParseValType(l[1]));
            b.Byte(1);
        }
        else
        {
            WriteValType(b, ParseValType(n));
            b.Byte(0);
        }
        i++;
    }

    // ------------------------------------------------------------------ pass 2

    /// <summary>Encodes the module.</summary>
    public byte[] Encode()
    {
        Collect();
        foreach (var f in _fields)
        {
            var items = f.List;
            switch (Head(f))
            {
                case "type": break;
                case "import": ImportField(f); break;
                case "func": FuncField(f); break;
                case "table": TableField(f); break;
                case "memory": MemoryField(f); break;
                case "global": GlobalField(f); break;
                case "export": ExportField(f); break;
                case "start":
                    if (_start.HasValue) throw Error(f, "multiple start sections");
                    if (items.Count != 2) throw Error(f, "unexpected token");
                    _start = Resolve(items[1], _funcs);
                    break;
                case "elem": ElemField(f); break;
                case "data": DataField(f); break;
            }
        }
        return Assemble();
    }

    private byte[] Assemble()
    {
        var o = new ByteBuffer(256);
        o.Bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
        if (_typeList.Count > 0)
        {
            var b = new ByteBuffer();
            b.U32((uint)_typeList.Count);
            foreach (var t in _typeList)
            {
                b.Byte(0x60);
                b.U32((uint)t.Params.Length);
                foreach (var p in t.Params) WriteValType(b, p);
                b.U32((uint)t.Results.Length);
                foreach (var r in t.Results) WriteValType(b, r);
            }
            Section(o, 1, b.Span);
        }
        Vec(o, 2, _importCount, _importSec);
        Vec(o, 3, _funcDefCount, _funcSec);
        Vec(o, 4, _tableDefCount, _tableSec);
        Vec(o, 5, _memDefCount, _memSec);
        Vec(o, 6, _globalDefCount, _globalSec);
        Vec(o, 7, _exportCount, _exportSec);
        if (_start is { } s)
        {
            var b = new ByteBuffer(8);
            b.U32(s);
            Section(o, 8, b.Span);
        }
        Vec(o, 9, _elemCount, _elemSec);
        if (_usesDataCount)
        {
            var b = new ByteBuffer(8);
            b.U32((uint)_dataCount);
            Section(o, 12, b.Span);
        }
        Vec(o, 10, _funcDefCount, _codeSec);
        Vec(o, 11, _dataCount, _dataSec);
        NameSection(o);
        return o.ToArray();
    }

    private static void Section(ByteBuffer o, byte id, ReadOnlySpan<byte> content)
    {
        o.Byte(id);
        o.U32((uint)content.Length);
        o.Bytes(content);
    }

    private static void Vec(ByteBuffer o, byte id, int count, ByteBuffer content)
    {
        if (count == 0) return;
        var b = new ByteBuffer(content.Length + 5);
        b.U32((uint)count);
        b.Bytes(content.Span);
        Section(o, id, b.Span);
    }

    private void NameSection(ByteBuffer o)
    {
        if (_moduleName is null && _funcNames.Count == 0 && _localNames.Count == 0) return;
        var b = new ByteBuffer();
        b.Name("name");
        if (_moduleName is not null)
        {
            var sub = new ByteBuffer();
            sub.Name(_moduleName);
            b.Byte(0);
            b.Name(sub.Span);
        }
        if (_funcNames.Count > 0)
        {
            var sub = new ByteBuffer();
            sub.U32((uint)_funcNames.Count);
            foreach (var (k, v) in _funcNames)
            {
                sub.U32((uint)k);
                sub.Name(v);
            }
            b.Byte(1);
            b.Name(sub.Span);
        }
        if (_localNames.Count > 0)
        {
            var sub = new ByteBuffer();
            sub.U32((uint)_localNames.Count);
            foreach (var (k, m) in _localNames)
            {
                sub.U32((uint)k);
                sub.U32((uint)m.Count);
                foreach (var (li, ln) in m)
                {
                    sub.U32((uint)li);
                    sub.Name(ln);
                }
            }
            b.Byte(2);
            b.Name(sub.Span);
        }
        Section(o, 0, b.Span);
    }

    private void AddExport(SNode exportNode, byte kind, int index)
    {
        var l = exportNode.List;
        if (l.Count != 2 || !IsAtom(l, 1, TokenKind.String)) throw Error(exportNode, "unexpected token");
        _exportSec.Name(_lx.StringName(l[1].Tok));
        _exportSec.Byte(kind);
        _exportSec.U32((uint)index);
        _exportCount++;
    }

    private void ImportHeader(SNode at, SNode moduleName, SNode fieldName)
    {
        if (moduleName.IsList || moduleName.Tok.Kind != TokenKind.String) throw Unexpected(moduleName);
        if (fieldName.IsList || fieldName.Tok.Kind != TokenKind.String) throw Unexpected(fieldName);
        _importSec.Name(_lx.StringName(moduleName.Tok));
        _importSec.Name(_lx.StringName(fieldName.Tok));
        _importCount++;
    }

    private void ImportField(SNode f)
    {
        var items = f.List;
        ImportHeader(f, items[1], items[2]);
        var desc = items[3];
        var dl = desc.List;
        int i = 1;
        var id = OptId(dl, ref i);
        switch (Head(desc))
        {
            case "func":
            {
                int idx = _funcIdx++;
                if (id is not null) _funcNames[idx] = IdName(id);
                var names = new List<(string?, SNode)>();
                int t = TypeUse(dl, ref i, names, true, out _);
                ExpectEnd(dl, i);
                RecordParamNames(idx, names);
                _importSec.Byte(0);
                _importSec.U32((uint)t);
                break;
            }
            case "table":
                _tableIdx++;
                _importSec.Byte(1);
                TableType(dl, ref i, _importSec, desc);
                ExpectEnd(dl, i);
                break;
            case "memory":
                _memIdx++;
                _importSec.Byte(2);
                MemoryType(dl, ref i, _importSec, desc);
                ExpectEnd(dl, i);
                break;
            default:
                _globalIdx++;
                _importSec.Byte(3);
                GlobalType(dl, ref i, _importSec, desc);
                ExpectEnd(dl, i);
                break;
        }
    }

    private void RecordParamNames(int funcIdx, List<(string? Id, SNode At)> names)
    {
        for (int k = 0; k < names.Count; k++)
        {
            if (names[k].Id is { } n)
            {
                if (!_localNames.TryGetValue(funcIdx, out var m)) _localNames[funcIdx] = m = [];
                m[k] = IdName(n);
            }
        }
    }

    private int InlineExports(List<SNode> items, ref int i, byte kind, int index)
    {
        int n = 0;
        while (IsListHead(items, i, "export"))
        {
            AddExport(items[i], kind, index);
            i++;
            n++;
        }
        return n;
    }

    private bool InlineImport(List<SNode> items, ref int i, byte kind)
    {
        if (!IsListHead(items, i, "import")) return false;
        var il = items[i].List;
        if (il.Count != 3) throw Error(items[i], "unexpected token");
        ImportHeader(items[i], il[1], il[2]);
        _importSec.Byte(kind);
        i++;
        return true;
    }

    private void FuncField(SNode f)
    {
        var items = f.List;
        int i = 1;
        var id = OptId(items, ref i);
        int idx = _funcIdx++;
        if (id is not null) _funcNames[idx] = IdName(id);
        InlineExports(items, ref i, 0, idx);
        var names = new List<(string? Id, SNode At)>();
        if (InlineImport(items, ref i, 0))
        {
            int t = TypeUse(items, ref i, names, true, out _);
            ExpectEnd(items, i);
            RecordParamNames(idx, names);
            _importSec.U32((uint)t);
            return;
        }
        int type = TypeUse(items, ref i, names, true, out _);
        _funcSec.U32((uint)type);
        _funcDefCount++;

        _locals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < names.Count; k++)
        {
            if (names[k].Id is { } n && !_locals.TryAdd(n, k)) throw Error(names[k].At, "duplicate local");
        }
        int localIndex = names.Count;
        var localTypes = new List<ValType>();
        while (IsListHead(items, i, "local"))
        {
            var ll = items[i].List;
            if (IsAtom(ll, 1, TokenKind.Id))
            {
                if (ll.Count != 3) throw ll.Count < 3 ? Error(items[i], "unexpected token") : Unexpected(ll[3]);
                var ln = Text(ll[1]);
                if (!_locals.TryAdd(ln, localIndex)) throw Error(ll[1], "duplicate local");
                names.Add((ln, ll[1]));
                localTypes.Add(ParseValType(ll[2]));
                localIndex++;
            }
            else
            {
                for (int k = 1; k < ll.Count; k++)
                {
                    localTypes.Add(ParseValType(ll[k]));
                    names.Add((null, ll[k]));
                    localIndex++;
                }
            }
            i++;
        }
        RecordParamNames(idx, names);

        _code = new ByteBuffer(256);
        _labels.Clear();
        // Locals, run-length encoded.
        int runs = 0;
        for (int k = 0; k < localTypes.Count; k++)
            if (k == 0 || localTypes[k] != localTypes[k - 1]) runs++;
        _code.U32((uint)runs);
        for (int k = 0; k < localTypes.Count;)
        {
            int j = k;
            while (j < localTypes.Count && localTypes[j] == localTypes[k]) j++;
            _code.U32((uint)(j - k));
            WriteValType(_code, localTypes[k]);
            k = j;
        }
        InstrSeq(items, ref i);
        ExpectEnd(items, i);
        _code.Byte(0x0B);
        _codeSec.U32((uint)_code.Length);
        _codeSec.Bytes(_code.Span);
    }

    private void TableField(SNode f)
    {
        var items = f.List;
        int i = 1;
        var id = OptId(items, ref i);
        int idx = _tableIdx++;
        InlineExports(items, ref i, 1, idx);
        if (InlineImport(items, ref i, 1))
        {
            TableType(items, ref i, _importSec, f);
            ExpectEnd(items, i);
            return;
        }
        if (i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword && IsListHead(items, i + 1, "elem"))
        {
            var rt = ParseRefType(items[i]);
            var el = items[i + 1].List;
            ExpectEnd(items, i + 2);
            // Inline element segment: the table's size is the number of items.
            int j = 1;
            var seg = new ByteBuffer();
            bool exprs = j < el.Count && el[j].IsList;
            int count = 0;
            var body = new ByteBuffer();
            if (exprs)
            {
                for (; j < el.Count; j++)
                {
                    ElemExpr(el[j], body);
                    count++;
                }
            }
            else
            {
                for (; j < el.Count; j++)
                {
                    body.U32(Resolve(el[j], _funcs));
                    count++;
                }
            }
            if (exprs && rt == ValType.FuncRef && TryFuncIndices(body, count) is { } asIndices)
            {
                exprs = false;
                body = asIndices;
            }
            WriteValType(_tableSec, rt);
            _tableSec.Byte(1);
            _tableSec.U32((uint)count);
            _tableSec.U32((uint)count);
            _tableDefCount++;

            bool simple = idx == 0 && rt == ValType.FuncRef;
            int flags = (exprs ? 4 : 0) | (simple ? 0 : 2);
            seg.U32((uint)flags);
            if (!simple) seg.U32((uint)idx);
            seg.Bytes([0x41, 0x00, 0x0B]);
            if (!simple)
            {
                if (exprs) WriteValType(seg, rt);
                else seg.Byte(0x00);
            }
            seg.U32((uint)count);
            seg.Bytes(body.Span);
            _elemSec.Bytes(seg.Span);
            _elemCount++;
            return;
        }
        TableType(items, ref i, _tableSec, f);
        _tableDefCount++;
        ExpectEnd(items, i);
    }

    private void MemoryField(SNode f)
    {
        var items = f.List;
        int i = 1;
        OptId(items, ref i);
        int idx = _memIdx++;
        InlineExports(items, ref i, 2, idx);
        if (InlineImport(items, ref i, 2))
        {
            MemoryType(items, ref i, _importSec, f);
            ExpectEnd(items, i);
            return;
        }
        bool is64 = false;
        if (IsKeyword(items, i, "i64") || IsKeyword(items, i, "i32"))
        {
            is64 = IsKeyword(items, i, "i64");
            if (!IsListHead(items, i + 1, "data")) is64 = false;
            else i++;
        }
        if (IsListHead(items, i, "data"))
        {
            var dl = items[i].List;
            ExpectEnd(items, i + 1);
            var bytes = new List<byte>();
            for (int j = 1; j < dl.Count; j++)
            {
                if (dl[j].IsList || dl[j].Tok.Kind != TokenKind.String) throw Unexpected(dl[j]);
                _lx.AppendStringBytes(dl[j].Tok, bytes);
            }
            ulong pages = ((ulong)bytes.Count + 65535) / 65536;
            _memSec.Byte(is64 ? (byte)5 : (byte)1);
            _memSec.U32(pages);
            _memSec.U32(pages);
            _memDefCount++;
            if (idx == 0)
            {
                _dataSec.Byte(0);
            }
            else
            {
                _dataSec.Byte(2);
                _dataSec.U32((uint)idx);
            }
            _dataSec.Bytes(is64 ? [0x42, 0x00, 0x0B] : [0x41, 0x00, 0x0B]);
            _dataSec.U32((uint)bytes.Count);
            _dataSec.Bytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
            _dataCount++;
            return;
        }
        MemoryType(items, ref i, _memSec, f);
        _memDefCount++;
        ExpectEnd(items, i);
    }

    private void GlobalField(SNode f)
    {
        var items = f.List;
        int i = 1;
        OptId(items, ref i);
        int idx = _globalIdx++;
        InlineExports(items, ref i, 3, idx);
        if (InlineImport(items, ref i, 3))
        {
            GlobalType(items, ref i, _importSec, f);
            ExpectEnd(items, i);
            return;
        }
        GlobalType(items, ref i, _globalSec, f);
        _globalDefCount++;
        ConstExpr(items, i, _globalSec);
    }

    private void ExportField(SNode f)
    {
        var items = f.List;
        if (items.Count != 3 || !IsAtom(items, 1, TokenKind.String) || !items[2].IsList) throw Error(f, "unexpected token");
        var d = items[2];
        var dl = d.List;
        if (dl.Count != 2) throw Error(d, "unexpected token");
        (byte kind, Space space) = Head(d) switch
        {
            "func" => ((byte)0, _funcs),
            "table" => ((byte)1, _tables),
            "memory" => ((byte)2, _mems),
            "global" => ((byte)3, _globals),
            _ => throw Unexpected(dl[0]),
        };
        _exportSec.Name(_lx.StringName(items[1].Tok));
        _exportSec.Byte(kind);
        _exportSec.U32(Resolve(dl[1], space));
        _exportCount++;
    }

    /// <summary>Encodes a constant expression from items[i..] plus <c>end</c> into <paramref name="b"/>.</summary>
    private void ConstExpr(List<SNode> items, int i, ByteBuffer b)
    {
        var saveCode = _code;
        _code = b;
        _locals = new Dictionary<string, int>(StringComparer.Ordinal);
        _labels.Clear();
        InstrSeq(items, ref i);
        ExpectEnd(items, i);
        _code.Byte(0x0B);
        _code = saveCode;
    }

    /// <summary>An offset: <c>(offset instr*)</c> or one folded instruction.</summary>
    private void Offset(SNode n, ByteBuffer b)
    {
        if (HeadIs(n, "offset")) ConstExpr(n.List, 1, b);
        else ConstExpr([n], 0, b);
    }

    /// <summary>An element expression: <c>(item instr*)</c> or one folded instruction.</summary>
    private void ElemExpr(SNode n, ByteBuffer b)
    {
        if (!n.IsList) throw Unexpected(n);
        if (HeadIs(n, "item")) ConstExpr(n.List, 1, b);
        else ConstExpr([n], 0, b);
    }

    private void ElemField(SNode f)
    {
        var items = f.List;
        int i = 1;
        OptId(items, ref i);
        SegmentMode mode = SegmentMode.Passive;
        uint table = 0;
        bool explicitTable = false;
        ByteBuffer? offset = null;
        if (IsKeyword(items, i, "declare"))
        {
            mode = SegmentMode.Declarative;
            i++;
        }
        else
        {
            if (IsListHead(items, i, "table"))
            {
                var tl = items[i].List;
                if (tl.Count != 2) throw Error(items[i], "unexpected token");
                table = Resolve(tl[1], _tables);
                explicitTable = true;
                i++;
            }
            else if (IsIndexAtom(items, i) && i + 1 < items.Count && items[i + 1].IsList)
            {
                table = Resolve(items[i], _tables);
                explicitTable = true;
                i++;
            }
            if (i < items.Count && items[i].IsList)
            {
                mode = SegmentMode.Active;
                offset = new ByteBuffer(16);
                Offset(items[i], offset);
                i++;
            }
            else if (explicitTable)
            {
                throw i < items.Count ? Unexpected(items[i]) : Error(f, "unexpected token");
            }
        }
        // Element list.
        ValType rt = ValType.FuncRef;
        bool exprs;
        var body = new ByteBuffer();
        int count = 0;
        if (IsKeyword(items, i, "func"))
        {
            i++;
            exprs = false;
        }
        else if (i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword || IsListHead(items, i, "ref"))
        {
            rt = ParseRefType(items[i]);
            i++;
            exprs = true;
        }
        else
        {
            // Legacy abbreviation: function indices directly after the offset.
            if (mode != SegmentMode.Active && i < items.Count) throw Unexpected(items[i]);
            exprs = false;
        }
        for (; i < items.Count; i++)
        {
            if (exprs) ElemExpr(items[i], body);
            else body.U32(Resolve(items[i], _funcs));
            count++;
        }
        if (exprs && rt == ValType.FuncRef && TryFuncIndices(body, count) is { } asIndices)
        {
            exprs = false;
            body = asIndices;
        }
        var b = _elemSec;
        switch (mode)
        {
            case SegmentMode.Active:
            {
                bool simple = table == 0 && rt == ValType.FuncRef && !(explicitTable && !exprs && false);
                b.U32((uint)((exprs ? 4 : 0) | (simple ? 0 : 2)));
                if (!simple) b.U32(table);
                b.Bytes(offset!.Span);
                if (!simple)
                {
                    if (exprs) WriteValType(b, rt);
                    else b.Byte(0);
                }
                break;
            }
            case SegmentMode.Passive:
                b.U32(exprs ? 5u : 1u);
                if (exprs) WriteValType(b, rt);
                else b.Byte(0);
                break;
            default:
                b.U32(exprs ? 7u : 3u);
                if (exprs) WriteValType(b, rt);
                else b.Byte(0);
                break;
        }
        b.U32((uint)count);
        b.Bytes(body.Span);
        _elemCount++;
    }

    /// <summary>When every expression is just <c>ref.func x</c>, the function indices (the compact encoding).</summary>
    private static ByteBuffer? TryFuncIndices(ByteBuffer exprs, int count)
    {
        var span = exprs.Span;
        var r = new ByteBuffer(span.Length);
        int p = 0;
        for (int k = 0; k < count; k++)
        {
            if (p >= span.Length || span[p] != 0xD2) return null;
            p++;
            int start = p;
            while (p < span.Length && (span[p] & 0x80) != 0) p++;
            p++;
            if (p >= span.Length || span[p] != 0x0B) return null;
            r.Bytes(span[start..p]);
            p++;
        }
        return p == span.Length ? r : null;
    }

    private void DataField(SNode f)
    {
        var items = f.List;
        int i = 1;
        OptId(items, ref i);
        uint mem = 0;
        bool explicitMem = false;
        if (IsListHead(items, i, "memory"))
        {
            var ml = items[i].List;
            if (ml.Count != 2) throw Error(items[i], "unexpected token");
            mem = Resolve(ml[1], _mems);
            explicitMem = true;
            i++;
        }
        else if (IsIndexAtom(items, i) && i + 1 < items.Count && items[i + 1].IsList)
        {
            mem = Resolve(items[i], _mems);
            explicitMem = true;
            i++;
        }
        ByteBuffer? offset = null;
        if (i < items.Count && items[i].IsList)
        {
            offset = new ByteBuffer(16);
            Offset(items[i], offset);
            i++;
        }
        else if (explicitMem)
        {
            throw i < items.Count ? Unexpected(items[i]) : Error(f, "unexpected token");
        }
        var bytes = new List<byte>();
        for (; i < items.Count; i++)
        {
            if (items[i].IsList || items[i].Tok.Kind != TokenKind.String) throw Unexpected(items[i]);
            _lx.AppendStringBytes(items[i].Tok, bytes);
        }
        if (offset is null)
        {
            _dataSec.Byte(1);
        }
        else
        {
            if (mem == 0)
            {
                _dataSec.Byte(0);
            }
            else
            {
                _dataSec.Byte(2);
                _dataSec.U32(mem);
            }
            _dataSec.Bytes(offset.Span);
        }
        _dataSec.U32((uint)bytes.Count);
        _dataSec.Bytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
        _dataCount++;
    }

    // ------------------------------------------------------------------ instructions

    /// <summary>Instructions from items[i..] up to the end of the list or a flat <c>end</c>/<c>else</c> (not consumed).</summary>
    private void InstrSeq(List<SNode> items, ref int i)
    {
        while (i < items.Count)
        {
            var n = items[i];
            if (n.IsList)
            {
                Folded(n);
                i++;
                continue;
            }
            if (n.Tok.Kind != TokenKind.Keyword) throw Unexpected(n);
            var name = Span(n);
            if (name is "end" or "else") return;
            if (name is "block" or "loop" or "if")
            {
                FlatBlock(items, ref i);
                continue;
            }
            var info = OpcodeInfo.ByName(Text(n)) ?? throw Unexpected(n);
            i++;
            Op(info, n, items, ref i);
        }
    }

    private void EnsureStack(SNode at)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error(at, "nesting too deep");
    }

    private string? OptLabel(List<SNode> items, ref int i) =>
        IsAtom(items, i, TokenKind.Id) ? Text(items[i++]) : null;

    private void FlatBlock(List<SNode> items, ref int i)
    {
        var kw = items[i];
        EnsureStack(kw);
        var name = Text(kw);
        i++;
        var label = OptLabel(items, ref i);
        _code.Byte(name switch { "block" => (byte)0x02, "loop" => (byte)0x03, _ => (byte)0x04 });
        BlockType(items, ref i);
        _labels.Add(label);
        InstrSeq(items, ref i);
        if (name == "if" && IsKeyword(items, i, "else"))
        {
            i++;
            CheckEndLabel(items, ref i, label);
            _code.Byte(0x05);
            InstrSeq(items, ref i);
        }
        if (!IsKeyword(items, i, "end"))
            throw i < items.Count ? Unexpected(items[i]) : Error(kw, "unexpected end of input");
        i++;
        CheckEndLabel(items, ref i, label);
        _code.Byte(0x0B);
        _labels.RemoveAt(_labels.Count - 1);
    }

    private void CheckEndLabel(List<SNode> items, ref int i, string? label)
    {
        if (IsAtom(items, i, TokenKind.Id))
        {
            if (label is null || Text(items[i]) != label) throw Error(items[i], "mismatching label");
            i++;
        }
    }

    private void Folded(SNode n)
    {
        EnsureStack(n);
        var items = n.List;
        if (items.Count == 0 || items[0].IsList || items[0].Tok.Kind != TokenKind.Keyword)
            throw items.Count == 0 ? Error(n, "unexpected token") : Unexpected(items[0]);
        var head = items[0];
        var name = Span(head);
        int i = 1;
        if (name is "block" or "loop")
        {
            var label = OptLabel(items, ref i);
            _code.Byte(name is "block" ? (byte)0x02 : (byte)0x03);
            BlockType(items, ref i);
            _labels.Add(label);
            InstrSeq(items, ref i);
            ExpectEnd(items, i);
            _code.Byte(0x0B);
            _labels.RemoveAt(_labels.Count - 1);
            return;
        }
        if (name is "if")
        {
            var label = OptLabel(items, ref i);
            int start = _code.Length;
            BlockType(items, ref i);
            var bt = _code.CutFrom(start);
            while (i < items.Count && items[i].IsList && !HeadIs(items[i], "then"))
            {
                Folded(items[i]);
                i++;
            }
            if (!IsListHead(items, i, "then")) throw i < items.Count ? Unexpected(items[i]) : Error(n, "unexpected token");
            _code.Byte(0x04);
            _code.Bytes(bt);
            _labels.Add(label);
            var tl = items[i].List;
            int j = 1;
            InstrSeq(tl, ref j);
            ExpectEnd(tl, j);
            i++;
            if (IsListHead(items, i, "else"))
            {
                _code.Byte(0x05);
                var el = items[i].List;
                j = 1;
                InstrSeq(el, ref j);
                ExpectEnd(el, j);
                i++;
            }
            ExpectEnd(items, i);
            _code.Byte(0x0B);
            _labels.RemoveAt(_labels.Count - 1);
            return;
        }
        var info = OpcodeInfo.ByName(Text(head)) ?? throw Unexpected(head);
        int mark = _code.Length;
        Op(info, head, items, ref i);
        var op = _code.CutFrom(mark);
        for (; i < items.Count; i++)
        {
            if (!items[i].IsList) throw Unexpected(items[i]);
            Folded(items[i]);
        }
        _code.Bytes(op);
    }

    private void Opcode(OpcodeInfo info)
    {
        if (info.Prefix != 0)
        {
            _code.Byte(info.Prefix);
            _code.U32(info.Code);
        }
        else
        {
            _code.Byte((byte)info.Code);
        }
    }

    private SNode Next(List<SNode> items, ref int i, SNode op)
    {
        if (i >= items.Count) throw Error(op, "unexpected token");
        return items[i++];
    }

    /// <summary>Writes an instruction (opcode and immediates), consuming immediates from items[i..].</summary>
    private void Op(OpcodeInfo info, SNode op, List<SNode> items, ref int i)
    {
        switch (info.Immediate)
        {
            case Imm.None:
                if (info.Opcode == Instructions.Opcode.Select && IsListHead(items, i, "result"))
                {
                    var ts = new List<ValType>();
                    while (IsListHead(items, i, "result"))
                    {
                        var rl = items[i].List;
                        for (int k = 1; k < rl.Count; k++) ts.Add(ParseValType(rl[k]));
                        i++;
                    }
                    _code.Byte(0x1C);
                    _code.U32((uint)ts.Count);
                    foreach (var t in ts) WriteValType(_code, t);
                    return;
                }
                if (info.Opcode is Instructions.Opcode.Else or Instructions.Opcode.End) throw Unexpected(op);
                Opcode(info);
                return;
            case Imm.BlockType:
            case Imm.SelectT:
                throw Unexpected(op);
            case Imm.Label:
                Opcode(info);
                _code.U32(Label(Next(items, ref i, op)));
                return;
            case Imm.BrTable:
            {
                Opcode(info);
                var ls = new List<uint>();
                while (IsIndexAtom(items, i)) ls.Add(Label(items[i++]));
                if (ls.Count == 0) throw i < items.Count ? Unexpected(items[i]) : Error(op, "unexpected token");
                _code.U32((uint)(ls.Count - 1));
                foreach (var l in ls) _code.U32(l);
                return;
            }
            case Imm.Func:
                Opcode(info);
                _code.U32(Resolve(Next(items, ref i, op), _funcs));
                return;
            case Imm.CallIndirect:
            {
                uint table = 0;
                if (IsIndexAtom(items, i)) table = Resolve(items[i++], _tables);
                int mark = _code.Length;
                int t = TypeUse(items, ref i, null, allowNames: false, out _);
                _code.CutFrom(mark);
                Opcode(info);
                _code.U32((uint)t);
                _code.U32(table);
                return;
            }
            case Imm.Local:
            {
                Opcode(info);
                var n = Next(items, ref i, op);
                if (!n.IsList && n.Tok.Kind == TokenKind.Id)
                {
                    if (!_locals.TryGetValue(Text(n), out int li)) throw Error(n, "unknown local " + Text(n));
                    _code.U32((uint)li);
                }
                else
                {
                    _code.U32(ParseU32(n));
                }
                return;
            }
            case Imm.Global:
                Opcode(info);
                _code.U32(Resolve(Next(items, ref i, op), _globals));
                return;
            case Imm.Table:
                Opcode(info);
                _code.U32(IsIndexAtom(items, i) ? Resolve(items[i++], _tables) : 0);
                return;
            case Imm.Memory:
                Opcode(info);
                _code.U32(IsIndexAtom(items, i) ? Resolve(items[i++], _mems) : 0);
                return;
            case Imm.MemArg:
                Opcode(info);
                MemArg(info, items, ref i, false);
                return;
            case Imm.MemArgLane:
                Opcode(info);
                MemArg(info, items, ref i, true);
                _code.Byte(LaneIndex(Next(items, ref i, op)));
                return;
            case Imm.I32:
            {
                Opcode(info);
                var n = Next(items, ref i, op);
                _code.S64((int)(uint)IntLiteral(n, 32));
                return;
            }
            case Imm.I64:
            {
                Opcode(info);
                var n = Next(items, ref i, op);
                _code.S64((long)IntLiteral(n, 64));
                return;
            }
            case Imm.F32:
                Opcode(info);
                _code.Fixed32(F32Literal(Next(items, ref i, op)));
                return;
            case Imm.F64:
                Opcode(info);
                _code.Fixed64(F64Literal(Next(items, ref i, op)));
                return;
            case Imm.V128:
            {
                Opcode(info);
                var v = V128Literal(items, ref i, op);
                _code.Fixed64(v.Lo);
                _code.Fixed64(v.Hi);
                return;
            }
            case Imm.Lane:
                Opcode(info);
                _code.Byte(LaneIndex(Next(items, ref i, op)));
                return;
            case Imm.Shuffle:
            {
                Opcode(info);
                int count = 0;
                int start = i;
                while (i < items.Count && !items[i].IsList && items[i].Tok.Kind is TokenKind.Number or TokenKind.Keyword && !IsInstructionKeyword(items[i]))
                {
                    i++;
                    count++;
                }
                if (count != 16) throw Error(op, "invalid lane length");
                for (int k = start; k < i; k++) _code.Byte(LaneIndex(items[k], true));
                return;
            }
            case Imm.HeapType:
            {
                Opcode(info);
                var n = Next(items, ref i, op);
                if (!n.IsList && Span(n) is "func") _code.Byte(0x70);
                else if (!n.IsList && Span(n) is "extern") _code.Byte(0x6F);
                else if (!n.IsList && n.Tok.Kind is TokenKind.Id or TokenKind.Number) _code.S64(Resolve(n, _types));
                else throw Unexpected(n);
                return;
            }
            case Imm.MemoryInit:
            {
                _usesDataCount = true;
                Opcode(info);
                uint mem = 0;
                if (IsIndexAtom(items, i) && IsIndexAtom(items, i + 1)) mem = Resolve(items[i++], _mems);
                _code.U32(Resolve(Next(items, ref i, op), _datas));
                _code.U32(mem);
                return;
            }
            case Imm.Data:
                _usesDataCount = true;
                Opcode(info);
                _code.U32(Resolve(Next(items, ref i, op), _datas));
                return;
            case Imm.MemoryCopy:
            {
                Opcode(info);
                uint d = 0, s = 0;
                if (IsIndexAtom(items, i))
                {
                    d = Resolve(items[i++], _mems);
                    s = Resolve(Next(items, ref i, op), _mems);
                }
                _code.U32(d);
                _code.U32(s);
                return;
            }
            case Imm.TableInit:
            {
                Opcode(info);
                uint table = 0;
                if (IsIndexAtom(items, i) && IsIndexAtom(items, i + 1)) table = Resolve(items[i++], _tables);
                _code.U32(Resolve(Next(items, ref i, op), _elems));
                _code.U32(table);
                return;
            }
            case Imm.Elem:
                Opcode(info);
                _code.U32(Resolve(Next(items, ref i, op), _elems));
                return;
            case Imm.TableCopy:
            {
                Opcode(info);
                uint d = 0, s = 0;
                if (IsIndexAtom(items, i))
                {
                    d = Resolve(items[i++], _tables);
                    s = Resolve(Next(items, ref i, op), _tables);
                }
                _code.U32(d);
                _code.U32(s);
                return;
            }
            default:
                throw Unexpected(op);
        }
    }

    private bool IsInstructionKeyword(SNode n) => n.Tok.Kind == TokenKind.Keyword && Keywords.IsKnown(Text(n)) && !Span(n).StartsWith("nan") && Span(n) is not "inf";

    private uint Label(SNode n)
    {
        if (n.IsList) throw Unexpected(n);
        if (n.Tok.Kind == TokenKind.Id)
        {
            var name = Text(n);
            for (int k = _labels.Count - 1; k >= 0; k--)
                if (_labels[k] == name) return (uint)(_labels.Count - 1 - k);
            throw Error(n, "unknown label " + name);
        }
        return ParseU32(n);
    }

    private byte LaneIndex(SNode n, bool shuffle = false)
    {
        if (n.IsList || n.Tok.Kind != TokenKind.Number) throw shuffle ? Error(n, "malformed lane index") : Unexpected(n);
        return TextNumbers.ParseUnsigned(Span(n), 255, out var v) switch
        {
            NumResult.Ok => (byte)v,
            NumResult.Range => throw Error(n, "malformed lane index"),
            _ => throw (shuffle || !IsNumber(Span(n)) ? Error(n, "malformed lane index") : Error(n, "unexpected token")),
        };
    }

    private void MemArg(OpcodeInfo info, List<SNode> items, ref int i, bool lane)
    {
        uint mem = 0;
        if (IsAtom(items, i, TokenKind.Id)) mem = Resolve(items[i++], _mems);
        else if (IsAtom(items, i, TokenKind.Number) && (!lane || MemIndexBeforeLane(items, i))) mem = Resolve(items[i++], _mems);
        ulong offset = 0;
        int align = info.MaxAlign;
        if (i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword && Span(items[i]).StartsWith("offset="))
        {
            var s = Span(items[i])[7..];
            offset = TextNumbers.ParseUnsigned(s, uint.MaxValue, out var v) switch
            {
                NumResult.Ok => v,
                NumResult.Range => throw Error(items[i], "i32 constant out of range"),
                _ => throw Error(items[i], "unknown operator " + Text(items[i])),
            };
            i++;
        }
        if (i < items.Count && !items[i].IsList && items[i].Tok.Kind == TokenKind.Keyword && Span(items[i]).StartsWith("align="))
        {
            var s = Span(items[i])[6..];
            var r = TextNumbers.ParseUnsigned(s, uint.MaxValue, out var v);
            if (r == NumResult.Syntax) throw Error(items[i], "unknown operator " + Text(items[i]));
            if (r == NumResult.Range || v == 0 || (v & (v - 1)) != 0) throw Error(items[i], "alignment must be a power of two");
            align = System.Numerics.BitOperations.Log2(v);
            i++;
        }
        if (mem != 0)
        {
            _code.U32((uint)align | 0x40);
            _code.U32(mem);
        }
        else
        {
            _code.U32((uint)align);
        }
        _code.U32(offset);
    }

    private bool MemIndexBeforeLane(List<SNode> items, int i)
    {
        // memidx? memarg laneidx: a leading number is a memory index only when another number follows the memarg.
        int j = i + 1;
        while (j < items.Count && !items[j].IsList && items[j].Tok.Kind == TokenKind.Keyword &&
               (Span(items[j]).StartsWith("offset=") || Span(items[j]).StartsWith("align="))) j++;
        return IsAtom(items, j, TokenKind.Number);
    }

    private ulong IntLiteral(SNode n, int bits)
    {
        if (n.IsList) throw Unexpected(n);
        var r = TextNumbers.ParseInt(Span(n), bits, out var v);
        return r switch
        {
            NumResult.Ok => v,
            NumResult.Range => throw Error(n, "constant out of range"),
            _ => throw Unexpected(n),
        };
    }

    private uint F32Literal(SNode n)
    {
        if (n.IsList) throw Unexpected(n);
        return TextNumbers.ParseF32(Span(n), out var v) switch
        {
            NumResult.Ok => v,
            NumResult.Range => throw Error(n, "constant out of range"),
            _ => throw Unexpected(n),
        };
    }

    private ulong F64Literal(SNode n)
    {
        if (n.IsList) throw Unexpected(n);
        return TextNumbers.ParseF64(Span(n), out var v) switch
        {
            NumResult.Ok => v,
            NumResult.Range => throw Error(n, "constant out of range"),
            _ => throw Unexpected(n),
        };
    }

    private bool IsLaneLiteral(List<SNode> items, int i)
    {
        if (i >= items.Count || items[i].IsList) return false;
        var t = items[i].Tok.Kind;
        if (t is TokenKind.Number or TokenKind.Reserved) return true;
        return t == TokenKind.Keyword && (Span(items[i]).StartsWith("nan") || Span(items[i]).StartsWith("inf"));
    }

    /// <summary>Shape and lanes of a <c>v128.const</c>.</summary>
    private V128 V128Literal(List<SNode> items, ref int i, SNode op)
    {
        var shapeNode = Next(items, ref i, op);
        if (shapeNode.IsList || shapeNode.Tok.Kind != TokenKind.Keyword) throw Unexpected(shapeNode);
        var shape = Text(shapeNode);
        (int lanes, int bits, bool isFloat) = shape switch
        {
            "i8x16" => (16, 8, false),
            "i16x8" => (8, 16, false),
            "i32x4" => (4, 32, false),
            "i64x2" => (2, 64, false),
            "f32x4" => (4, 32, true),
            "f64x2" => (2, 64, true),
            _ => throw Unexpected(shapeNode),
        };
        Span<byte> bytes = stackalloc byte[16];
        int available = 0;
        while (available <= lanes && IsLaneLiteral(items, i + available)) available++;
        if (available != lanes) throw Error(shapeNode, "wrong number of lane literals");
        for (int k = 0; k < lanes; k++)
        {
            var n = items[i++];
            ulong v;
            if (isFloat) v = bits == 32 ? F32Literal(n) : F64Literal(n);
            else
            {
                var r = TextNumbers.ParseInt(Span(n), bits, out v);
                if (r == NumResult.Range) throw Error(n, "constant out of range");
                if (r != NumResult.Ok) throw Unexpected(n);
            }
            for (int b = 0; b < bits / 8; b++) bytes[k * (bits / 8) + b] = (byte)(v >> (8 * b));
        }
        return new V128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
    }
}
