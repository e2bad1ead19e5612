using System.Numerics;
using System.Runtime.CompilerServices;
using Cilantro.Instructions;
using Cilantro.Model;
using Cilantro.Runtime;

namespace Cilantro.Interpreter;

/// <summary>
/// The interpreter machine: functions are translated lazily to <see cref="FuncCode"/> and run by one dispatch loop
/// over an explicit frame stack, so WebAssembly-to-WebAssembly calls never recurse on the .NET stack.
/// </summary>
internal sealed unsafe class InterpreterMachine : IMachine
{
    /// <summary>The shared instance (the machine has no state of its own).</summary>
    public static readonly InterpreterMachine Instance = new();

    public string Name => "interpreter";

    public void Prepare(ModuleInstance instance) { }

    private static readonly ConditionalWeakTable<ModuleDefinition, FuncCode?[]> Cache = new();

    private static FuncCode GetCode(WasmFunction f)
    {
        if (f.Code is FuncCode c) return c;
        var def = f.Module.Definition;
        var arr = Cache.GetValue(def, d => new FuncCode?[d.FunctionCount]);
        c = arr[f.Index] ??= Translator.Translate(def, f.Index);
        f.Code = c;
        return c;
    }

    public void Invoke(WasmFunction function, ExecContext ctx, int argBase)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new TrapException(TrapKind.CallStackExhausted);
        int entryFrames = ctx.FrameCount;
        int entryDepth = ctx.Depth;
        try
        {
            Run(function, ctx, argBase);
        }
        catch (TrapException e)
        {
            AddFrames(e, ctx, entryFrames);
            throw;
        }
        finally
        {
            ctx.FrameCount = entryFrames;
            ctx.Depth = entryDepth;
        }
    }

    private static void AddFrames(TrapException e, ExecContext ctx, int entryFrames)
    {
        var list = new List<WasmStackFrame>(e.WasmStack);
        int top = Math.Min(ctx.FrameCount, ctx.Frames.Length);
        for (int i = top - 1; i >= entryFrames; i--)
        {
            var f = ctx.Frames[i].Func;
            if (f is null) continue;
            list.Add(new WasmStackFrame(f.Index, f.Name, f.Module.Name, -1));
            if (list.Count > 200) break;
        }
        e.WasmStack = list;
    }

    private static void Run(WasmFunction entry, ExecContext ctx, int argBase)
    {
        long* sbase = ctx.Base;
        object?[] refs = ctx.Refs;
        Frame[] frames = ctx.Frames;
        long* limit = sbase + ctx.Capacity;

        WasmFunction func = entry;
        FuncCode code = GetCode(entry);
        long* fp = sbase + argBase;
        if (fp + code.MaxHeight > limit || ++ctx.Depth > ctx.MaxDepth) throw new TrapException(TrapKind.CallStackExhausted);
        for (int i = code.ParamSlots; i < code.LocalSlots; i++) fp[i] = 0;
        if (code.HasRefLocals) Array.Clear(refs, argBase + code.ParamSlots, code.LocalSlots - code.ParamSlots);
        frames[ctx.FrameCount++] = new Frame { Func = entry, ReturnIp = null, ReturnFp = null };
        int* ip = code.Ip0;
        long* sp = fp + code.LocalSlots;

        ModuleInstance mod = func.Module;
        FunctionInstance[] funcs = mod.Functions;
        GlobalInstance[] globals = mod.Globals;
        TableInstance[] tables = mod.Tables;
        MemoryInstance? memInst = mod.Memory0;
        byte* mem = memInst is null ? null : memInst.Base;
        ulong memLen = memInst is null ? 0 : (ulong)memInst.Length;

        FunctionInstance callee;
        while (true)
        {
            switch (*ip++)
            {
                case (int)Opcode.Unreachable:
                    throw new TrapException(TrapKind.Unreachable);
                case IOp.Nop:
                    break;
                case IOp.Jump:
                    ip = code.Ip0 + *ip;
                    break;
                case IOp.JumpIfZero:
                    sp--;
                    if (*(int*)sp == 0) ip = code.Ip0 + *ip; else ip++;
                    break;
                case IOp.JumpIfNonZero:
                    sp--;
                    if (*(int*)sp != 0) ip = code.Ip0 + *ip; else ip++;
                    break;
                case IOp.BrIf:
                    sp--;
                    if (*(int*)sp == 0) { ip += 4; break; }
                    goto case IOp.Br;
                case IOp.Br:
                {
                    int n = ip[1];
                    long* dst = fp + ip[2];
                    if (ip[3] != 0) CopyRefs(refs, (int)(sp - n - sbase), (int)(dst - sbase), n);
                    for (int i = 0; i < n; i++) dst[i] = sp[i - n];
                    sp = dst + n;
                    ip = code.Ip0 + *ip;
                    break;
                }
                case IOp.BrTable:
                {
                    sp--;
                    uint k = *(uint*)sp;
                    uint cnt = (uint)*ip++;
                    if (k > cnt) k = cnt;
                    ip += k * 4;
                    goto case IOp.Br;
                }
                case IOp.Return:
                {
                    int n = ip[0];
                    if (ip[1] != 0) CopyRefs(refs, (int)(sp - n - sbase), (int)(fp - sbase), n);
                    for (int i = 0; i < n; i++) fp[i] = sp[i - n];
                    int fc = --ctx.FrameCount;
                    ctx.Depth--;
                    ref Frame fr = ref frames[fc];
                    if (fr.ReturnIp == null) return;
                    sp = fp + n;
                    ip = fr.ReturnIp;
                    fp = fr.ReturnFp;
                    fr.Func = null!;
                    func = frames[fc - 1].Func;
                    code = (FuncCode)func.Code!;
                    if (func.Module != mod)
                    {
                        mod = func.Module; funcs = mod.Functions; globals = mod.Globals; tables = mod.Tables; memInst = mod.Memory0;
                    }
                    if (memInst is not null) { mem = memInst.Base; memLen = (ulong)memInst.Length; }
                    break;
                }
                case IOp.Call:
                    callee = funcs[*ip++];
                doCall:
                    if (callee is WasmFunction wf && wf.Module.Machine == Instance)
                    {
                        FuncCode c = wf.Code as FuncCode ?? GetCode(wf);
                        long* nfp = sp - c.ParamSlots;
                        if (nfp + c.MaxHeight > limit || ++ctx.Depth > ctx.MaxDepth) goto exhausted;
                        for (long* p = nfp + c.ParamSlots, e = nfp + c.LocalSlots; p < e; p++) *p = 0;
                        if (c.HasRefLocals) Array.Clear(refs, (int)(nfp - sbase) + c.ParamSlots, c.LocalSlots - c.ParamSlots);
                        frames[ctx.FrameCount++] = new Frame { Func = wf, ReturnIp = ip, ReturnFp = fp };
                        fp = nfp;
                        sp = fp + c.LocalSlots;
                        ip = c.Ip0;
                        code = c;
                        func = wf;
                        if (wf.Module != mod)
                        {
                            mod = wf.Module; funcs = mod.Functions; globals = mod.Globals; tables = mod.Tables; memInst = mod.Memory0;
                            if (memInst is not null) { mem = memInst.Base; memLen = (ulong)memInst.Length; }
                        }
                    }
                    else
                    {
                        int ab = (int)(sp - sbase) - callee.ParamSlots;
                        callee.Invoke(ctx, ab);
                        sp = sbase + ab + callee.ResultSlots;
                        if (memInst is not null) { mem = memInst.Base; memLen = (ulong)memInst.Length; }
                    }
                    break;
                case IOp.CallIndirect:
                {
                    int typeIdx = *ip++;
                    TableInstance t = tables[*ip++];
                    sp--;
                    uint k = *(uint*)sp;
                    if (k >= (uint)t.Length) goto undefinedElement;
                    callee = (FunctionInstance)t.Elements[k]!;
                    if (callee is null) throw new TrapException(TrapKind.UninitializedElement, $"uninitialized element {k}");
                    if (callee.TypeId != mod.TypeIdsByIndex[typeIdx]) goto typeMismatch;
                }
                goto doCall;
                case IOp.Drop:
                    sp -= *ip++;
                    break;
                case IOp.Select:
                    sp -= 2;
                    if (*(int*)(sp + 1) == 0) sp[-1] = sp[0];
                    break;
                case IOp.SelectV:
                    sp -= 3;
                    if (*(int*)(sp + 2) == 0) { sp[-2] = sp[0]; sp[-1] = sp[1]; }
                    sp--;
                    break;
                case IOp.SelectRef:
                    sp -= 2;
                    if (*(int*)(sp + 1) == 0) refs[sp - 1 - sbase] = refs[sp - sbase];
                    break;
                case IOp.LocalGet:
                    *sp++ = fp[*ip++];
                    break;
                case IOp.LocalGetV:
                {
                    long* l = fp + *ip++;
                    sp[0] = l[0]; sp[1] = l[1];
                    sp += 2;
                    break;
                }
                case IOp.LocalGetRef:
                    refs[sp - sbase] = refs[fp + *ip++ - sbase];
                    sp++;
                    break;
                case IOp.LocalSet:
                    fp[*ip++] = *--sp;
                    break;
                case IOp.LocalSetV:
                {
                    long* l = fp + *ip++;
                    sp -= 2;
                    l[0] = sp[0]; l[1] = sp[1];
                    break;
                }
                case IOp.LocalSetRef:
                    sp--;
                    refs[fp + *ip++ - sbase] = refs[sp - sbase];
                    break;
                case IOp.LocalTee:
                    fp[*ip++] = sp[-1];
                    break;
                case IOp.LocalTeeV:
                {
                    long* l = fp + *ip++;
                    l[0] = sp[-2]; l[1] = sp[-1];
                    break;
                }
                case IOp.LocalTeeRef:
                    refs[fp + *ip++ - sbase] = refs[sp - 1 - sbase];
                    break;
                case IOp.GlobalGet:
                    *sp++ = globals[*ip++].Bits;
                    break;
                case IOp.GlobalGetV:
                {
                    var g = globals[*ip++];
                    sp[0] = g.Bits; sp[1] = g.Hi;
                    sp += 2;
                    break;
                }
                case IOp.GlobalGetRef:
                    refs[sp - sbase] = globals[*ip++].Ref;
                    sp++;
                    break;
                case IOp.GlobalSet:
                    globals[*ip++].Bits = *--sp;
                    break;
                case IOp.GlobalSetV:
                {
                    var g = globals[*ip++];
                    sp -= 2;
                    g.Bits = sp[0]; g.Hi = sp[1];
                    break;
                }
                case IOp.GlobalSetRef:
                    sp--;
                    globals[*ip++].Ref = refs[sp - sbase];
                    break;
                case (int)Opcode.I32Const:
                    *(long*)sp++ = *ip++;
                    break;
                case IOp.Const64:
                    *sp++ = (long)(uint)ip[0] | ((long)ip[1] << 32);
                    ip += 2;
                    break;
                case (int)Opcode.MemorySize:
                    *sp++ = memInst!.Pages;
                    break;
                case (int)Opcode.MemoryGrow:
                {
                    uint delta = *(uint*)(sp - 1);
                    sp[-1] = (int)memInst!.Grow(delta);
                    mem = memInst.Base; memLen = (ulong)memInst.Length;
                    break;
                }
                case (int)Opcode.RefNull:
                    refs[sp - sbase] = null;
                    sp++;
                    break;
                case (int)Opcode.RefIsNull:
                    sp[-1] = refs[sp - 1 - sbase] is null ? 1 : 0;
                    break;
                case (int)Opcode.RefFunc:
                    refs[sp - sbase] = funcs[*ip++];
                    sp++;
                    break;
                case (int)Opcode.TableGet:
                {
                    var t = tables[*ip++];
                    uint k = *(uint*)(sp - 1);
                    if (k >= (uint)t.Length) goto tableOob;
                    refs[sp - 1 - sbase] = t.Elements[k];
                    break;
                }
                case (int)Opcode.TableSet:
                {
                    var t = tables[*ip++];
                    sp -= 2;
                    uint k = *(uint*)sp;
                    if (k >= (uint)t.Length) goto tableOob;
                    t.Elements[k] = refs[sp + 1 - sbase];
                    break;
                }
                case (int)Opcode.TableSize:
                    *sp++ = tables[*ip++].Length;
                    break;
                case (int)Opcode.TableGrow:
                {
                    var t = tables[*ip++];
                    sp--;
                    uint delta = *(uint*)sp;
                    sp[-1] = t.Grow(delta, refs[sp - 1 - sbase]);
                    break;
                }
                case (int)Opcode.TableFill:
                {
                    var t = tables[*ip++];
                    sp -= 3;
                    uint d = *(uint*)sp, n = *(uint*)(sp + 2);
                    if ((ulong)d + n > (ulong)t.Length) goto tableOob;
                    Array.Fill(t.Elements, refs[sp + 1 - sbase], (int)d, (int)n);
                    break;
                }
                case (int)Opcode.TableCopy:
                {
                    var td = tables[*ip++];
                    var ts = tables[*ip++];
                    sp -= 3;
                    uint d = *(uint*)sp, s = *(uint*)(sp + 1), n = *(uint*)(sp + 2);
                    if ((ulong)d + n > (ulong)td.Length || (ulong)s + n > (ulong)ts.Length) goto tableOob;
                    Array.Copy(ts.Elements, s, td.Elements, d, n);
                    break;
                }
                case (int)Opcode.TableInit:
                {
                    var seg = mod.ElemSegments[*ip++];
                    var t = tables[*ip++];
                    sp -= 3;
                    uint d = *(uint*)sp, s = *(uint*)(sp + 1), n = *(uint*)(sp + 2);
                    if ((ulong)d + n > (ulong)t.Length || (ulong)s + n > (ulong)seg.Length) goto tableOob;
                    Array.Copy(seg, s, t.Elements, d, n);
                    break;
                }
                case (int)Opcode.ElemDrop:
                    mod.ElemSegments[*ip++] = [];
                    break;
                case (int)Opcode.MemoryInit:
                {
                    var seg = mod.DataSegments[*ip++];
                    ip++;
                    sp -= 3;
                    uint d = *(uint*)sp, s = *(uint*)(sp + 1), n = *(uint*)(sp + 2);
                    if ((ulong)d + n > memLen || (ulong)s + n > (ulong)seg.Length) goto oob;
                    seg.Span.Slice((int)s, (int)n).CopyTo(new Span<byte>(mem + d, (int)n));
                    break;
                }
                case (int)Opcode.DataDrop:
                    mod.DataSegments[*ip++] = ReadOnlyMemory<byte>.Empty;
                    break;
                case (int)Opcode.MemoryCopy:
                {
                    sp -= 3;
                    uint d = *(uint*)sp, s = *(uint*)(sp + 1), n = *(uint*)(sp + 2);
                    if ((ulong)d + n > memLen || (ulong)s + n > memLen) goto oob;
                    Buffer.MemoryCopy(mem + s, mem + d, n, n);
                    break;
                }
                case (int)Opcode.MemoryFill:
                {
                    sp -= 3;
                    uint d = *(uint*)sp, n = *(uint*)(sp + 2);
                    if ((ulong)d + n > memLen) goto oob;
                    Unsafe.InitBlockUnaligned(mem + d, (byte)sp[1], n);
                    break;
                }
                    case (int)Opcode.I32Eqz: { int a = *(int*)(sp - 1); *(long*)(sp - 1) = a == 0 ? 1 : 0; break; }
                    case (int)Opcode.I32Eq: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(long*)(sp - 1) = a == b ? 1 : 0; break; }
                    case (int)Opcode.I32Ne: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(long*)(sp - 1) = a != b ? 1 : 0; break; }
                    case (int)Opcode.I32LtS: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(long*)(sp - 1) = a < b ? 1 : 0; break; }
                    case (int)Opcode.I32LtU: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(long*)(sp - 1) = a < b ? 1 : 0; break; }
                    case (int)Opcode.I32GtS: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(long*)(sp - 1) = a > b ? 1 : 0; break; }
                    case (int)Opcode.I32GtU: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(long*)(sp - 1) = a > b ? 1 : 0; break; }
                    case (int)Opcode.I32LeS: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(long*)(sp - 1) = a <= b ? 1 : 0; break; }
                    case (int)Opcode.I32LeU: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(long*)(sp - 1) = a <= b ? 1 : 0; break; }
                    case (int)Opcode.I32GeS: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(long*)(sp - 1) = a >= b ? 1 : 0; break; }
                    case (int)Opcode.I32GeU: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(long*)(sp - 1) = a >= b ? 1 : 0; break; }
                    case (int)Opcode.I64Eqz: { long a = *(long*)(sp - 1); *(long*)(sp - 1) = a == 0 ? 1 : 0; break; }
                    case (int)Opcode.I64Eq: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a == b ? 1 : 0; break; }
                    case (int)Opcode.I64Ne: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a != b ? 1 : 0; break; }
                    case (int)Opcode.I64LtS: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a < b ? 1 : 0; break; }
                    case (int)Opcode.I64LtU: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(long*)(sp - 1) = a < b ? 1 : 0; break; }
                    case (int)Opcode.I64GtS: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a > b ? 1 : 0; break; }
                    case (int)Opcode.I64GtU: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(long*)(sp - 1) = a > b ? 1 : 0; break; }
                    case (int)Opcode.I64LeS: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a <= b ? 1 : 0; break; }
                    case (int)Opcode.I64LeU: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(long*)(sp - 1) = a <= b ? 1 : 0; break; }
                    case (int)Opcode.I64GeS: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a >= b ? 1 : 0; break; }
                    case (int)Opcode.I64GeU: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(long*)(sp - 1) = a >= b ? 1 : 0; break; }
                    case (int)Opcode.F32Eq: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(long*)(sp - 1) = a == b ? 1 : 0; break; }
                    case (int)Opcode.F32Ne: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(long*)(sp - 1) = a != b ? 1 : 0; break; }
                    case (int)Opcode.F32Lt: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(long*)(sp - 1) = a < b ? 1 : 0; break; }
                    case (int)Opcode.F32Gt: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(long*)(sp - 1) = a > b ? 1 : 0; break; }
                    case (int)Opcode.F32Le: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(long*)(sp - 1) = a <= b ? 1 : 0; break; }
                    case (int)Opcode.F32Ge: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(long*)(sp - 1) = a >= b ? 1 : 0; break; }
                    case (int)Opcode.F64Eq: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(long*)(sp - 1) = a == b ? 1 : 0; break; }
                    case (int)Opcode.F64Ne: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(long*)(sp - 1) = a != b ? 1 : 0; break; }
                    case (int)Opcode.F64Lt: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(long*)(sp - 1) = a < b ? 1 : 0; break; }
                    case (int)Opcode.F64Gt: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(long*)(sp - 1) = a > b ? 1 : 0; break; }
                    case (int)Opcode.F64Le: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(long*)(sp - 1) = a <= b ? 1 : 0; break; }
                    case (int)Opcode.F64Ge: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(long*)(sp - 1) = a >= b ? 1 : 0; break; }
                    case (int)Opcode.I32Clz: { uint a = *(uint*)(sp - 1); *(long*)(sp - 1) = BitOperations.LeadingZeroCount(a); break; }
                    case (int)Opcode.I32Ctz: { uint a = *(uint*)(sp - 1); *(long*)(sp - 1) = BitOperations.TrailingZeroCount(a); break; }
                    case (int)Opcode.I32Popcnt: { uint a = *(uint*)(sp - 1); *(long*)(sp - 1) = BitOperations.PopCount(a); break; }
                    case (int)Opcode.I32Add: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(int*)(sp - 1) = a + b; break; }
                    case (int)Opcode.I32Sub: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(int*)(sp - 1) = a - b; break; }
                    case (int)Opcode.I32Mul: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(int*)(sp - 1) = a * b; break; }
                    case (int)Opcode.I32DivS: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; if (b == 0) goto divZero; if (b == -1 && a == int.MinValue) goto intOverflow; *(int*)(sp - 1) = a / b; break; }
                    case (int)Opcode.I32DivU: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; if (b == 0) goto divZero; *(uint*)(sp - 1) = a / b; break; }
                    case (int)Opcode.I32RemS: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; if (b == 0) goto divZero; *(int*)(sp - 1) = b == -1 ? 0 : a % b; break; }
                    case (int)Opcode.I32RemU: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; if (b == 0) goto divZero; *(uint*)(sp - 1) = a % b; break; }
                    case (int)Opcode.I32And: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(int*)(sp - 1) = a & b; break; }
                    case (int)Opcode.I32Or: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(int*)(sp - 1) = a | b; break; }
                    case (int)Opcode.I32Xor: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(int*)(sp - 1) = a ^ b; break; }
                    case (int)Opcode.I32Shl: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(int*)(sp - 1) = a << b; break; }
                    case (int)Opcode.I32ShrS: { sp--; int a = *(int*)(sp - 1), b = *(int*)sp; *(int*)(sp - 1) = a >> b; break; }
                    case (int)Opcode.I32ShrU: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(uint*)(sp - 1) = a >> (int)b; break; }
                    case (int)Opcode.I32Rotl: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(uint*)(sp - 1) = BitOperations.RotateLeft(a, (int)b); break; }
                    case (int)Opcode.I32Rotr: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(uint*)(sp - 1) = BitOperations.RotateRight(a, (int)b); break; }
                    case (int)Opcode.I64Clz: { ulong a = *(ulong*)(sp - 1); *(long*)(sp - 1) = BitOperations.LeadingZeroCount(a); break; }
                    case (int)Opcode.I64Ctz: { ulong a = *(ulong*)(sp - 1); *(long*)(sp - 1) = BitOperations.TrailingZeroCount(a); break; }
                    case (int)Opcode.I64Popcnt: { ulong a = *(ulong*)(sp - 1); *(long*)(sp - 1) = BitOperations.PopCount(a); break; }
                    case (int)Opcode.I64Add: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a + b; break; }
                    case (int)Opcode.I64Sub: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a - b; break; }
                    case (int)Opcode.I64Mul: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a * b; break; }
                    case (int)Opcode.I64DivS: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; if (b == 0) goto divZero; if (b == -1 && a == long.MinValue) goto intOverflow; *(long*)(sp - 1) = a / b; break; }
                    case (int)Opcode.I64DivU: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; if (b == 0) goto divZero; *(ulong*)(sp - 1) = a / b; break; }
                    case (int)Opcode.I64RemS: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; if (b == 0) goto divZero; *(long*)(sp - 1) = b == -1 ? 0 : a % b; break; }
                    case (int)Opcode.I64RemU: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; if (b == 0) goto divZero; *(ulong*)(sp - 1) = a % b; break; }
                    case (int)Opcode.I64And: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a & b; break; }
                    case (int)Opcode.I64Or: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a | b; break; }
                    case (int)Opcode.I64Xor: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a ^ b; break; }
                    case (int)Opcode.I64Shl: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a << (int)b; break; }
                    case (int)Opcode.I64ShrS: { sp--; long a = *(long*)(sp - 1), b = *(long*)sp; *(long*)(sp - 1) = a >> (int)b; break; }
                    case (int)Opcode.I64ShrU: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(ulong*)(sp - 1) = a >> (int)b; break; }
                    case (int)Opcode.I64Rotl: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(ulong*)(sp - 1) = BitOperations.RotateLeft(a, (int)b); break; }
                    case (int)Opcode.I64Rotr: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(ulong*)(sp - 1) = BitOperations.RotateRight(a, (int)b); break; }
                    case (int)Opcode.F32Abs: { uint a = *(uint*)(sp - 1); *(uint*)(sp - 1) = a & 0x7FFFFFFFu; break; }
                    case (int)Opcode.F32Neg: { uint a = *(uint*)(sp - 1); *(uint*)(sp - 1) = a ^ 0x80000000u; break; }
                    case (int)Opcode.F32Ceil: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Ceiling(a); break; }
                    case (int)Opcode.F32Floor: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Floor(a); break; }
                    case (int)Opcode.F32Trunc: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Truncate(a); break; }
                    case (int)Opcode.F32Nearest: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Round(a, MidpointRounding.ToEven); break; }
                    case (int)Opcode.F32Sqrt: { float a = *(float*)(sp - 1); *(float*)(sp - 1) = MathF.Sqrt(a); break; }
                    case (int)Opcode.F32Add: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = a + b; break; }
                    case (int)Opcode.F32Sub: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = a - b; break; }
                    case (int)Opcode.F32Mul: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = a * b; break; }
                    case (int)Opcode.F32Div: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = a / b; break; }
                    case (int)Opcode.F32Min: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = Num.Min(a, b); break; }
                    case (int)Opcode.F32Max: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = Num.Max(a, b); break; }
                    case (int)Opcode.F32Copysign: { sp--; uint a = *(uint*)(sp - 1), b = *(uint*)sp; *(uint*)(sp - 1) = (a & 0x7FFFFFFFu) | (b & 0x80000000u); break; }
                    case (int)Opcode.F64Abs: { ulong a = *(ulong*)(sp - 1); *(ulong*)(sp - 1) = a & 0x7FFFFFFFFFFFFFFFul; break; }
                    case (int)Opcode.F64Neg: { ulong a = *(ulong*)(sp - 1); *(ulong*)(sp - 1) = a ^ 0x8000000000000000ul; break; }
                    case (int)Opcode.F64Ceil: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Ceiling(a); break; }
                    case (int)Opcode.F64Floor: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Floor(a); break; }
                    case (int)Opcode.F64Trunc: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Truncate(a); break; }
                    case (int)Opcode.F64Nearest: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Round(a, MidpointRounding.ToEven); break; }
                    case (int)Opcode.F64Sqrt: { double a = *(double*)(sp - 1); *(double*)(sp - 1) = Math.Sqrt(a); break; }
                    case (int)Opcode.F64Add: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = a + b; break; }
                    case (int)Opcode.F64Sub: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = a - b; break; }
                    case (int)Opcode.F64Mul: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = a * b; break; }
                    case (int)Opcode.F64Div: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = a / b; break; }
                    case (int)Opcode.F64Min: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = Num.Min(a, b); break; }
                    case (int)Opcode.F64Max: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = Num.Max(a, b); break; }
                    case (int)Opcode.F64Copysign: { sp--; ulong a = *(ulong*)(sp - 1), b = *(ulong*)sp; *(ulong*)(sp - 1) = (a & 0x7FFFFFFFFFFFFFFFul) | (b & 0x8000000000000000ul); break; }
                    case (int)Opcode.I32TruncF32S: { *(long*)(sp - 1) = Num.I32TruncF32S(*(float*)(sp - 1)); break; }
                    case (int)Opcode.I32TruncF32U: { *(long*)(sp - 1) = Num.I32TruncF32U(*(float*)(sp - 1)); break; }
                    case (int)Opcode.I32TruncF64S: { *(long*)(sp - 1) = Num.I32TruncF64S(*(double*)(sp - 1)); break; }
                    case (int)Opcode.I32TruncF64U: { *(long*)(sp - 1) = Num.I32TruncF64U(*(double*)(sp - 1)); break; }
                    case (int)Opcode.I64TruncF32S: { *(long*)(sp - 1) = Num.I64TruncF32S(*(float*)(sp - 1)); break; }
                    case (int)Opcode.I64TruncF32U: { *(long*)(sp - 1) = Num.I64TruncF32U(*(float*)(sp - 1)); break; }
                    case (int)Opcode.I64TruncF64S: { *(long*)(sp - 1) = Num.I64TruncF64S(*(double*)(sp - 1)); break; }
                    case (int)Opcode.I64TruncF64U: { *(long*)(sp - 1) = Num.I64TruncF64U(*(double*)(sp - 1)); break; }
                    case (int)Opcode.I64ExtendI32S: { int a = *(int*)(sp - 1); *(long*)(sp - 1) = a; break; }
                    case (int)Opcode.I64ExtendI32U: { uint a = *(uint*)(sp - 1); *(long*)(sp - 1) = a; break; }
                    case (int)Opcode.F32ConvertI32S: { float r = *(int*)(sp - 1); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
                    case (int)Opcode.F32ConvertI32U: { float r = *(uint*)(sp - 1); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
                    case (int)Opcode.F32ConvertI64S: { float r = *(long*)(sp - 1); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
                    case (int)Opcode.F32ConvertI64U: { float r = Num.U64ToF32(*(ulong*)(sp - 1)); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
                    case (int)Opcode.F32DemoteF64: { float r = (float)*(double*)(sp - 1); *(long*)(sp - 1) = 0; *(float*)(sp - 1) = r; break; }
                    case (int)Opcode.F64ConvertI32S: { int a = *(int*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
                    case (int)Opcode.F64ConvertI32U: { uint a = *(uint*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
                    case (int)Opcode.F64ConvertI64S: { long a = *(long*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
                    case (int)Opcode.F64ConvertI64U: { ulong a = *(ulong*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
                    case (int)Opcode.F64PromoteF32: { float a = *(float*)(sp - 1); *(double*)(sp - 1) = (double)a; break; }
                    case (int)Opcode.I32Extend8S: { int a = *(int*)(sp - 1); *(long*)(sp - 1) = (sbyte)a; break; }
                    case (int)Opcode.I32Extend16S: { int a = *(int*)(sp - 1); *(long*)(sp - 1) = (short)a; break; }
                    case (int)Opcode.I64Extend8S: { long a = *(long*)(sp - 1); *(long*)(sp - 1) = (sbyte)a; break; }
                    case (int)Opcode.I64Extend16S: { long a = *(long*)(sp - 1); *(long*)(sp - 1) = (short)a; break; }
                    case (int)Opcode.I64Extend32S: { long a = *(long*)(sp - 1); *(long*)(sp - 1) = (int)a; break; }
                    case (int)Opcode.I32TruncSatF32S: { int r = Num.SatInt(*(float*)(sp - 1)); *(long*)(sp - 1) = (long)r; break; }
                    case (int)Opcode.I32TruncSatF32U: { uint r = Num.SatUint(*(float*)(sp - 1)); *(long*)(sp - 1) = (long)r; break; }
                    case (int)Opcode.I32TruncSatF64S: { int r = Num.SatInt(*(double*)(sp - 1)); *(long*)(sp - 1) = (long)r; break; }
                    case (int)Opcode.I32TruncSatF64U: { uint r = Num.SatUint(*(double*)(sp - 1)); *(long*)(sp - 1) = (long)r; break; }
                    case (int)Opcode.I64TruncSatF32S: { *(long*)(sp - 1) = Num.SatLong(*(float*)(sp - 1)); break; }
                    case (int)Opcode.I64TruncSatF32U: { *(ulong*)(sp - 1) = Num.SatUlong(*(float*)(sp - 1)); break; }
                    case (int)Opcode.I64TruncSatF64S: { *(long*)(sp - 1) = Num.SatLong(*(double*)(sp - 1)); break; }
                    case (int)Opcode.I64TruncSatF64U: { *(ulong*)(sp - 1) = Num.SatUlong(*(double*)(sp - 1)); break; }
                    case (int)Opcode.I32Load: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > memLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<int>(mem + ea); break; }
                    case (int)Opcode.I64Load: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 8 > memLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<long>(mem + ea); break; }
                    case (int)Opcode.F32Load: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > memLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<uint>(mem + ea); break; }
                    case (int)Opcode.F64Load: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 8 > memLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<long>(mem + ea); break; }
                    case (int)Opcode.I32Load8S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > memLen) goto oob; *(long*)(sp - 1) = (int)*(sbyte*)(mem + ea); break; }
                    case (int)Opcode.I32Load8U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > memLen) goto oob; *(long*)(sp - 1) = (int)*(mem + ea); break; }
                    case (int)Opcode.I32Load16S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > memLen) goto oob; *(long*)(sp - 1) = (int)Unsafe.ReadUnaligned<short>(mem + ea); break; }
                    case (int)Opcode.I32Load16U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > memLen) goto oob; *(long*)(sp - 1) = (int)Unsafe.ReadUnaligned<ushort>(mem + ea); break; }
                    case (int)Opcode.I64Load8S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > memLen) goto oob; *(long*)(sp - 1) = *(sbyte*)(mem + ea); break; }
                    case (int)Opcode.I64Load8U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > memLen) goto oob; *(long*)(sp - 1) = *(mem + ea); break; }
                    case (int)Opcode.I64Load16S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > memLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<short>(mem + ea); break; }
                    case (int)Opcode.I64Load16U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > memLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<ushort>(mem + ea); break; }
                    case (int)Opcode.I64Load32S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > memLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<int>(mem + ea); break; }
                    case (int)Opcode.I64Load32U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > memLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<uint>(mem + ea); break; }
                    case (int)Opcode.I32Store: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(int*)(sp + 1)); break; }
                    case (int)Opcode.I64Store: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 8 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(long*)(sp + 1)); break; }
                    case (int)Opcode.F32Store: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(int*)(sp + 1)); break; }
                    case (int)Opcode.F64Store: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 8 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(long*)(sp + 1)); break; }
                    case (int)Opcode.I32Store8: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 1 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(byte*)(sp + 1)); break; }
                    case (int)Opcode.I32Store16: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 2 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(short*)(sp + 1)); break; }
                    case (int)Opcode.I64Store8: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 1 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(byte*)(sp + 1)); break; }
                    case (int)Opcode.I64Store16: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 2 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(short*)(sp + 1)); break; }
                    case (int)Opcode.I64Store32: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > memLen) goto oob; Unsafe.WriteUnaligned(mem + ea, *(int*)(sp + 1)); break; }
                default:
                {
                    int op = ip[-1];
                    if (op >= 0x200 && op < 0x300)
                    {
                        sp = Simd.Exec(op, sp, ref ip, mem, memLen);
                        break;
                    }
                    throw new InvalidOperationException($"interpreter: bad opcode 0x{op:x}");
                }
            }
        }

    oob: throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);
    tableOob: throw new TrapException(TrapKind.OutOfBoundsTableAccess);
    divZero: throw new TrapException(TrapKind.IntegerDivideByZero);
    intOverflow: throw new TrapException(TrapKind.IntegerOverflow);
    exhausted: throw new TrapException(TrapKind.CallStackExhausted);
    undefinedElement: throw new TrapException(TrapKind.UndefinedElement);
    typeMismatch: throw new TrapException(TrapKind.IndirectCallTypeMismatch);
    }

    private static void CopyRefs(object?[] refs, int from, int to, int n)
    {
        for (int i = 0; i < n; i++) refs[to + i] = refs[from + i];
    }
}
