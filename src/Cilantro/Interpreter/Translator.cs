using Cilantro.Instructions;
using Cilantro.Model;
using Cilantro.Runtime;

namespace Cilantro.Interpreter;

/// <summary>
/// Translates one validated function body into the interpreter's code: branch targets resolved to code positions,
/// stack heights precomputed (in 64-bit slots relative to the frame), locals as slot offsets, dead code dropped.
/// </summary>
internal sealed class Translator
{
    private enum Kind : byte { Block, Loop, If, Func }

    private sealed class Ctl
    {
        public Kind Kind;
        public int Height;      // slot height at entry, below the block's parameters
        public int TypeCount;   // type-stack count at entry, below the parameters
        public ValType[] Params = [];
        public ValType[] Results = [];
        public int ParamSlots, ResultSlots;
        public bool ParamRefs, ResultRefs;
        public int LoopPc;
        public List<int>? Fixups;
        public int ElseFixup = -1;
    }

    private readonly ModuleDefinition _m;
    private int[] _code = new int[64];
    private int _pc;
    private ValType[] _types = new ValType[64];
    private int _tc;
    private int _height;
    private int _maxHeight;
    private readonly List<Ctl> _ctl = [];
    private readonly List<int> _jumps = [];
    /// <summary>Trap side table being built: (code position, module byte offset) pairs in code order.</summary>
    private readonly List<int> _trapSites = [];
    /// <summary>Where the code of the instruction being translated starts (moves back when it fuses with earlier ones).</summary>
    private int _emitStart;
    private bool _unreachable;
    private int _deadDepth;
    private ValType[] _localTypes = [];

    /// <summary>The last two instructions, when they were <c>local.get</c> (kind 1) or a small constant (kind 2): fusion candidates.</summary>
    private struct Hist
    {
        public int Pc;
        // 1 local.get, 2 constant, 3 arithmetic (ToLocal candidate), 4 compare (branch candidate), 5 i32.eqz,
        // 6 scaled index address (A + (B << Operand)), 7 arithmetic fused with local.tee (Operand: the local), 8 local.tee of an i32
        public byte Kind;
        public long Operand;   // the local's slot offset, or the constant
        public int A;          // operands of a recorded arithmetic or compare instruction: A a local,
        public long B;         // B a local or a constant
        public int Form;
        public Opcode Op;
    }

    /// <summary>The last three instructions (<see cref="_h2"/> the last) when they are fusion candidates.</summary>
    private Hist _h0, _h1, _h2;
    private static readonly bool[] IsBinary = Fused.Table(Fused.Binary, Fused.BinaryRange.First, Fused.BinaryRange.Last);
    private static readonly bool[] IsToLocal = Fused.Table(Fused.ToLocalOps, Fused.ArithmeticRange.First, Fused.ArithmeticRange.Last);
    private static readonly bool[] IsCompareBranch = Fused.Table(Fused.CompareOps, Fused.CompareRange.First, Fused.CompareRange.Last);
    private static readonly bool[] IsLocalMemory = Fused.Table(Fused.MemoryOps, Fused.MemoryRange.First, Fused.MemoryRange.Last);
    private static readonly bool[] IsAddressedLoad = Fused.Table(Fused.AddressedLoads, Fused.MemoryRange.First, Fused.MemoryRange.Last);

    private void RecordOp(int pc, byte kind, Opcode op, int form, int a, long b)
    {
        _h2 = new Hist { Pc = pc, Kind = kind, Op = op, Form = form, A = a, B = b };
    }

    /// <summary>Emits the operands of a recorded arithmetic/compare form that reads locals or constants.</summary>
    private void EmitOperands(in Hist h, bool arith)
    {
        // arith forms: 0 SS, 1 SL, 2 SC, 3 LL, 4 LC; compare forms: 0 LL, 1 LC, 2 SC.
        int form = arith ? h.Form : h.Form switch { 0 => 3, 1 => 4, _ => 2 };
        if (form is 3 or 4) Emit(h.A);
        if (form is 1 or 3) Emit((int)h.B);
        else if (form is 2 or 4) EmitConstant(h.Op, h.B);
    }

    /// <summary>Emits the constant operand of a fused form: one immediate, or two for 64-bit operators.</summary>
    private void EmitConstant(Opcode op, long value)
    {
        Emit((int)value);
        if (Fused.WideConstant(op)) Emit((int)(value >> 32));
    }

    /// <summary>Replaces a just-emitted compare (or i32.eqz) and the conditional jump after it by one instruction.</summary>
    private bool TryFuseBranch(in Hist p2, bool jumpIfTrue)
    {
        if (p2.Kind == 4)
        {
            Rewind(p2.Pc);
            Emit(Fused.Branch(jumpIfTrue ? p2.Op : Fused.Negate(p2.Op), p2.Form));
            EmitOperands(p2, false);
            return true;
        }
        if (p2.Kind == 5)
        {
            Rewind(p2.Pc);
            Emit(jumpIfTrue ? IOp.JumpIfZero : IOp.JumpIfNonZero);
            return true;
        }
        if (p2.Kind == 8)
        {
            Rewind(p2.Pc);
            Emit(jumpIfTrue ? IOp.TeeJumpIfNonZero : IOp.TeeJumpIfZero);
            Emit((int)p2.Operand);
            return true;
        }
        if (p2.Kind == 9)
        {
            Rewind(p2.Pc);
            bool local = p2.Form == 1;
            Emit(local ? (jumpIfTrue ? IOp.RangeLocalJumpIfIn : IOp.RangeLocalJumpIfOut) : (jumpIfTrue ? IOp.RangeStackJumpIfIn : IOp.RangeStackJumpIfOut));
            EmitRangeOperands(local, p2.A, (int)p2.B, (int)p2.Operand);
            return true;
        }
        // A bit test: i32.const; i32.and; br_if (or if).
        if (p2.Kind == 3 && p2.Op == Opcode.I32And && p2.Form == 2)
        {
            Rewind(p2.Pc);
            Emit(jumpIfTrue ? IOp.AndJumpIfNonZero : IOp.AndJumpIfZero);
            Emit((int)p2.B);
            return true;
        }
        // A counter stepped by a constant, kept in a local and tested: local.get; const; i32.add; local.tee; br_if.
        if (p2.Kind == 7 && jumpIfTrue && p2.Op == Opcode.I32Add && p2.Form == 4)
        {
            Rewind(p2.Pc);
            Emit(IOp.AddTeeJumpIfNonZero);
            Emit(p2.A);
            Emit((int)p2.B);
            Emit((int)p2.Operand);
            return true;
        }
        return false;
    }

    /// <summary>
    /// <c>i32.add</c> of a local and a local shifted left by a constant (array indexing: <c>local.get base; local.get i;
    /// i32.const k; i32.shl; i32.add</c>, or the base after the shift) becomes one instruction.
    /// </summary>
    private bool TryFuseIndexAddress(in Hist p0, in Hist p1, in Hist p2)
    {
        Hist shift, @base;
        if (p2.Kind == 3 && p2.Op == Opcode.I32Shl && p2.Form == 4 && p1.Kind == 1) { shift = p2; @base = p1; }
        else if (p2.Kind == 1 && p1.Kind == 3 && p1.Op == Opcode.I32Shl && p1.Form == 4) { shift = p1; @base = p2; }
        else return false;
        int at = Math.Min(shift.Pc, @base.Pc);
        Rewind(at);
        Emit(IOp.IndexAddress);
        Emit((int)@base.Operand);
        Emit(shift.A);
        Emit((int)shift.B);
        _h2 = new Hist { Pc = at, Kind = 6, A = (int)@base.Operand, B = shift.A, Operand = shift.B };
        _h1 = p0;
        return true;
    }

    /// <summary>A load with a local address whose value goes straight to a local (<c>local.set</c> or <c>local.tee</c>).</summary>
    private bool TryFuseLoadToLocal(in Hist p2, bool tee, int local)
    {
        if (p2.Kind != 10) return false;
        Rewind(p2.Pc);
        // The load's trap site went with the rewind: the fused instruction traps at the load's offset.
        _trapSites.Add(_pc);
        _trapSites.Add((int)p2.B);
        Emit((tee ? Fused.LoadTee : Fused.LoadSet) + (int)p2.Op);
        Emit(p2.A);
        Emit((int)(uint)p2.Operand);
        Emit(local);
        return true;
    }

    /// <summary>A range test, <c>i32.add</c> of a constant then <c>i32.lt_u</c> against a constant, becomes one instruction.</summary>
    private bool TryFuseRange(in Hist p0, in Hist p1, in Hist p2)
    {
        if (p2.Kind != 2 || p1.Kind != 3 || p1.Op != Opcode.I32Add || p1.Form is not (2 or 4)) return false;
        Rewind(p1.Pc);
        int at = _pc;
        bool local = p1.Form == 4;
        Emit(local ? IOp.RangeLocal : IOp.RangeStack);
        EmitRangeOperands(local, p1.A, (int)p1.B, (int)p2.Operand);
        _h2 = new Hist { Pc = at, Kind = 9, Form = local ? 1 : 0, A = p1.A, B = p1.B, Operand = p2.Operand };
        _h1 = p0;
        return true;
    }

    private void EmitRangeOperands(bool local, int a, int add, int limit)
    {
        if (local) Emit(a);
        Emit(add);
        Emit(limit);
    }

    private void Record(int pc, byte kind, long operand, Hist prev, Hist prevPrev)
    {
        _h0 = prevPrev;
        _h1 = prev;
        _h2 = new Hist { Pc = pc, Kind = kind, Operand = operand };
    }
    private int[] _localOffsets = [];

    private Translator(ModuleDefinition m) => _m = m;

    public static FuncCode Translate(ModuleDefinition m, int funcIndex)
    {
        var t = new Translator(m);
        return t.Run(funcIndex);
    }

    private FuncCode Run(int funcIndex)
    {
        var type = _m.TryGetFuncType(_m.GetFunctionTypeIndex(funcIndex)) ?? FuncType.Empty;
        var body = _m.Bodies[funcIndex - _m.ImportedFunctionCount];
        int n = type.Params.Length + (int)body.LocalCount;
        _localTypes = new ValType[n];
        _localOffsets = new int[n];
        int slot = 0, li = 0;
        bool refLocals = false;
        foreach (var p in type.Params)
        {
            _localTypes[li] = p;
            _localOffsets[li++] = slot;
            slot += p.SlotCount;
        }
        int paramSlots = slot;
        foreach (var d in body.Locals)
        {
            for (uint k = 0; k < d.Count; k++)
            {
                _localTypes[li] = d.Type;
                _localOffsets[li++] = slot;
                slot += d.Type.SlotCount;
            }
            if (d.Type.IsRef && d.Count > 0) refLocals = true;
        }
        int localSlots = slot;
        _height = _maxHeight = localSlots;

        var fn = new Ctl { Kind = Kind.Func, Height = localSlots, TypeCount = 0, Results = type.Results };
        SetSlots(fn);
        _ctl.Add(fn);

        var r = new CodeReader(body.Code.Span, body.CodeOffset, _m.Features);
        while (!r.AtEnd)
        {
            r.Read(out var ins);
            if (_unreachable && DeadCode.CanSkip(ins.Opcode, ref _deadDepth)) continue;
            _emitStart = _pc;
            Translate(ref ins);
            if (_pc > _emitStart && CanTrap(ins.Opcode)) { _trapSites.Add(_emitStart); _trapSites.Add(ins.Offset); }
            if (_ctl.Count == 0) break;
        }
        ThreadJumpsToReturn();
        return new FuncCode(_code.AsSpan(0, _pc).ToArray(), paramSlots, localSlots, _maxHeight + 4, refLocals, fn.ResultSlots)
        {
            TrapSites = _trapSites.ToArray(),
        };
    }

    /// <summary>Moves the emission point back over code an instruction fuses with, dropping trap sites recorded there.</summary>
    private void Rewind(int pc)
    {
        _pc = pc;
        if (pc < _emitStart) _emitStart = pc;
        while (_trapSites.Count > 0 && _trapSites[^2] >= pc) _trapSites.RemoveRange(_trapSites.Count - 2, 2);
    }

    /// <summary>Instructions that can trap or call (the ones a backtrace can point at): they get a trap-site entry.</summary>
    private static bool CanTrap(Opcode op)
    {
        switch (op)
        {
            case Opcode.Unreachable: case Opcode.Call: case Opcode.CallIndirect:
            case Opcode.I32DivS: case Opcode.I32DivU: case Opcode.I32RemS: case Opcode.I32RemU:
            case Opcode.I64DivS: case Opcode.I64DivU: case Opcode.I64RemS: case Opcode.I64RemU:
                return true;
        }
        if (op is >= Opcode.I32TruncF32S and <= Opcode.I64TruncF64U) return op is not (Opcode.I64ExtendI32S or Opcode.I64ExtendI32U);
        var info = OpcodeInfo.Get(op);
        // Memory accesses, and the table, memory and segment instructions that the validator types itself.
        return info.Immediate is Imm.MemArg or Imm.MemArgLane || (!info.IsPlain && op >= Opcode.TableGet);
    }

    /// <summary>An unconditional jump to a return becomes the return itself (both take one operand).</summary>
    private void ThreadJumpsToReturn()
    {
        foreach (int j in _jumps)
        {
            int target = j + 1 + _code[j + 1];
            if (_code[target] != IOp.Return) continue;
            _code[j] = IOp.Return;
            _code[j + 1] = _code[target + 1];
        }
    }

    private static void SetSlots(Ctl c)
    {
        foreach (var p in c.Params) { c.ParamSlots += p.SlotCount; c.ParamRefs |= p.IsRef; }
        foreach (var p in c.Results) { c.ResultSlots += p.SlotCount; c.ResultRefs |= p.IsRef; }
    }

    private void Emit(int v)
    {
        if (_pc == _code.Length) Array.Resize(ref _code, _code.Length * 2);
        _code[_pc++] = v;
    }

    private void Push(ValType t)
    {
        if (_tc == _types.Length) Array.Resize(ref _types, _types.Length * 2);
        _types[_tc++] = t;
        _height += t.SlotCount;
        if (_height > _maxHeight) _maxHeight = _height;
    }

    private ValType Pop()
    {
        var t = _types[--_tc];
        _height -= t.SlotCount;
        return t;
    }

    private void Pop(int count)
    {
        for (int i = 0; i < count; i++) Pop();
    }

    private void PushAll(ValType[] ts)
    {
        foreach (var t in ts) Push(t);
    }

    private Ctl PushCtl(Kind kind, BlockType bt)
    {
        var (p, r) = _m.BlockSignature(bt);
        var c = new Ctl { Kind = kind, Params = p, Results = r };
        SetSlots(c);
        c.Height = _height - c.ParamSlots;
        c.TypeCount = _tc - p.Length;
        _ctl.Add(c);
        return c;
    }

    private void ResetTo(Ctl c, ValType[] top)
    {
        _tc = c.TypeCount;
        _height = c.Height;
        PushAll(top);
    }

    /// <summary>Emits the target position of a branch to a label, recording a fixup for forward ones.</summary>
    private void EmitTarget(Ctl c)
    {
        if (c.Kind == Kind.Loop)
        {
            Emit(c.LoopPc - _pc);
        }
        else
        {
            (c.Fixups ??= []).Add(_pc);
            Emit(-1);
        }
    }

    private void Label(Ctl c, out int n, out bool refs)
    {
        if (c.Kind == Kind.Loop) { n = c.ParamSlots; refs = c.ParamRefs; }
        else { n = c.ResultSlots; refs = c.ResultRefs; }
    }

    private void EmitBranch(int depth, bool conditional, Hist prev = default)
    {
        var c = _ctl[_ctl.Count - 1 - depth];
        Label(c, out int n, out bool refs);
        if (_height == c.Height + n)
        {
            if (!conditional) _jumps.Add(_pc);
            if (!(conditional && TryFuseBranch(prev, true))) Emit(conditional ? IOp.JumpIfNonZero : IOp.Jump);
            EmitTarget(c);
        }
        else
        {
            Emit(conditional ? IOp.BrIf : IOp.Br);
            EmitTarget(c);
            Emit(n);
            Emit(c.Height);
            Emit(refs ? 1 : 0);
        }
    }

    /// <summary>Emits a return: one operand, the result slots times two plus one when they hold references.</summary>
    private void EmitReturn(Ctl fn, in Hist p2 = default)
    {
        if (p2.Kind == 1 && fn.ResultSlots == 1 && !fn.ResultRefs)
        {
            Rewind(p2.Pc);
            Emit(IOp.ReturnLocal);
            Emit((int)p2.Operand);
        }
        else Emit(IOp.Return);
        Emit(fn.ResultSlots * 2 + (fn.ResultRefs ? 1 : 0));
    }

    /// <summary>Branch targets are stored relative to the position of the target operand itself.</summary>
    private void Patch(int at, int target) => _code[at] = target - at;

    private void Translate(ref Instruction ins)
    {
        var op = ins.Opcode;
        var p0 = _h0;
        var p1 = _h1;
        var p2 = _h2;
        _h0 = _h1 = _h2 = default;
        switch (op)
        {
            case Opcode.Unreachable:
                Emit((int)Opcode.Unreachable);
                _unreachable = true;
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block:
                PushCtl(Kind.Block, ins.Block);
                return;
            case Opcode.Loop:
                PushCtl(Kind.Loop, ins.Block).LoopPc = _pc;
                return;
            case Opcode.If:
            {
                Pop();
                var c = PushCtl(Kind.If, ins.Block);
                if (!TryFuseBranch(p2, false)) Emit(IOp.JumpIfZero);
                c.ElseFixup = _pc;
                Emit(-1);
                return;
            }
            case Opcode.Else:
            {
                var c = _ctl[^1];
                if (!_unreachable)
                {
                    _jumps.Add(_pc);
                    Emit(IOp.Jump);
                    (c.Fixups ??= []).Add(_pc);
                    Emit(-1);
                }
                Patch(c.ElseFixup, _pc);
                c.ElseFixup = -1;
                ResetTo(c, c.Params);
                _unreachable = false;
                return;
            }
            case Opcode.End:
            {
                var c = _ctl[^1];
                _ctl.RemoveAt(_ctl.Count - 1);
                if (c.ElseFixup >= 0) Patch(c.ElseFixup, _pc);
                if (c.Fixups is { } fx)
                    foreach (var at in fx) Patch(at, _pc);
                ResetTo(c, c.Results);
                _unreachable = false;
                if (c.Kind == Kind.Func)
                {
                    // Nothing may jump to the end of the function when the return fuses with the local.get before it.
                    EmitReturn(c, c.Fixups is null ? p2 : default);
                }
                return;
            }
            case Opcode.Br:
                if (ins.Index == _ctl.Count - 1) goto case Opcode.Return;
                EmitBranch((int)ins.Index, false);
                _unreachable = true;
                return;
            case Opcode.BrIf:
                Pop();
                EmitBranch((int)ins.Index, true, p2);
                return;
            case Opcode.BrTable:
            {
                Pop();
                var labels = ins.Labels!;
                if (p2.Kind == 1)
                {
                    Rewind(p2.Pc);
                    Emit(IOp.BrTableLocal);
                    Emit((int)p2.Operand);
                }
                Emit(IOp.BrTable);
                Emit(labels.Length);
                for (int i = 0; i <= labels.Length; i++)
                {
                    var c = _ctl[_ctl.Count - 1 - (int)(i < labels.Length ? labels[i] : ins.Index)];
                    Label(c, out int n, out bool refs);
                    EmitTarget(c);
                    Emit(n);
                    Emit(c.Height);
                    Emit(refs ? 1 : 0);
                }
                _unreachable = true;
                return;
            }
            case Opcode.Return:
            {
                var fn = _ctl[0];
                EmitReturn(fn, p2);
                _unreachable = true;
                return;
            }
            case Opcode.Call:
            {
                var ft = _m.TryGetFuncType(_m.GetFunctionTypeIndex((int)ins.Index)) ?? FuncType.Empty;
                Pop(ft.Params.Length);
                PushAll(ft.Results);
                Emit(IOp.Call);
                Emit((int)ins.Index);
                return;
            }
            case Opcode.CallIndirect:
            {
                var ft = _m.TryGetFuncType((int)ins.Index) ?? FuncType.Empty;
                Pop();
                Pop(ft.Params.Length);
                PushAll(ft.Results);
                Emit(IOp.CallIndirect);
                Emit((int)ins.Index);
                Emit((int)ins.Index2);
                return;
            }
            case Opcode.Drop:
            {
                var t = Pop();
                Emit(IOp.Drop);
                Emit(t.SlotCount);
                return;
            }
            case Opcode.Select:
            case Opcode.SelectTyped:
            {
                Pop();
                var t = Pop();
                Pop();
                Push(t);
                Emit(t.Kind == ValKind.V128 ? IOp.SelectV : t.IsRef ? IOp.SelectRef : IOp.Select);
                return;
            }
            case Opcode.LocalGet:
            {
                var t = _localTypes[ins.Index];
                int at = _pc;
                Emit(t.Kind == ValKind.V128 ? IOp.LocalGetV : t.IsRef ? IOp.LocalGetRef : IOp.LocalGet);
                Emit(_localOffsets[ins.Index]);
                Push(t);
                // Fused forms address locals by byte offset from the frame.
                if (t.Kind is ValKind.I32 or ValKind.I64) Record(at, 1, _localOffsets[ins.Index] * 8, p2, p1);
                return;
            }
            case Opcode.LocalSet:
            {
                var t = _localTypes[ins.Index];
                Pop();
                if (p2.Kind == 3)
                {
                    Rewind(p2.Pc);
                    Emit(Fused.ToLocal(p2.Op, p2.Form));
                    EmitOperands(p2, true);
                    Emit(_localOffsets[ins.Index] * 8);
                    return;
                }
                if (TryFuseLoadToLocal(p2, false, _localOffsets[ins.Index] * 8)) return;
                if (p2.Kind == 2 || (p2.Kind == 1 && t.Kind is ValKind.I32 or ValKind.I64))
                {
                    Rewind(p2.Pc);
                    Emit(p2.Kind == 2 ? IOp.LocalSetConst : IOp.LocalCopy);
                    Emit(p2.Kind == 2 ? _localOffsets[ins.Index] * 8 : (int)p2.Operand);
                    if (p2.Kind == 2) EmitConstant(Opcode.I64Const, p2.Operand);
                    else Emit(_localOffsets[ins.Index] * 8);
                    return;
                }
                Emit(t.Kind == ValKind.V128 ? IOp.LocalSetV : t.IsRef ? IOp.LocalSetRef : IOp.LocalSet);
                Emit(_localOffsets[ins.Index]);
                return;
            }
            case Opcode.LocalTee:
            {
                var t = _localTypes[ins.Index];
                if (p2.Kind == 3)
                {
                    Rewind(p2.Pc);
                    Emit(Fused.ToLocal(p2.Op, p2.Form + 5));
                    EmitOperands(p2, true);
                    Emit(_localOffsets[ins.Index] * 8);
                    _h2 = p2 with { Kind = 7, Operand = _localOffsets[ins.Index] * 8 };
                    return;
                }
                if (TryFuseLoadToLocal(p2, true, _localOffsets[ins.Index] * 8)) return;
                if (t.Kind == ValKind.I32) Record(_pc, 8, _localOffsets[ins.Index] * 8, default, default);
                Emit(t.Kind == ValKind.V128 ? IOp.LocalTeeV : t.IsRef ? IOp.LocalTeeRef : IOp.LocalTee);
                Emit(_localOffsets[ins.Index]);
                return;
            }
            case Opcode.GlobalGet:
            {
                var t = _m.GetGlobalType((int)ins.Index).ValueType;
                Emit(t.Kind == ValKind.V128 ? IOp.GlobalGetV : t.IsRef ? IOp.GlobalGetRef : IOp.GlobalGet);
                Emit((int)ins.Index);
                Push(t);
                return;
            }
            case Opcode.GlobalSet:
            {
                var t = _m.GetGlobalType((int)ins.Index).ValueType;
                Pop();
                Emit(t.Kind == ValKind.V128 ? IOp.GlobalSetV : t.IsRef ? IOp.GlobalSetRef : IOp.GlobalSet);
                Emit((int)ins.Index);
                return;
            }
            case Opcode.TableGet:
                Pop();
                Push(_m.GetTableType((int)ins.Index).ElementType);
                Emit(IOp.Of(op));
                Emit((int)ins.Index);
                return;
            case Opcode.TableSet:
                Pop(2);
                Emit(IOp.Of(op));
                Emit((int)ins.Index);
                return;
            case Opcode.MemorySize:
                Push(ValType.I32);
                Emit(IOp.Of(op));
                return;
            case Opcode.MemoryGrow:
                Emit(IOp.Of(op));
                return;
            case Opcode.I32Const:
            case Opcode.F32Const:
                Push(op == Opcode.I32Const ? ValType.I32 : ValType.F32);
                if (op == Opcode.I32Const) Record(_pc, 2, (int)ins.Value, p2, p1);
                Emit((int)Opcode.I32Const);
                Emit((int)ins.Value);
                return;
            case Opcode.I64Const:
            case Opcode.F64Const:
                Push(op == Opcode.I64Const ? ValType.I64 : ValType.F64);
                if (op == Opcode.I64Const) Record(_pc, 2, (long)ins.Value, p2, p1);
                Emit(IOp.Const64);
                Emit((int)ins.Value);
                Emit((int)(ins.Value >> 32));
                return;
            case Opcode.RefNull:
                Push(ins.Type);
                Emit(IOp.Of(op));
                return;
            case Opcode.RefIsNull:
                Pop();
                Push(ValType.I32);
                Emit(IOp.Of(op));
                return;
            case Opcode.RefFunc:
                Push(ValType.FuncRef);
                Emit(IOp.Of(op));
                Emit((int)ins.Index);
                return;
            case Opcode.MemoryInit:
            case Opcode.TableInit:
            case Opcode.TableCopy:
                Pop(3);
                Emit(IOp.Of(op));
                Emit((int)ins.Index);
                Emit((int)ins.Index2);
                return;
            case Opcode.MemoryCopy:
            case Opcode.MemoryFill:
                Pop(3);
                Emit(IOp.Of(op));
                return;
            case Opcode.DataDrop:
            case Opcode.ElemDrop:
                Emit(IOp.Of(op));
                Emit((int)ins.Index);
                return;
            case Opcode.TableGrow:
                Pop(2);
                Push(ValType.I32);
                Emit(IOp.Of(op));
                Emit((int)ins.Index);
                return;
            case Opcode.TableSize:
                Push(ValType.I32);
                Emit(IOp.Of(op));
                Emit((int)ins.Index);
                return;
            case Opcode.TableFill:
                Pop(3);
                Emit(IOp.Of(op));
                Emit((int)ins.Index);
                return;
        }

        var info = OpcodeInfo.Get(op);
        if (!info.IsPlain) throw new InvalidModuleException($"unsupported instruction {info.Name}", ins.Offset);
        Pop(info.Params!.Length);
        PushAll(info.Results!);
        if (op == Opcode.I32Add && TryFuseIndexAddress(p0, p1, p2)) return;
        if (op == Opcode.I32LtU && TryFuseRange(p0, p1, p2)) return;
        // Multiply-accumulate: the product of the two values on top (or of two locals) added to the value under them.
        if (op is Opcode.I32Add or Opcode.I64Add && p2.Kind == 3 && p2.Form is 0 or 3
            && p2.Op == (op == Opcode.I32Add ? Opcode.I32Mul : Opcode.I64Mul))
        {
            Rewind(p2.Pc);
            bool wide = op == Opcode.I64Add;
            if (p2.Form == 0) Emit(wide ? IOp.MulAdd64 : IOp.MulAdd32);
            else
            {
                Emit(wide ? IOp.MulAddLL64 : IOp.MulAddLL32);
                Emit(p2.A);
                Emit((int)p2.B);
            }
            return;
        }
        if (IsBinary[(int)op])
        {
            bool toLocal = IsToLocal[(int)op], cmp = IsCompareBranch[(int)op];
            if ((p2.Kind is 1 or 2) && p1.Kind == 1)
            {
                Rewind(p1.Pc);
                int at = _pc;
                bool isLocal = p2.Kind == 1;
                Emit((isLocal ? Fused.LL : Fused.LC) + (int)op);
                Emit((int)p1.Operand);
                if (isLocal) Emit((int)p2.Operand); else EmitConstant(op, p2.Operand);
                if (toLocal) RecordOp(at, 3, op, isLocal ? 3 : 4, (int)p1.Operand, p2.Operand);
                else if (cmp) RecordOp(at, 4, op, isLocal ? 0 : 1, (int)p1.Operand, p2.Operand);
                _h1 = p0;
                return;
            }
            if (p2.Kind is 1 or 2)
            {
                Rewind(p2.Pc);
                int at = _pc;
                bool isLocal = p2.Kind == 1;
                Emit((isLocal ? Fused.SL : Fused.SC) + (int)op);
                if (isLocal) Emit((int)p2.Operand); else EmitConstant(op, p2.Operand);
                if (toLocal) RecordOp(at, 3, op, isLocal ? 1 : 2, 0, p2.Operand);
                else if (cmp && !isLocal) RecordOp(at, 4, op, 2, 0, p2.Operand);
                _h1 = p1;
                return;
            }
            if (toLocal)
            {
                RecordOp(_pc, 3, op, 0, 0, 0);
                Emit(IOp.Of(op));
                return;
            }
        }
        if (IsLocalMemory[(int)op])
        {
            int lm = Fused.LocalMemory + (int)op;
            if (info.Params!.Length == 1 && p2.Kind == 1)
            {
                Rewind(p2.Pc);
                if (IsAddressedLoad[(int)op]) _h2 = new Hist { Pc = _pc, Kind = 10, Op = op, A = (int)p2.Operand, B = ins.Offset, Operand = (uint)ins.Value };
                _h1 = p1;
                Emit(lm);
                Emit((int)p2.Operand);
                Emit((int)(uint)ins.Value);
                return;
            }
            if (info.Params!.Length == 2 && p2.Kind == 1 && p1.Kind == 1)
            {
                Rewind(p1.Pc);
                Emit(lm);
                Emit((int)p1.Operand);
                Emit((int)p2.Operand);
                Emit((int)(uint)ins.Value);
                return;
            }
            // A load from a scaled index address.
            if (IsAddressedLoad[(int)op] && p2.Kind == 6)
            {
                Rewind(p2.Pc);
                Emit(Fused.LoadIndexed + (int)op);
                Emit(p2.A);
                Emit((int)p2.B);
                Emit((int)p2.Operand);
                Emit((int)(uint)ins.Value);
                return;
            }
            // A load from an address computed by i32.add of a local or the stack top and a constant, or of two locals.
            if (IsAddressedLoad[(int)op] && p2.Kind == 3 && p2.Op == Opcode.I32Add && p2.Form is 2 or 3 or 4)
            {
                Rewind(p2.Pc);
                Emit((p2.Form switch { 4 => Fused.LoadLC, 3 => Fused.LoadLL, _ => Fused.LoadSC }) + (int)op);
                if (p2.Form != 2) Emit(p2.A);
                Emit((int)p2.B);
                Emit((int)(uint)ins.Value);
                return;
            }
        }
        if (op == Opcode.I32Eqz)
        {
            RecordOp(_pc, 5, op, 0, 0, 0);
            Emit(IOp.Of(op));
            return;
        }
        // Reinterpretations and wrap are no-ops on 64-bit slots.
        if (op is Opcode.I32ReinterpretF32 or Opcode.F32ReinterpretI32 or Opcode.I64ReinterpretF64 or Opcode.F64ReinterpretI64
            or Opcode.I32WrapI64) return;
        Emit(IOp.Of(op));
        switch (info.Immediate)
        {
            case Imm.MemArg:
                Emit((int)(uint)ins.Value);
                break;
            case Imm.MemArgLane:
                Emit((int)(uint)ins.Value);
                Emit((int)ins.Index2);
                break;
            case Imm.Lane:
                Emit((int)ins.Index);
                break;
            case Imm.V128:
            case Imm.Shuffle:
                Emit((int)ins.V128.Lo);
                Emit((int)(ins.V128.Lo >> 32));
                Emit((int)ins.V128.Hi);
                Emit((int)(ins.V128.Hi >> 32));
                break;
        }
    }
}
