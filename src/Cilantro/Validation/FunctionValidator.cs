using System.Runtime.CompilerServices;
using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Validation;

/// <summary>
/// Validates function bodies with the algorithm of the spec's validation appendix: an operand stack of
/// value types (with a bottom type for unreachable code) and a control stack of frames. One instance
/// validates every function of a module, reusing its stacks; no allocation happens per instruction.
/// Plain operators are typed from <see cref="OpcodeInfo.Params"/>/<see cref="OpcodeInfo.Results"/>;
/// only control, variable, reference, table and bulk instructions are typed by hand.
/// </summary>
internal sealed class FunctionValidator
{
    private static readonly ValType Bottom = ValidationContext.Bottom;
    private static readonly ValType[] NoTypes = [];
    private static readonly ValType[] OneI32 = [ValType.I32];
    private static readonly ValType[] OneI64 = [ValType.I64];
    private static readonly ValType[] OneF32 = [ValType.F32];
    private static readonly ValType[] OneF64 = [ValType.F64];
    private static readonly ValType[] OneV128 = [ValType.V128];
    private static readonly ValType[] OneFuncRef = [ValType.FuncRef];
    private static readonly ValType[] OneExternRef = [ValType.ExternRef];

    private const int ExpandLocalsLimit = 1 << 16;

    /// <summary>Implementation limit on the operand stack height of a function body, in values.</summary>
    internal const int MaxOperandStackHeight = 1 << 20;

    private struct Ctrl
    {
        public Opcode Op;
        public bool Unreachable;
        public int Height;
        public ValType[] Start;
        public ValType[] End;
        public readonly ValType[] Labels => Op == Opcode.Loop ? Start : End;
    }

    private readonly ValidationContext _ctx;
    private readonly Dictionary<ValType, ValType[]> _singleTypes = [];

    private ValType[] _stack = new ValType[64];
    private int _sp;
    private int _maxSp;
    private int _maxCp;
    private Ctrl[] _ctrls = new Ctrl[16];
    private int _cp;
    // Copies of the innermost frame's Height and Unreachable, kept in sync, for the hot pop path.
    private int _height;
    private bool _unreachable;

    // Locals: expanded one type per index when few, else runs (end index exclusive, type) searched by bisection.
    private ValType[] _locals = new ValType[64];
    private long _localCount;
    private bool _localsExpanded;
    private long[] _runEnds = new long[8];
    private ValType[] _runTypes = new ValType[8];
    private int _runCount;

    public FunctionValidator(ValidationContext ctx) => _ctx = ctx;

    /// <summary>Largest control stack depth (nesting of blocks, the function's own frame included) of the last function validated.</summary>
    public int MaxControlDepth => _maxCp;

    /// <summary>Validates one defined function; returns its maximum operand stack height (in values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Validate(FuncType type, FunctionBody body)
    {
        Begin(type, body);
        var r = new CodeReader(body.Code.Span, body.CodeOffset, _ctx.Features);
        Instruction ins = default;
        while (true)
        {
            if (r.AtEnd) throw new MalformedModuleException("END opcode expected", r.Offset);
            r.ReadFast(ref ins);
            Step(ref ins);
            if (_cp == 0) break;
        }
        if (!r.AtEnd) throw new MalformedModuleException("section size mismatch", r.Offset);
        return _maxSp;
    }

    // ---- step-by-step use (engines' translators: operand types before each instruction) ----

    /// <summary>Starts walking a function body: sets its locals and pushes the function's frame.</summary>
    public void Begin(FuncType type, FunctionBody body)
    {
        SetLocals(type, body);
        _sp = 0;
        _maxSp = 0;
        _cp = 0;
        _maxCp = 0;
        PushCtrl(Opcode.Block, NoTypes, type.Results);
    }

    /// <summary>Starts walking the body of function <paramref name="funcIndex"/> (an index of a defined function in the function index space).</summary>
    public void Begin(int funcIndex)
    {
        int imported = _ctx.Funcs.Length - _ctx.Module.Bodies.Count;
        Begin(_ctx.Funcs[funcIndex], _ctx.Module.Bodies[funcIndex - imported]);
    }

    /// <summary>Checks one instruction and applies its effect to the operand and control stacks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(ref Instruction ins)
    {
        if (_cp == 0) throw new MalformedModuleException("section size mismatch", ins.Offset);
        var info = OpcodeInfo.Get(ins.Opcode);
        if (info.Params is { } ps)
        {
            if (info.Immediate == Imm.None)
            {
                for (int i = ps.Length - 1; i >= 0; i--) PopExpect(ps[i], ins.Offset);
            }
            else
            {
                PlainWithImmediate(ref ins, info, ps);
            }
            var rs = info.Results!;
            for (int i = 0; i < rs.Length; i++) Push(rs[i]);
            return;
        }
        Special(ref ins);
    }

    /// <summary>True once the function's final <c>end</c> has been stepped.</summary>
    public bool Finished => _cp == 0;

    /// <summary>Operand stack height (all frames), in values.</summary>
    public int StackHeight => _sp;

    /// <summary>Number of operands the innermost frame can pop (values pushed inside it).</summary>
    public int FrameOperandCount => _sp - _height;

    /// <summary>True when the code about to be stepped is unreachable (after br, return, unreachable, ...).</summary>
    public bool IsUnreachable => _unreachable;

    /// <summary>
    /// Type of the operand <paramref name="depth"/> places below the top (0 = top), or
    /// <see cref="ValidationContext.Bottom"/> for a missing operand in unreachable code.
    /// </summary>
    public ValType PeekOperand(int depth)
    {
        int pos = _sp - 1 - depth;
        return pos >= _height && pos >= 0 ? _stack[pos] : Bottom;
    }

    /// <summary>Number of control frames open (1 = only the function's frame).</summary>
    public int ControlDepth => _cp;

    /// <summary>Type of local <paramref name="index"/> (parameters first); the index must be valid.</summary>
    public ValType LocalType(uint index) => Local(index, -1);

    private void SetLocals(FuncType type, FunctionBody body)
    {
        var ps = type.Params;
        long total = ps.Length;
        foreach (var d in body.Locals) total += d.Count;
        _localCount = total;
        foreach (var d in body.Locals) _ctx.CheckValType(d.Type, body.CodeOffset);
        // Expanding costs one write per local: only do it when that is bounded by the body's size (a body of
        // n bytes names at most n locals), so that huge local counts in tiny bodies cannot make validation slow.
        if (total <= ExpandLocalsLimit && total <= Math.Max(256, body.Code.Length))
        {
            _localsExpanded = true;
            if (_locals.Length < total) _locals = new ValType[Math.Max(total, _locals.Length * 2)];
            ps.CopyTo(_locals, 0);
            int n = ps.Length;
            foreach (var d in body.Locals)
            {
                _locals.AsSpan(n, (int)d.Count).Fill(d.Type);
                n += (int)d.Count;
            }
        }
        else
        {
            _localsExpanded = false;
            _runCount = 0;
            long end = 0;
            foreach (var p in ps) AddRun(end += 1, p);
            foreach (var d in body.Locals)
                if (d.Count > 0) AddRun(end += d.Count, d.Type);
        }
    }

    private void AddRun(long end, ValType t)
    {
        if (_runCount == _runEnds.Length)
        {
            Array.Resize(ref _runEnds, _runCount * 2);
            Array.Resize(ref _runTypes, _runCount * 2);
        }
        _runEnds[_runCount] = end;
        _runTypes[_runCount++] = t;
    }

    private ValType Local(uint index, int offset)
    {
        if (index >= _localCount) throw Err($"unknown local {index}", offset);
        if (_localsExpanded) return _locals[index];
        int lo = 0, hi = _runCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_runEnds[mid] <= index) lo = mid + 1; else hi = mid;
        }
        return _runTypes[lo];
    }

    // ---- operand stack ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ValType t)
    {
        if (_sp == _stack.Length) GrowStack();
        _stack[_sp++] = t;
        if (_sp > _maxSp) _maxSp = _sp;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowStack()
    {
        // Calls push up to MaxFunctionParamsOrResults values from a few bytes: bound the memory a crafted body can claim.
        if (_sp >= MaxOperandStackHeight)
            throw Err($"operand stack too large (implementation limit {MaxOperandStackHeight})", -1);
        Array.Resize(ref _stack, _sp * 2);
    }

    private void PushVals(ValType[] ts)
    {
        for (int i = 0; i < ts.Length; i++) Push(ts[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PopExpect(ValType expected, int offset)
    {
        if (_sp == _height)
        {
            if (_unreachable) return;
            throw TypeMismatch(offset);
        }
        var actual = _stack[--_sp];
        if (!ValidationContext.Matches(actual, expected)) throw TypeMismatch(offset);
    }

    private ValType PopAny(int offset)
    {
        if (_sp == _height)
        {
            if (_unreachable) return Bottom;
            throw TypeMismatch(offset);
        }
        return _stack[--_sp];
    }

    private void PopVals(ValType[] ts, int offset)
    {
        int n = ts.Length;
        int available = _sp - _height;
        if (n > available)
        {
            // Only in unreachable code may the stack run dry: the missing values are bottom and match
            // anything, so check only the values present (keeps huge signatures cheap in dead code).
            if (!_unreachable) throw TypeMismatch(offset);
            for (int i = 0; i < available; i++)
                if (!ValidationContext.Matches(_stack[_height + i], ts[n - available + i])) throw TypeMismatch(offset);
            _sp = _height;
            return;
        }
        for (int i = n - 1; i >= 0; i--)
        {
            if (!ValidationContext.Matches(_stack[--_sp], ts[i])) throw TypeMismatch(offset);
        }
    }

    /// <summary>Checks that the top of the stack matches <paramref name="ts"/> without popping (pop then push back).</summary>
    private void PeekVals(ValType[] ts, int offset)
    {
        int n = ts.Length;
        for (int i = 0; i < n; i++)
        {
            int pos = _sp - n + i;
            if (pos < _height)
            {
                if (!_unreachable) throw TypeMismatch(offset);
                continue;
            }
            if (!ValidationContext.Matches(_stack[pos], ts[i])) throw TypeMismatch(offset);
        }
    }

    // ---- control stack ----

    private void PushCtrl(Opcode op, ValType[] start, ValType[] end)
    {
        if (_cp == _ctrls.Length) Array.Resize(ref _ctrls, _cp * 2);
        ref var c = ref _ctrls[_cp++];
        if (_cp > _maxCp) _maxCp = _cp;
        c.Op = op;
        c.Start = start;
        c.End = end;
        c.Height = _sp;
        c.Unreachable = false;
        _height = _sp;
        _unreachable = false;
        PushVals(start);
    }

    private Ctrl PopCtrl(int offset)
    {
        var c = _ctrls[_cp - 1];
        PopVals(c.End, offset);
        if (_sp != c.Height) throw TypeMismatch(offset);
        _cp--;
        if (_cp > 0)
        {
            ref var outer = ref _ctrls[_cp - 1];
            _height = outer.Height;
            _unreachable = outer.Unreachable;
        }
        return c;
    }

    private void SetUnreachable()
    {
        ref var c = ref _ctrls[_cp - 1];
        _sp = c.Height;
        c.Unreachable = true;
        _unreachable = true;
    }

    private ref Ctrl Label(uint depth, int offset)
    {
        if (depth >= (uint)_cp) throw Err($"unknown label {depth}", offset);
        return ref _ctrls[_cp - 1 - (int)depth];
    }

    // ---- instructions ----

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PlainWithImmediate(ref Instruction ins, OpcodeInfo info, ValType[] ps)
    {
        switch (info.Immediate)
        {
            case Imm.MemArg:
            case Imm.MemArgLane:
            {
                var mem = Memory(ins.Index, ins.Offset);
                if (ins.Align > (uint)info.MaxAlign) throw Err("alignment must not be larger than natural", ins.Offset);
                if (info.Immediate == Imm.MemArgLane && ins.Index2 >= (uint)info.LaneCount)
                    throw Err("invalid lane index", ins.Offset);
                if (!mem.Is64 && ins.Value > uint.MaxValue) throw Err("offset out of range", ins.Offset);
                // The first parameter is the address: its type comes from the memory.
                for (int i = ps.Length - 1; i >= 1; i--) PopExpect(ps[i], ins.Offset);
                PopExpect(ValidationContext.AddressType(mem), ins.Offset);
                return;
            }
            case Imm.Lane:
                if (ins.Index >= (uint)info.LaneCount) throw Err("invalid lane index", ins.Offset);
                break;
            case Imm.Shuffle:
                if (!ShuffleLanesValid(ins.V128)) throw Err("invalid lane index", ins.Offset);
                break;
        }
        for (int i = ps.Length - 1; i >= 0; i--) PopExpect(ps[i], ins.Offset);
    }

    private static bool ShuffleLanesValid(V128 v)
    {
        // Every lane byte must be < 32: no byte may have any of bits 5..7 set.
        const ulong mask = 0xE0E0E0E0E0E0E0E0UL;
        return ((v.Lo | v.Hi) & mask) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Special(ref Instruction ins)
    {
        int at = ins.Offset;
        switch (ins.Opcode)
        {
            case Opcode.Unreachable:
                SetUnreachable();
                break;

            case Opcode.Block:
            case Opcode.Loop:
            {
                ResolveBlockType(ins.Block, at, out var start, out var end);
                PopVals(start, at);
                PushCtrl(ins.Opcode, start, end);
                break;
            }
            case Opcode.If:
            {
                ResolveBlockType(ins.Block, at, out var start, out var end);
                PopExpect(ValType.I32, at);
                PopVals(start, at);
                PushCtrl(Opcode.If, start, end);
                break;
            }
            case Opcode.Else:
            {
                if (_ctrls[_cp - 1].Op != Opcode.If) throw new MalformedModuleException("END opcode expected", at);
                var c = PopCtrl(at);
                PushCtrl(Opcode.Else, c.Start, c.End);
                break;
            }
            case Opcode.End:
            {
                var c = PopCtrl(at);
                if (c.Op == Opcode.If && !SameTypes(c.Start, c.End)) throw TypeMismatch(at);
                if (_cp > 0) PushVals(c.End);
                break;
            }

            case Opcode.Br:
                PopVals(Label(ins.Index, at).Labels, at);
                SetUnreachable();
                break;
            case Opcode.BrIf:
            {
                var labels = Label(ins.Index, at).Labels;
                PopExpect(ValType.I32, at);
                PopVals(labels, at);
                PushVals(labels);
                break;
            }
            case Opcode.BrTable:
            {
                PopExpect(ValType.I32, at);
                var def = Label(ins.Index, at).Labels;
                int arity = def.Length;
                var targets = ins.Labels!;
                ValType[]? lastChecked = null;
                for (int i = 0; i < targets.Length; i++)
                {
                    var lt = Label(targets[i], at).Labels;
                    if (lt.Length != arity) throw TypeMismatch(at);
                    // The stack does not change while the targets are checked: an array checked already
                    // (labels of one block type share it) needs no second look.
                    if (arity == 0 || ReferenceEquals(lt, lastChecked)) continue;
                    PeekVals(lt, at);
                    lastChecked = lt;
                }
                PopVals(def, at);
                SetUnreachable();
                break;
            }
            case Opcode.Return:
                PopVals(_ctrls[0].End, at);
                SetUnreachable();
                break;

            case Opcode.Call:
            {
                if (ins.Index >= (uint)_ctx.Funcs.Length) throw Err($"unknown function {ins.Index}", at);
                var ft = _ctx.Funcs[ins.Index];
                PopVals(ft.Params, at);
                PushVals(ft.Results);
                break;
            }
            case Opcode.CallIndirect:
            {
                // Same order of checks as the reference interpreter: table, type, element type.
                var table = Table(ins.Index2, at);
                var ft = _ctx.FuncTypeAt(ins.Index, at);
                if (!ValidationContext.Matches(table.ElementType, ValType.FuncRef)) throw TypeMismatch(at);
                PopExpect(ValidationContext.AddressType(table), at);
                PopVals(ft.Params, at);
                PushVals(ft.Results);
                break;
            }

            case Opcode.Drop:
                PopAny(at);
                break;
            case Opcode.Select:
            {
                PopExpect(ValType.I32, at);
                var t1 = PopAny(at);
                var t2 = PopAny(at);
                bool numeric = IsNumOrBottom(t1) && IsNumOrBottom(t2);
                bool vector = IsVecOrBottom(t1) && IsVecOrBottom(t2);
                if (!numeric && !vector) throw TypeMismatch(at);
                if (t1 != t2 && t1 != Bottom && t2 != Bottom) throw TypeMismatch(at);
                Push(t1 == Bottom ? t2 : t1);
                break;
            }
            case Opcode.SelectTyped:
            {
                if (ins.Index != 1) throw Err("invalid result arity", at);
                var t = ins.Type;
                _ctx.CheckValType(t, at);
                PopExpect(ValType.I32, at);
                PopExpect(t, at);
                PopExpect(t, at);
                Push(t);
                break;
            }

            case Opcode.LocalGet:
                Push(Local(ins.Index, at));
                break;
            case Opcode.LocalSet:
                PopExpect(Local(ins.Index, at), at);
                break;
            case Opcode.LocalTee:
            {
                var t = Local(ins.Index, at);
                PopExpect(t, at);
                Push(t);
                break;
            }
            case Opcode.GlobalGet:
                Push(Global(ins.Index, at).ValueType);
                break;
            case Opcode.GlobalSet:
            {
                var g = Global(ins.Index, at);
                if (!g.Mutable) throw Err("global is immutable", at);
                PopExpect(g.ValueType, at);
                break;
            }

            case Opcode.TableGet:
            {
                var t = Table(ins.Index, at);
                PopExpect(ValidationContext.AddressType(t), at);
                Push(t.ElementType);
                break;
            }
            case Opcode.TableSet:
            {
                var t = Table(ins.Index, at);
                PopExpect(t.ElementType, at);
                PopExpect(ValidationContext.AddressType(t), at);
                break;
            }
            case Opcode.TableSize:
                Push(ValidationContext.AddressType(Table(ins.Index, at)));
                break;
            case Opcode.TableGrow:
            {
                var t = Table(ins.Index, at);
                var a = ValidationContext.AddressType(t);
                PopExpect(a, at);
                PopExpect(t.ElementType, at);
                Push(a);
                break;
            }
            case Opcode.TableFill:
            {
                var t = Table(ins.Index, at);
                var a = ValidationContext.AddressType(t);
                PopExpect(a, at);
                PopExpect(t.ElementType, at);
                PopExpect(a, at);
                break;
            }
            case Opcode.TableCopy:
            {
                var dst = Table(ins.Index, at);
                var src = Table(ins.Index2, at);
                if (!ValidationContext.Matches(src.ElementType, dst.ElementType)) throw TypeMismatch(at);
                var ad = ValidationContext.AddressType(dst);
                var asrc = ValidationContext.AddressType(src);
                var an = ad == ValType.I64 && asrc == ValType.I64 ? ValType.I64 : ValType.I32;
                PopExpect(an, at);
                PopExpect(asrc, at);
                PopExpect(ad, at);
                break;
            }
            case Opcode.TableInit:
            {
                var t = Table(ins.Index2, at);
                var et = Elem(ins.Index, at);
                if (!ValidationContext.Matches(et, t.ElementType)) throw TypeMismatch(at);
                PopExpect(ValType.I32, at);
                PopExpect(ValType.I32, at);
                PopExpect(ValidationContext.AddressType(t), at);
                break;
            }
            case Opcode.ElemDrop:
                Elem(ins.Index, at);
                break;

            case Opcode.MemorySize:
                Push(ValidationContext.AddressType(Memory(ins.Index, at)));
                break;
            case Opcode.MemoryGrow:
            {
                var a = ValidationContext.AddressType(Memory(ins.Index, at));
                PopExpect(a, at);
                Push(a);
                break;
            }
            case Opcode.MemoryFill:
            {
                var a = ValidationContext.AddressType(Memory(ins.Index, at));
                PopExpect(a, at);
                PopExpect(ValType.I32, at);
                PopExpect(a, at);
                break;
            }
            case Opcode.MemoryCopy:
            {
                var ad = ValidationContext.AddressType(Memory(ins.Index, at));
                var asrc = ValidationContext.AddressType(Memory(ins.Index2, at));
                var an = ad == ValType.I64 && asrc == ValType.I64 ? ValType.I64 : ValType.I32;
                PopExpect(an, at);
                PopExpect(asrc, at);
                PopExpect(ad, at);
                break;
            }
            case Opcode.MemoryInit:
            {
                var a = ValidationContext.AddressType(Memory(ins.Index2, at));
                Data(ins.Index, at);
                PopExpect(ValType.I32, at);
                PopExpect(ValType.I32, at);
                PopExpect(a, at);
                break;
            }
            case Opcode.DataDrop:
                Data(ins.Index, at);
                break;

            case Opcode.RefNull:
                _ctx.CheckValType(ins.Type, at);
                Push(ins.Type);
                break;
            case Opcode.RefIsNull:
            {
                var t = PopAny(at);
                if (t.Kind != ValKind.Ref && t != Bottom) throw TypeMismatch(at);
                Push(ValType.I32);
                break;
            }
            case Opcode.RefFunc:
                if (ins.Index >= (uint)_ctx.Funcs.Length) throw Err($"unknown function {ins.Index}", at);
                if (!_ctx.DeclaredFuncs[ins.Index]) throw Err("undeclared function reference", at);
                Push(ValType.FuncRef);
                break;

            default:
                throw Err($"unsupported instruction {OpcodeInfo.Get(ins.Opcode).Name}", at);
        }
    }

    private static bool IsNumOrBottom(ValType t) => t.Kind <= ValKind.F64 || t.Kind == (ValKind)0xFF;
    private static bool IsVecOrBottom(ValType t) => t.Kind == ValKind.V128 || t.Kind == (ValKind)0xFF;

    private static bool SameTypes(ValType[] a, ValType[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!ValidationContext.Matches(a[i], b[i])) return false;
        return true;
    }

    private void ResolveBlockType(BlockType bt, int at, out ValType[] start, out ValType[] end)
    {
        if (bt.IsEmpty)
        {
            start = NoTypes;
            end = NoTypes;
        }
        else if (bt.IsSingle)
        {
            start = NoTypes;
            end = Single(bt.Single, at);
        }
        else
        {
            var ft = _ctx.FuncTypeAt(bt.TypeIndex, at);
            start = ft.Params;
            end = ft.Results;
        }
    }

    private ValType[] Single(ValType t, int at)
    {
        switch (t.Kind)
        {
            case ValKind.I32: return OneI32;
            case ValKind.I64: return OneI64;
            case ValKind.F32: return OneF32;
            case ValKind.F64: return OneF64;
            case ValKind.V128: return OneV128;
        }
        if (t == ValType.FuncRef) return OneFuncRef;
        if (t == ValType.ExternRef) return OneExternRef;
        _ctx.CheckValType(t, at);
        if (!_singleTypes.TryGetValue(t, out var arr)) _singleTypes[t] = arr = [t];
        return arr;
    }

    private MemoryType Memory(uint index, int at)
    {
        var ms = _ctx.Memories;
        if (index >= (uint)ms.Length) throw Err($"unknown memory {index}", at);
        return ms[index];
    }

    private TableType Table(uint index, int at)
    {
        var ts = _ctx.Tables;
        if (index >= (uint)ts.Length) throw Err($"unknown table {index}", at);
        return ts[index];
    }

    private GlobalType Global(uint index, int at)
    {
        var gs = _ctx.Globals;
        if (index >= (uint)gs.Length) throw Err($"unknown global {index}", at);
        return gs[index];
    }

    private ValType Elem(uint index, int at)
    {
        var es = _ctx.ElemTypes;
        if (index >= (uint)es.Length) throw Err($"unknown elem segment {index}", at);
        return es[index];
    }

    private void Data(uint index, int at)
    {
        if (_ctx.DataCount < 0) throw new MalformedModuleException("data count section required", at);
        if (index >= (uint)_ctx.DataCount) throw Err($"unknown data segment {index}", at);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidModuleException TypeMismatch(int offset) => new("type mismatch", offset);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidModuleException Err(string message, int offset) => new(message, offset);
}
