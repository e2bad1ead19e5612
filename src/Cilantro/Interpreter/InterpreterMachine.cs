using System.Numerics;
using System.Runtime.CompilerServices;
using Cilantro.Instructions;
using Cilantro.Model;
using Cilantro.Runtime;

namespace Cilantro.Interpreter;

/// <summary>
/// The interpreter machine: functions are translated lazily to <see cref="FuncCode"/> and run by one dispatch loop
/// over an explicit frame stack, so WebAssembly-to-WebAssembly calls never recurse on the .NET stack.
/// The loop keeps only the hot state in locals (sp, ip, fp, frame, memory base and length) so the JIT can enregister
/// it; rarely used instructions run in <see cref="ColdOps.Exec"/>.
/// </summary>
/// <remarks>
/// Frames (<see cref="Frame"/>) hold no object references: the callee is a function index in the current module, and
/// a call that changes module pushes the callee's module on <see cref="ExecContext.ModStack"/> and flags its frame.
/// The call depth of interpreted frames is the frame count; <see cref="ExecContext.Depth"/> is brought up to date
/// only before calls that leave the interpreter.
/// </remarks>
internal sealed unsafe class InterpreterMachine : IMachine
{
    /// <summary>The shared instance (the machine has no state of its own).</summary>
    public static readonly InterpreterMachine Instance = new();

    public string Name => "interpreter";

    public void Prepare(ModuleInstance instance) => instance.InterpreterCodes = CodesOf(instance.Definition);

    private static readonly ConditionalWeakTable<ModuleDefinition, FuncCode?[]> Cache = new();

    /// <summary>The translated functions of a module definition (shared by its instances), filled lazily.</summary>
    private static FuncCode?[] CodesOf(ModuleDefinition def) => Cache.GetValue(def, d => new FuncCode?[d.FunctionCount]);

    internal static FuncCode GetCode(WasmFunction f)
    {
        if (f.Code is FuncCode c) return c;
        var arr = f.Module.InterpreterCodes ?? CodesOf(f.Module.Definition);
        c = arr[f.Index] ??= Translator.Translate(f.Module.Definition, f.Index);
        f.Code = c;
        if (f.Module.Machine == Instance) f.InterpreterCode = c;
        return c;
    }

    /// <summary>Translated code of function <paramref name="index"/> of a module run by the interpreter (translating it on first use).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FuncCode? Translate(ModuleInstance mod, int index) =>
        index < mod.Definition.ImportedFunctionCount ? null : GetCode((WasmFunction)mod.Functions[index]);

    public void Invoke(WasmFunction function, ExecContext ctx, int argBase)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new TrapException(TrapKind.CallStackExhausted);
        // The loop state of an interpreter run this call may be nested in (through a host function).
        Frame* entryTop = ctx.FrameTop, entryLimit = ctx.FrameLimit, outerEntry = ctx.FrameEntry;
        int entryDepth = ctx.Depth, entryMods = ctx.ModCount, outerDepth = ctx.EntryDepth, outerMods = ctx.EntryMods;
        ModuleInstance? outerModule = ctx.Module, outerEntryModule = ctx.EntryModule;
        int* outerTrapIp = ctx.TrapIp;
        TrapException? trap = null;
        try
        {
            try
            {
                Run(function, ctx, argBase);
            }
            finally
            {
                // Unwinding a trap (the filter below noted it in the first pass): this run's frames go to it, after
                // those of the runs nested in it, whose handlers ran first.
                if (trap is not null) AddFrames(trap, ctx, function, entryTop, entryMods);
                ctx.FrameTop = entryTop;
                ctx.FrameLimit = entryLimit;
                ctx.FrameEntry = outerEntry;
                ctx.Depth = entryDepth;
                ctx.ModCount = entryMods;
                ctx.EntryDepth = outerDepth;
                ctx.EntryMods = outerMods;
                ctx.EntryModule = outerEntryModule;
                ctx.TrapIp = outerTrapIp;
                if (outerModule is not null) SetModule(ctx, outerModule);
            }
        }
        catch (Exception e) when (TrapException.InFlight(e, out trap))
        {
            throw; // never taken
        }
    }

    /// <summary>Makes <paramref name="mod"/> the module the loop runs in: its translated code and memory 0.</summary>
    private static void SetModule(ExecContext ctx, ModuleInstance mod)
    {
        ctx.Module = mod;
        ctx.Codes = mod.InterpreterCodes;
        ReloadMemory(ctx, mod);
    }

    /// <summary>Reloads the cached base and length of memory 0 (after a call or a grow may have moved it).</summary>
    private static void ReloadMemory(ExecContext ctx, ModuleInstance mod)
    {
        if (mod.Memory0 is { } m) { ctx.Mem = m.Base; ctx.MemLen = (ulong)m.Length; }
        else { ctx.Mem = null; ctx.MemLen = 0; }
    }

    /// <summary>
    /// Appends this run's frames, innermost first, to the trap's backtrace. The innermost frame's position is
    /// <see cref="ExecContext.TrapIp"/>; every other frame's is the return address stored in the frame above it.
    /// </summary>
    private static void AddFrames(TrapException e, ExecContext ctx, WasmFunction entry, Frame* entryTop, int entryMods)
    {
        var frames = new List<WasmStackFrame>();
        ModuleInstance mod = entry.Module;
        int k = entryMods;
        for (Frame* f = entryTop; f < ctx.FrameTop && frames.Count < 200; f++)
        {
            if (f->Flags != 0 && ctx.ModStack is { } ms && k < ms.Length && ms[k] is { } m) { mod = m; k++; }
            if ((uint)f->Func >= (uint)mod.Functions.Length || mod.Functions[f->Func] is not WasmFunction wf) continue;
            int* at = f + 1 < ctx.FrameTop ? f[1].ReturnIp : ctx.TrapIp;
            int offset = wf.Code is FuncCode c && at != null ? c.OffsetAt(at) : -1;
            frames.Add(new WasmStackFrame(wf.Index, wf.Name, wf.Module.Name, offset));
        }
        var list = new List<WasmStackFrame>(e.WasmStack);
        for (int i = frames.Count - 1; i >= 0; i--) list.Add(frames[i]);
        e.WasmStack = list;
    }

    private static void ClearLocals(ExecContext ctx, FuncCode c, long* nfp)
    {
        for (long* p = nfp + c.ParamSlots, e = nfp + c.LocalSlots; p < e; p++) *p = 0;
        if (c.HasRefLocals) Array.Clear(ctx.Refs, (int)(nfp - ctx.Base) + c.ParamSlots, c.LocalSlots - c.ParamSlots);
    }

    /// <summary>The rarer parts of entering a function: clearing declared locals, switching to another module.</summary>
    private static void EnterSlow(ExecContext ctx, FuncCode c, long* nfp, ModuleInstance? module)
    {
        if (c.ZeroSlots != 0) ClearLocals(ctx, c, nfp);
        if (module is null) return;
        var ms = ctx.ModStack ??= new ModuleInstance?[ctx.FrameCapacity + 1];
        ms[ctx.ModCount++] = module;
        SetModule(ctx, module);
    }

    private static void Run(WasmFunction entry, ExecContext ctx, int argBase)
    {
        FuncCode code = GetCode(entry);
        long* fp = ctx.Base + argBase;
        Frame* fr = ctx.FrameTop;
        ctx.EntryDepth = ctx.Depth;
        ctx.EntryMods = ctx.ModCount;
        ctx.EntryModule = entry.Module;
        ctx.FrameEntry = fr;
        // One frame per interpreted call: the depth budget left and the frame array bound the frame stack.
        ctx.FrameLimit = fr + Math.Min(ctx.MaxDepth - ctx.Depth, ctx.FrameCapacity - (int)(fr - ctx.Frames));
        if (fr >= ctx.FrameLimit || fp + code.MaxHeight > ctx.Limit) throw new TrapException(TrapKind.CallStackExhausted);
        if (code.ZeroSlots != 0) ClearLocals(ctx, code, fp);
        fr->ReturnIp = null;
        fr->ReturnFp = null;
        fr->Func = entry.Index;
        fr->Flags = 0;
        ctx.FrameTop = fr + 1;
        SetModule(ctx, entry.Module);
        Loop(ctx, code.Ip0, fp + code.LocalSlots, fp);
    }

    /// <remarks>
    /// Only ip, sp, fp and ctx are live across instructions: everything else the loop needs (the frame stack top and
    /// limit, the current module, its code table and memory, the entry state) lives in <paramref name="ctx"/>, so the
    /// JIT keeps these four in registers.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Loop(ExecContext ctx, int* ip, long* sp, long* fp)
    {
        FunctionInstance callee;
        FuncCode? calleeCode;
        ModuleInstance? calleeModule;
        int calleeIndex;
        // Scratch for the one-line arms below, shared so the method stays under the JIT's local-count limits.
        int ia, ib; uint ua, ub; long la, lb; ulong qa, qb, ea; float fa, fb; double da, db;
        while (true)
        {
            int op = *ip;
            ip++;
            switch (op)
            {
                case (int)Opcode.Unreachable:
                    goto unreachable;
                case IOp.Nop:
                    break;
                case IOp.Jump:
                    ip += *ip;
                    break;
                case IOp.JumpIfZero:
                    sp--;
                    if (*(int*)sp == 0) ip += *ip; else ip++;
                    break;
                case IOp.JumpIfNonZero:
                    sp--;
                    if (*(int*)sp != 0) ip += *ip; else ip++;
                    break;
                case IOp.BrIf:
                    sp--;
                    if (*(int*)sp == 0) { ip += 4; break; }
                    goto case IOp.Br;
                case IOp.Br:
                {
                    int n = ip[1];
                    long* dst = fp + ip[2];
                    if (ip[3] != 0) CopyRefs(ctx, sp - n, dst, n);
                    for (int i = 0; i < n; i++) dst[i] = sp[i - n];
                    sp = dst + n;
                    ip += *ip;
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
                    // Operand: result slots * 2, plus 1 when they hold references.
                    int n = *ip >> 1;
                    if ((*ip & 1) != 0) CopyRefs(ctx, sp - n, fp, n);
                    for (int i = 0; i < n; i++) fp[i] = sp[i - n];
                    Frame* fr = ctx.FrameTop - 1;
                    if (fr->ReturnIp == null) return;
                    sp = fp + n;
                    ip = fr->ReturnIp;
                    fp = fr->ReturnFp;
                    ctx.FrameTop = fr;
                    if (fr->Flags != 0)
                    {
                        int mc = --ctx.ModCount;
                        SetModule(ctx, mc > ctx.EntryMods ? ctx.ModStack![mc - 1]! : ctx.EntryModule!);
                    }
                    break;
                }
                case IOp.Call:
                    calleeIndex = *ip++;
                    if (ctx.Codes is not { } codes || (calleeCode = codes[calleeIndex] ?? Translate(ctx.Module!, calleeIndex)) is null)
                    {
                        callee = ctx.Module!.Functions[calleeIndex];
                        goto doCall;
                    }
                    calleeModule = null;
                    goto enter;
                case IOp.CallIndirect:
                {
                    int typeIdx = *ip++;
                    TableInstance table = ctx.Module!.Tables[*ip++];
                    sp--;
                    uint k = *(uint*)sp;
                    if (k >= (uint)table.Length) goto undefinedElement;
                    callee = (FunctionInstance)table.Elements[k]!;
                    if (callee is null) goto uninitializedElement;
                    if (callee.TypeId != ctx.Module!.TypeIdsByIndex[typeIdx]) goto typeMismatch;
                }
                doCall:
                {
                    object? ic = callee.InterpreterCode;
                    if (ic is null && callee is WasmFunction w0 && w0.Module.Machine == Instance) ic = GetCode(w0);
                    if (ic is null) goto slowCall;
                    calleeCode = Unsafe.As<FuncCode>(ic);
                    WasmFunction wf = Unsafe.As<WasmFunction>(callee);
                    calleeIndex = wf.Index;
                    calleeModule = wf.Module == ctx.Module ? null : wf.Module;
                }
                enter:
                {
                    long* nfp = sp - calleeCode.ParamSlots;
                    Frame* fr = ctx.FrameTop;
                    if (fr >= ctx.FrameLimit || nfp + calleeCode.MaxHeight > ctx.Limit) goto exhausted;
                    fr->ReturnIp = ip;
                    fr->ReturnFp = fp;
                    fr->Func = calleeIndex;
                    fr->Flags = calleeModule is null ? 0 : 1;
                    ctx.FrameTop = fr + 1;
                    fp = nfp;
                    sp = nfp + calleeCode.LocalSlots;
                    ip = calleeCode.Ip0;
                    // Last, so nothing above has to survive the call in a register.
                    if (calleeCode.ZeroSlots != 0 || calleeModule is not null) EnterSlow(ctx, calleeCode, nfp, calleeModule);
                    break;
                }
                slowCall:
                {
                    // A host function, an import or a function of another engine: a .NET call with the depth made current.
                    int ab = (int)(sp - ctx.Base) - callee.ParamSlots;
                    ctx.Depth = ctx.EntryDepth + (int)(ctx.FrameTop - ctx.FrameEntry);
                    ctx.TrapIp = ip;
                    callee.Invoke(ctx, ab);
                    sp = ctx.Base + ab + callee.ResultSlots;
                    ReloadMemory(ctx, ctx.Module!);
                    break;
                }
                case IOp.Drop:
                    sp -= *ip++;
                    break;
                case IOp.Select:
                    sp -= 2;
                    if (*(int*)(sp + 1) == 0) sp[-1] = sp[0];
                    break;
                case IOp.LocalGet:
                    *sp++ = fp[*ip++];
                    break;
                case IOp.LocalSet:
                    fp[*ip++] = *--sp;
                    break;
                case IOp.LocalTee:
                    fp[*ip++] = sp[-1];
                    break;
                case IOp.LocalSetConst:
                    *(long*)((byte*)fp + ip[0]) = *(long*)(ip + 1);
                    ip += 3;
                    break;
                case IOp.LocalCopy:
                    *(long*)((byte*)fp + ip[1]) = *(long*)((byte*)fp + ip[0]);
                    ip += 2;
                    break;
                case IOp.TeeJumpIfNonZero:
                    sp--;
                    *(long*)((byte*)fp + ip[0]) = *sp;
                    ip += *(int*)sp != 0 ? ip[1] + 1 : 2;
                    break;
                case IOp.TeeJumpIfZero:
                    sp--;
                    *(long*)((byte*)fp + ip[0]) = *sp;
                    ip += *(int*)sp == 0 ? ip[1] + 1 : 2;
                    break;
                case IOp.AddTeeJumpIfNonZero:
                    ia = *(int*)((byte*)fp + ip[0]) + ip[1];
                    *(int*)((byte*)fp + ip[2]) = ia;
                    ip += ia != 0 ? ip[3] + 3 : 4;
                    break;
                case IOp.ReturnLocal:
                    *sp++ = *(long*)((byte*)fp + ip[0]);
                    ip++;
                    goto case IOp.Return;
                case IOp.BrTableLocal:
                    *sp++ = *(long*)((byte*)fp + ip[0]);
                    ip += 2;
                    goto case IOp.BrTable;
                case IOp.AndJumpIfNonZero:
                    sp--;
                    ip += (*(int*)sp & ip[0]) != 0 ? ip[1] + 1 : 2;
                    break;
                case IOp.AndJumpIfZero:
                    sp--;
                    ip += (*(int*)sp & ip[0]) == 0 ? ip[1] + 1 : 2;
                    break;
                case IOp.MulAdd32:
                    *(int*)(sp - 3) += *(int*)(sp - 2) * *(int*)(sp - 1);
                    sp -= 2;
                    break;
                case IOp.MulAdd64:
                    sp[-3] += sp[-2] * sp[-1];
                    sp -= 2;
                    break;
                case IOp.MulAddLL32:
                    *(int*)(sp - 1) += *(int*)((byte*)fp + ip[0]) * *(int*)((byte*)fp + ip[1]);
                    ip += 2;
                    break;
                case IOp.MulAddLL64:
                    sp[-1] += *(long*)((byte*)fp + ip[0]) * *(long*)((byte*)fp + ip[1]);
                    ip += 2;
                    break;
                case IOp.RangeLocal:
                    *(int*)sp = Unsafe.BitCast<bool, byte>((uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) < (uint)ip[2]);
                    sp++;
                    ip += 3;
                    break;
                case IOp.RangeStack:
                    *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>((uint)(*(int*)(sp - 1) + ip[0]) < (uint)ip[1]);
                    ip += 2;
                    break;
                case IOp.RangeLocalJumpIfIn:
                    ip += (uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) < (uint)ip[2] ? ip[3] + 3 : 4;
                    break;
                case IOp.RangeLocalJumpIfOut:
                    ip += (uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) >= (uint)ip[2] ? ip[3] + 3 : 4;
                    break;
                case IOp.RangeStackJumpIfIn:
                    sp--;
                    ip += (uint)(*(int*)sp + ip[0]) < (uint)ip[1] ? ip[2] + 2 : 3;
                    break;
                case IOp.RangeStackJumpIfOut:
                    sp--;
                    ip += (uint)(*(int*)sp + ip[0]) >= (uint)ip[1] ? ip[2] + 2 : 3;
                    break;
                case IOp.IndexAddress:
                    *(int*)sp = *(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2]);
                    sp++;
                    ip += 3;
                    break;
                case IOp.GlobalGet:
                    *sp++ = ctx.Module!.Globals[*ip++].Bits;
                    break;
                case IOp.GlobalSet:
                    ctx.Module!.Globals[*ip++].Bits = *--sp;
                    break;
                case (int)Opcode.I32Const:
                    *sp++ = *ip++;
                    break;
                case IOp.Const64:
                    *sp++ = (long)(uint)ip[0] | ((long)ip[1] << 32);
                    ip += 2;
                    break;
                case (int)Opcode.MemorySize:
                    *sp++ = ctx.Module!.Memory0!.Pages;
                    break;
                case (int)Opcode.MemoryGrow:
                {
                    uint delta = *(uint*)(sp - 1);
                    var mg = ctx.Module!.Memory0!;
                    sp[-1] = (int)mg.Grow(delta);
                    ReloadMemory(ctx, ctx.Module);
                    break;
                }
case (int)Opcode.I32Eqz: { ia = *(int*)(sp - 1); *(long*)(sp - 1) = ia == 0 ? 1 : 0; break; }
                    case (int)Opcode.I32Eq: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(long*)(sp - 1) = ia == ib ? 1 : 0; break; }
                    case (int)Opcode.I32Ne: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(long*)(sp - 1) = ia != ib ? 1 : 0; break; }
                    case (int)Opcode.I32LtS: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(long*)(sp - 1) = ia < ib ? 1 : 0; break; }
                    case (int)Opcode.I32LtU: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; *(long*)(sp - 1) = ua < ub ? 1 : 0; break; }
                    case (int)Opcode.I32GtS: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(long*)(sp - 1) = ia > ib ? 1 : 0; break; }
                    case (int)Opcode.I32GtU: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; *(long*)(sp - 1) = ua > ub ? 1 : 0; break; }
                    case (int)Opcode.I32LeS: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(long*)(sp - 1) = ia <= ib ? 1 : 0; break; }
                    case (int)Opcode.I32LeU: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; *(long*)(sp - 1) = ua <= ub ? 1 : 0; break; }
                    case (int)Opcode.I32GeS: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(long*)(sp - 1) = ia >= ib ? 1 : 0; break; }
                    case (int)Opcode.I32GeU: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; *(long*)(sp - 1) = ua >= ub ? 1 : 0; break; }
                    case (int)Opcode.I64Eqz: { la = *(long*)(sp - 1); *(long*)(sp - 1) = la == 0 ? 1 : 0; break; }
                    case (int)Opcode.I64Eq: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la == lb ? 1 : 0; break; }
                    case (int)Opcode.I64Ne: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la != lb ? 1 : 0; break; }
                    case (int)Opcode.I64LtS: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la < lb ? 1 : 0; break; }
                    case (int)Opcode.I64LtU: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; *(long*)(sp - 1) = qa < qb ? 1 : 0; break; }
                    case (int)Opcode.I64GtS: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la > lb ? 1 : 0; break; }
                    case (int)Opcode.I64GtU: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; *(long*)(sp - 1) = qa > qb ? 1 : 0; break; }
                    case (int)Opcode.I64LeS: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la <= lb ? 1 : 0; break; }
                    case (int)Opcode.I64LeU: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; *(long*)(sp - 1) = qa <= qb ? 1 : 0; break; }
                    case (int)Opcode.I64GeS: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la >= lb ? 1 : 0; break; }
                    case (int)Opcode.I64GeU: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; *(long*)(sp - 1) = qa >= qb ? 1 : 0; break; }
                    case (int)Opcode.F32Eq: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(long*)(sp - 1) = fa == fb ? 1 : 0; break; }
                    case (int)Opcode.F32Ne: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(long*)(sp - 1) = fa != fb ? 1 : 0; break; }
                    case (int)Opcode.F32Lt: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(long*)(sp - 1) = fa < fb ? 1 : 0; break; }
                    case (int)Opcode.F32Gt: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(long*)(sp - 1) = fa > fb ? 1 : 0; break; }
                    case (int)Opcode.F32Le: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(long*)(sp - 1) = fa <= fb ? 1 : 0; break; }
                    case (int)Opcode.F32Ge: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(long*)(sp - 1) = fa >= fb ? 1 : 0; break; }
                    case (int)Opcode.F64Eq: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(long*)(sp - 1) = da == db ? 1 : 0; break; }
                    case (int)Opcode.F64Ne: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(long*)(sp - 1) = da != db ? 1 : 0; break; }
                    case (int)Opcode.F64Lt: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(long*)(sp - 1) = da < db ? 1 : 0; break; }
                    case (int)Opcode.F64Gt: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(long*)(sp - 1) = da > db ? 1 : 0; break; }
                    case (int)Opcode.F64Le: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(long*)(sp - 1) = da <= db ? 1 : 0; break; }
                    case (int)Opcode.F64Ge: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(long*)(sp - 1) = da >= db ? 1 : 0; break; }
                    case (int)Opcode.I32Clz: { ua = *(uint*)(sp - 1); *(long*)(sp - 1) = BitOperations.LeadingZeroCount(ua); break; }
                    case (int)Opcode.I32Ctz: { ua = *(uint*)(sp - 1); *(long*)(sp - 1) = BitOperations.TrailingZeroCount(ua); break; }
                    case (int)Opcode.I32Popcnt: { ua = *(uint*)(sp - 1); *(long*)(sp - 1) = BitOperations.PopCount(ua); break; }
                    case (int)Opcode.I32Add: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(int*)(sp - 1) = ia + ib; break; }
                    case (int)Opcode.I32Sub: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(int*)(sp - 1) = ia - ib; break; }
                    case (int)Opcode.I32Mul: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(int*)(sp - 1) = ia * ib; break; }
                    case (int)Opcode.I32DivS: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; if (ib == 0) goto divZero; if (ib == -1 && ia == int.MinValue) goto intOverflow; *(int*)(sp - 1) = ia / ib; break; }
                    case (int)Opcode.I32DivU: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; if (ub == 0) goto divZero; *(uint*)(sp - 1) = ua / ub; break; }
                    case (int)Opcode.I32RemS: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; if (ib == 0) goto divZero; *(int*)(sp - 1) = ib == -1 ? 0 : ia % ib; break; }
                    case (int)Opcode.I32RemU: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; if (ub == 0) goto divZero; *(uint*)(sp - 1) = ua % ub; break; }
                    case (int)Opcode.I32And: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(int*)(sp - 1) = ia & ib; break; }
                    case (int)Opcode.I32Or: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(int*)(sp - 1) = ia | ib; break; }
                    case (int)Opcode.I32Xor: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(int*)(sp - 1) = ia ^ ib; break; }
                    case (int)Opcode.I32Shl: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(int*)(sp - 1) = ia << ib; break; }
                    case (int)Opcode.I32ShrS: { sp--; ia = *(int*)(sp - 1); ib = *(int*)sp; *(int*)(sp - 1) = ia >> ib; break; }
                    case (int)Opcode.I32ShrU: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; *(uint*)(sp - 1) = ua >> (int)ub; break; }
                    case (int)Opcode.I32Rotl: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; *(uint*)(sp - 1) = BitOperations.RotateLeft(ua, (int)ub); break; }
                    case (int)Opcode.I32Rotr: { sp--; ua = *(uint*)(sp - 1); ub = *(uint*)sp; *(uint*)(sp - 1) = BitOperations.RotateRight(ua, (int)ub); break; }
                    case (int)Opcode.I64Clz: { qa = *(ulong*)(sp - 1); *(long*)(sp - 1) = BitOperations.LeadingZeroCount(qa); break; }
                    case (int)Opcode.I64Ctz: { qa = *(ulong*)(sp - 1); *(long*)(sp - 1) = BitOperations.TrailingZeroCount(qa); break; }
                    case (int)Opcode.I64Popcnt: { qa = *(ulong*)(sp - 1); *(long*)(sp - 1) = BitOperations.PopCount(qa); break; }
                    case (int)Opcode.I64Add: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la + lb; break; }
                    case (int)Opcode.I64Sub: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la - lb; break; }
                    case (int)Opcode.I64Mul: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la * lb; break; }
                    case (int)Opcode.I64DivS: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; if (lb == 0) goto divZero; if (lb == -1 && la == long.MinValue) goto intOverflow; *(long*)(sp - 1) = la / lb; break; }
                    case (int)Opcode.I64DivU: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; if (qb == 0) goto divZero; *(ulong*)(sp - 1) = qa / qb; break; }
                    case (int)Opcode.I64RemS: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; if (lb == 0) goto divZero; *(long*)(sp - 1) = lb == -1 ? 0 : la % lb; break; }
                    case (int)Opcode.I64RemU: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; if (qb == 0) goto divZero; *(ulong*)(sp - 1) = qa % qb; break; }
                    case (int)Opcode.I64And: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la & lb; break; }
                    case (int)Opcode.I64Or: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la | lb; break; }
                    case (int)Opcode.I64Xor: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la ^ lb; break; }
                    case (int)Opcode.I64Shl: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la << (int)lb; break; }
                    case (int)Opcode.I64ShrS: { sp--; la = *(long*)(sp - 1); lb = *(long*)sp; *(long*)(sp - 1) = la >> (int)lb; break; }
                    case (int)Opcode.I64ShrU: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; *(ulong*)(sp - 1) = qa >> (int)qb; break; }
                    case (int)Opcode.I64Rotl: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; *(ulong*)(sp - 1) = BitOperations.RotateLeft(qa, (int)qb); break; }
                    case (int)Opcode.I64Rotr: { sp--; qa = *(ulong*)(sp - 1); qb = *(ulong*)sp; *(ulong*)(sp - 1) = BitOperations.RotateRight(qa, (int)qb); break; }
                    case (int)Opcode.F32Add: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(float*)(sp - 1) = fa + fb; break; }
                    case (int)Opcode.F32Sub: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(float*)(sp - 1) = fa - fb; break; }
                    case (int)Opcode.F32Mul: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(float*)(sp - 1) = fa * fb; break; }
                    case (int)Opcode.F32Div: { sp--; fa = *(float*)(sp - 1); fb = *(float*)sp; *(float*)(sp - 1) = fa / fb; break; }
                    case (int)Opcode.F64Add: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(double*)(sp - 1) = da + db; break; }
                    case (int)Opcode.F64Sub: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(double*)(sp - 1) = da - db; break; }
                    case (int)Opcode.F64Mul: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(double*)(sp - 1) = da * db; break; }
                    case (int)Opcode.F64Div: { sp--; da = *(double*)(sp - 1); db = *(double*)sp; *(double*)(sp - 1) = da / db; break; }
                    case (int)Opcode.I64ExtendI32S: { ia = *(int*)(sp - 1); *(long*)(sp - 1) = ia; break; }
                    case (int)Opcode.I64ExtendI32U: { ua = *(uint*)(sp - 1); *(long*)(sp - 1) = ua; break; }
                    case (int)Opcode.I32Load: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<int>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 8 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<long>(ctx.Mem + ea); break; }
                    case (int)Opcode.F32Load: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<uint>(ctx.Mem + ea); break; }
                    case (int)Opcode.F64Load: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 8 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<long>(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Load8S: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = (int)*(sbyte*)(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Load8U: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = (int)*(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Load16S: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = (int)Unsafe.ReadUnaligned<short>(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Load16U: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = (int)Unsafe.ReadUnaligned<ushort>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load8S: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = *(sbyte*)(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load8U: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = *(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load16S: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<short>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load16U: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<ushort>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load32S: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<int>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load32U: { ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<uint>(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Store: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)(sp + 1)); break; }
                    case (int)Opcode.I64Store: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(long*)(sp + 1)); break; }
                    case (int)Opcode.F32Store: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)(sp + 1)); break; }
                    case (int)Opcode.F64Store: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(long*)(sp + 1)); break; }
                    case (int)Opcode.I32Store8: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(byte*)(sp + 1)); break; }
                    case (int)Opcode.I32Store16: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(short*)(sp + 1)); break; }
                    case (int)Opcode.I64Store8: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(byte*)(sp + 1)); break; }
                    case (int)Opcode.I64Store16: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(short*)(sp + 1)); break; }
                    case (int)Opcode.I64Store32: { sp -= 2; ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)(sp + 1)); break; }
                case Fused.SL + (int)Opcode.I32Eq: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) == *(int*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32Eq: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) == ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32Eq: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) == *(int*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Eq: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) == ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32Ne: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) != *(int*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32Ne: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) != ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32Ne: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) != *(int*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Ne: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) != ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32LtS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) < *(int*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32LtS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) < ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32LtS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) < *(int*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32LtS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) < ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32LtU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(uint*)(sp - 1) < *(uint*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32LtU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(uint*)(sp - 1) < (uint)ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32LtU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(uint*)((byte*)fp + ip[0]) < *(uint*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32LtU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(uint*)((byte*)fp + ip[0]) < (uint)ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32GtS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) > *(int*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32GtS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) > ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32GtS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) > *(int*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32GtS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) > ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32GtU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(uint*)(sp - 1) > *(uint*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32GtU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(uint*)(sp - 1) > (uint)ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32GtU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(uint*)((byte*)fp + ip[0]) > *(uint*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32GtU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(uint*)((byte*)fp + ip[0]) > (uint)ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32LeS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) <= *(int*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32LeS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) <= ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32LeS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) <= *(int*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32LeS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) <= ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32LeU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(uint*)(sp - 1) <= *(uint*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32LeU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(uint*)(sp - 1) <= (uint)ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32LeU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(uint*)((byte*)fp + ip[0]) <= *(uint*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32LeU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(uint*)((byte*)fp + ip[0]) <= (uint)ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32GeS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) >= *(int*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32GeS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(int*)(sp - 1) >= ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32GeS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) >= *(int*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32GeS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(int*)((byte*)fp + ip[0]) >= ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32GeU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(uint*)(sp - 1) >= *(uint*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32GeU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(uint*)(sp - 1) >= (uint)ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32GeU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(uint*)((byte*)fp + ip[0]) >= *(uint*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32GeU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(uint*)((byte*)fp + ip[0]) >= (uint)ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I64Eq: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) == *(long*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64Eq: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) == *(long*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Eq: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) == *(long*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Eq: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) == *(long*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64Ne: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) != *(long*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64Ne: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) != *(long*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Ne: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) != *(long*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Ne: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) != *(long*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64LtS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) < *(long*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64LtS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) < *(long*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64LtS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) < *(long*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64LtS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) < *(long*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64LtU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(ulong*)(sp - 1) < *(ulong*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64LtU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(ulong*)(sp - 1) < *(ulong*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64LtU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(ulong*)((byte*)fp + ip[0]) < *(ulong*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64LtU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(ulong*)((byte*)fp + ip[0]) < *(ulong*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64GtS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) > *(long*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64GtS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) > *(long*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64GtS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) > *(long*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64GtS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) > *(long*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64GtU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(ulong*)(sp - 1) > *(ulong*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64GtU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(ulong*)(sp - 1) > *(ulong*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64GtU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(ulong*)((byte*)fp + ip[0]) > *(ulong*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64GtU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(ulong*)((byte*)fp + ip[0]) > *(ulong*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64LeS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) <= *(long*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64LeS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) <= *(long*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64LeS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) <= *(long*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64LeS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) <= *(long*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64LeU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(ulong*)(sp - 1) <= *(ulong*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64LeU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(ulong*)(sp - 1) <= *(ulong*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64LeU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(ulong*)((byte*)fp + ip[0]) <= *(ulong*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64LeU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(ulong*)((byte*)fp + ip[0]) <= *(ulong*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64GeS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) >= *(long*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64GeS: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(long*)(sp - 1) >= *(long*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64GeS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) >= *(long*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64GeS: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(long*)((byte*)fp + ip[0]) >= *(long*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64GeU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(ulong*)(sp - 1) >= *(ulong*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64GeU: { *(int*)(sp - 1) = Unsafe.BitCast<bool, byte>(*(ulong*)(sp - 1) >= *(ulong*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64GeU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(ulong*)((byte*)fp + ip[0]) >= *(ulong*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64GeU: { *(int*)sp = Unsafe.BitCast<bool, byte>(*(ulong*)((byte*)fp + ip[0]) >= *(ulong*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I32Add: { *(int*)(sp - 1) = *(int*)(sp - 1) + *(int*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32Add: { *(int*)(sp - 1) = *(int*)(sp - 1) + ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32Add: { *(int*)sp = *(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Add: { *(int*)sp = *(int*)((byte*)fp + ip[0]) + ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32Sub: { *(int*)(sp - 1) = *(int*)(sp - 1) - *(int*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32Sub: { *(int*)(sp - 1) = *(int*)(sp - 1) - ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32Sub: { *(int*)sp = *(int*)((byte*)fp + ip[0]) - *(int*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Sub: { *(int*)sp = *(int*)((byte*)fp + ip[0]) - ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32Mul: { *(int*)(sp - 1) = *(int*)(sp - 1) * *(int*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32Mul: { *(int*)(sp - 1) = *(int*)(sp - 1) * ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32Mul: { *(int*)sp = *(int*)((byte*)fp + ip[0]) * *(int*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Mul: { *(int*)sp = *(int*)((byte*)fp + ip[0]) * ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32And: { *(int*)(sp - 1) = *(int*)(sp - 1) & *(int*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32And: { *(int*)(sp - 1) = *(int*)(sp - 1) & ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32And: { *(int*)sp = *(int*)((byte*)fp + ip[0]) & *(int*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32And: { *(int*)sp = *(int*)((byte*)fp + ip[0]) & ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32Or: { *(int*)(sp - 1) = *(int*)(sp - 1) | *(int*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32Or: { *(int*)(sp - 1) = *(int*)(sp - 1) | ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32Or: { *(int*)sp = *(int*)((byte*)fp + ip[0]) | *(int*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Or: { *(int*)sp = *(int*)((byte*)fp + ip[0]) | ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32Xor: { *(int*)(sp - 1) = *(int*)(sp - 1) ^ *(int*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32Xor: { *(int*)(sp - 1) = *(int*)(sp - 1) ^ ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32Xor: { *(int*)sp = *(int*)((byte*)fp + ip[0]) ^ *(int*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Xor: { *(int*)sp = *(int*)((byte*)fp + ip[0]) ^ ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32Shl: { *(int*)(sp - 1) = *(int*)(sp - 1) << *(int*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32Shl: { *(int*)(sp - 1) = *(int*)(sp - 1) << ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32Shl: { *(int*)sp = *(int*)((byte*)fp + ip[0]) << *(int*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Shl: { *(int*)sp = *(int*)((byte*)fp + ip[0]) << ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32ShrS: { *(int*)(sp - 1) = *(int*)(sp - 1) >> *(int*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32ShrS: { *(int*)(sp - 1) = *(int*)(sp - 1) >> ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32ShrS: { *(int*)sp = *(int*)((byte*)fp + ip[0]) >> *(int*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32ShrS: { *(int*)sp = *(int*)((byte*)fp + ip[0]) >> ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32ShrU: { *(uint*)(sp - 1) = *(uint*)(sp - 1) >> (int)*(uint*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I32ShrU: { *(uint*)(sp - 1) = *(uint*)(sp - 1) >> (int)(uint)ip[0]; ip++; break; }
                case Fused.LL + (int)Opcode.I32ShrU: { *(uint*)sp = *(uint*)((byte*)fp + ip[0]) >> (int)*(uint*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32ShrU: { *(uint*)sp = *(uint*)((byte*)fp + ip[0]) >> (int)(uint)ip[1]; sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32Rotl: { *(uint*)(sp - 1) = BitOperations.RotateLeft(*(uint*)(sp - 1), (int)*(uint*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32Rotl: { *(uint*)(sp - 1) = BitOperations.RotateLeft(*(uint*)(sp - 1), (int)(uint)ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32Rotl: { *(uint*)sp = BitOperations.RotateLeft(*(uint*)((byte*)fp + ip[0]), (int)*(uint*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Rotl: { *(uint*)sp = BitOperations.RotateLeft(*(uint*)((byte*)fp + ip[0]), (int)(uint)ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I32Rotr: { *(uint*)(sp - 1) = BitOperations.RotateRight(*(uint*)(sp - 1), (int)*(uint*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I32Rotr: { *(uint*)(sp - 1) = BitOperations.RotateRight(*(uint*)(sp - 1), (int)(uint)ip[0]); ip++; break; }
                case Fused.LL + (int)Opcode.I32Rotr: { *(uint*)sp = BitOperations.RotateRight(*(uint*)((byte*)fp + ip[0]), (int)*(uint*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I32Rotr: { *(uint*)sp = BitOperations.RotateRight(*(uint*)((byte*)fp + ip[0]), (int)(uint)ip[1]); sp++; ip += 2; break; }
                case Fused.SL + (int)Opcode.I64Add: { *(long*)(sp - 1) = *(long*)(sp - 1) + *(long*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64Add: { *(long*)(sp - 1) = *(long*)(sp - 1) + *(long*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Add: { *(long*)sp = *(long*)((byte*)fp + ip[0]) + *(long*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Add: { *(long*)sp = *(long*)((byte*)fp + ip[0]) + *(long*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64Sub: { *(long*)(sp - 1) = *(long*)(sp - 1) - *(long*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64Sub: { *(long*)(sp - 1) = *(long*)(sp - 1) - *(long*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Sub: { *(long*)sp = *(long*)((byte*)fp + ip[0]) - *(long*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Sub: { *(long*)sp = *(long*)((byte*)fp + ip[0]) - *(long*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64Mul: { *(long*)(sp - 1) = *(long*)(sp - 1) * *(long*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64Mul: { *(long*)(sp - 1) = *(long*)(sp - 1) * *(long*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Mul: { *(long*)sp = *(long*)((byte*)fp + ip[0]) * *(long*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Mul: { *(long*)sp = *(long*)((byte*)fp + ip[0]) * *(long*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64And: { *(long*)(sp - 1) = *(long*)(sp - 1) & *(long*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64And: { *(long*)(sp - 1) = *(long*)(sp - 1) & *(long*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64And: { *(long*)sp = *(long*)((byte*)fp + ip[0]) & *(long*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64And: { *(long*)sp = *(long*)((byte*)fp + ip[0]) & *(long*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64Or: { *(long*)(sp - 1) = *(long*)(sp - 1) | *(long*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64Or: { *(long*)(sp - 1) = *(long*)(sp - 1) | *(long*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Or: { *(long*)sp = *(long*)((byte*)fp + ip[0]) | *(long*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Or: { *(long*)sp = *(long*)((byte*)fp + ip[0]) | *(long*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64Xor: { *(long*)(sp - 1) = *(long*)(sp - 1) ^ *(long*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64Xor: { *(long*)(sp - 1) = *(long*)(sp - 1) ^ *(long*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Xor: { *(long*)sp = *(long*)((byte*)fp + ip[0]) ^ *(long*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Xor: { *(long*)sp = *(long*)((byte*)fp + ip[0]) ^ *(long*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64Shl: { *(long*)(sp - 1) = *(long*)(sp - 1) << (int)*(long*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64Shl: { *(long*)(sp - 1) = *(long*)(sp - 1) << (int)*(long*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Shl: { *(long*)sp = *(long*)((byte*)fp + ip[0]) << (int)*(long*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Shl: { *(long*)sp = *(long*)((byte*)fp + ip[0]) << (int)*(long*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64ShrS: { *(long*)(sp - 1) = *(long*)(sp - 1) >> (int)*(long*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64ShrS: { *(long*)(sp - 1) = *(long*)(sp - 1) >> (int)*(long*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64ShrS: { *(long*)sp = *(long*)((byte*)fp + ip[0]) >> (int)*(long*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64ShrS: { *(long*)sp = *(long*)((byte*)fp + ip[0]) >> (int)*(long*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64ShrU: { *(ulong*)(sp - 1) = *(ulong*)(sp - 1) >> (int)*(ulong*)((byte*)fp + ip[0]); ip++; break; }
                case Fused.SC + (int)Opcode.I64ShrU: { *(ulong*)(sp - 1) = *(ulong*)(sp - 1) >> (int)*(ulong*)ip; ip += 2; break; }
                case Fused.LL + (int)Opcode.I64ShrU: { *(ulong*)sp = *(ulong*)((byte*)fp + ip[0]) >> (int)*(ulong*)((byte*)fp + ip[1]); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64ShrU: { *(ulong*)sp = *(ulong*)((byte*)fp + ip[0]) >> (int)*(ulong*)(ip + 1); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64Rotl: { *(ulong*)(sp - 1) = BitOperations.RotateLeft(*(ulong*)(sp - 1), (int)*(ulong*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64Rotl: { *(ulong*)(sp - 1) = BitOperations.RotateLeft(*(ulong*)(sp - 1), (int)*(ulong*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Rotl: { *(ulong*)sp = BitOperations.RotateLeft(*(ulong*)((byte*)fp + ip[0]), (int)*(ulong*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Rotl: { *(ulong*)sp = BitOperations.RotateLeft(*(ulong*)((byte*)fp + ip[0]), (int)*(ulong*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.SL + (int)Opcode.I64Rotr: { *(ulong*)(sp - 1) = BitOperations.RotateRight(*(ulong*)(sp - 1), (int)*(ulong*)((byte*)fp + ip[0])); ip++; break; }
                case Fused.SC + (int)Opcode.I64Rotr: { *(ulong*)(sp - 1) = BitOperations.RotateRight(*(ulong*)(sp - 1), (int)*(ulong*)ip); ip += 2; break; }
                case Fused.LL + (int)Opcode.I64Rotr: { *(ulong*)sp = BitOperations.RotateRight(*(ulong*)((byte*)fp + ip[0]), (int)*(ulong*)((byte*)fp + ip[1])); sp++; ip += 2; break; }
                case Fused.LC + (int)Opcode.I64Rotr: { *(ulong*)sp = BitOperations.RotateRight(*(ulong*)((byte*)fp + ip[0]), (int)*(ulong*)(ip + 1)); sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Add: { *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) + *(int*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32Add: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) + *(int*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Add: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) + ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Add: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Add: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) + ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32Add: { *(int*)(sp - 2) = *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) + *(int*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32Add: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) + *(int*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32Add: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) + ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32Add: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32Add: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) + ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Sub: { *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) - *(int*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32Sub: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) - *(int*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Sub: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) - ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Sub: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) - *(int*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Sub: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) - ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32Sub: { *(int*)(sp - 2) = *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) - *(int*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32Sub: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) - *(int*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32Sub: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) - ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32Sub: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) - *(int*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32Sub: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) - ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Mul: { *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) * *(int*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32Mul: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) * *(int*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Mul: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) * ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Mul: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) * *(int*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Mul: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) * ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32Mul: { *(int*)(sp - 2) = *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) * *(int*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32Mul: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) * *(int*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32Mul: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) * ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32Mul: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) * *(int*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32Mul: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) * ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32And: { *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) & *(int*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32And: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) & *(int*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32And: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) & ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32And: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) & *(int*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32And: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) & ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32And: { *(int*)(sp - 2) = *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) & *(int*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32And: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) & *(int*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32And: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) & ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32And: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) & *(int*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32And: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) & ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Or: { *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) | *(int*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32Or: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) | *(int*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Or: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) | ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Or: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) | *(int*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Or: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) | ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32Or: { *(int*)(sp - 2) = *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) | *(int*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32Or: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) | *(int*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32Or: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) | ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32Or: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) | *(int*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32Or: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) | ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Xor: { *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) ^ *(int*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32Xor: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) ^ *(int*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Xor: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) ^ ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Xor: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) ^ *(int*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Xor: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) ^ ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32Xor: { *(int*)(sp - 2) = *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) ^ *(int*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32Xor: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) ^ *(int*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32Xor: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) ^ ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32Xor: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) ^ *(int*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32Xor: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) ^ ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Shl: { *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) << *(int*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32Shl: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) << *(int*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Shl: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) << ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Shl: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) << *(int*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Shl: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) << ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32Shl: { *(int*)(sp - 2) = *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) << *(int*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32Shl: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) << *(int*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32Shl: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) << ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32Shl: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) << *(int*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32Shl: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) << ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32ShrS: { *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) >> *(int*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32ShrS: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) >> *(int*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32ShrS: { *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) >> ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32ShrS: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) >> *(int*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32ShrS: { *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) >> ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32ShrS: { *(int*)(sp - 2) = *(int*)((byte*)fp + ip[0]) = *(int*)(sp - 2) >> *(int*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32ShrS: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) >> *(int*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32ShrS: { *(int*)(sp - 1) = *(int*)((byte*)fp + ip[1]) = *(int*)(sp - 1) >> ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32ShrS: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) >> *(int*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32ShrS: { *(int*)sp = *(int*)((byte*)fp + ip[2]) = *(int*)((byte*)fp + ip[0]) >> ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32ShrU: { *(uint*)((byte*)fp + ip[0]) = *(uint*)(sp - 2) >> (int)*(uint*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32ShrU: { *(uint*)((byte*)fp + ip[1]) = *(uint*)(sp - 1) >> (int)*(uint*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32ShrU: { *(uint*)((byte*)fp + ip[1]) = *(uint*)(sp - 1) >> (int)(uint)ip[0]; sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32ShrU: { *(uint*)((byte*)fp + ip[2]) = *(uint*)((byte*)fp + ip[0]) >> (int)*(uint*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32ShrU: { *(uint*)((byte*)fp + ip[2]) = *(uint*)((byte*)fp + ip[0]) >> (int)(uint)ip[1]; ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32ShrU: { *(uint*)(sp - 2) = *(uint*)((byte*)fp + ip[0]) = *(uint*)(sp - 2) >> (int)*(uint*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32ShrU: { *(uint*)(sp - 1) = *(uint*)((byte*)fp + ip[1]) = *(uint*)(sp - 1) >> (int)*(uint*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32ShrU: { *(uint*)(sp - 1) = *(uint*)((byte*)fp + ip[1]) = *(uint*)(sp - 1) >> (int)(uint)ip[0]; ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32ShrU: { *(uint*)sp = *(uint*)((byte*)fp + ip[2]) = *(uint*)((byte*)fp + ip[0]) >> (int)*(uint*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32ShrU: { *(uint*)sp = *(uint*)((byte*)fp + ip[2]) = *(uint*)((byte*)fp + ip[0]) >> (int)(uint)ip[1]; sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Rotl: { *(uint*)((byte*)fp + ip[0]) = BitOperations.RotateLeft(*(uint*)(sp - 2), (int)*(uint*)(sp - 1)); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I32Rotl: { *(uint*)((byte*)fp + ip[1]) = BitOperations.RotateLeft(*(uint*)(sp - 1), (int)*(uint*)((byte*)fp + ip[0])); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Rotl: { *(uint*)((byte*)fp + ip[1]) = BitOperations.RotateLeft(*(uint*)(sp - 1), (int)(uint)ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Rotl: { *(uint*)((byte*)fp + ip[2]) = BitOperations.RotateLeft(*(uint*)((byte*)fp + ip[0]), (int)*(uint*)((byte*)fp + ip[1])); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Rotl: { *(uint*)((byte*)fp + ip[2]) = BitOperations.RotateLeft(*(uint*)((byte*)fp + ip[0]), (int)(uint)ip[1]); ip += 3; break; }
                case Fused.ToLocal5 + (int)Opcode.I32Rotl: { *(uint*)(sp - 2) = *(uint*)((byte*)fp + ip[0]) = BitOperations.RotateLeft(*(uint*)(sp - 2), (int)*(uint*)(sp - 1)); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I32Rotl: { *(uint*)(sp - 1) = *(uint*)((byte*)fp + ip[1]) = BitOperations.RotateLeft(*(uint*)(sp - 1), (int)*(uint*)((byte*)fp + ip[0])); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I32Rotl: { *(uint*)(sp - 1) = *(uint*)((byte*)fp + ip[1]) = BitOperations.RotateLeft(*(uint*)(sp - 1), (int)(uint)ip[0]); ip += 2; break; }
                case Fused.ToLocal8 + (int)Opcode.I32Rotl: { *(uint*)sp = *(uint*)((byte*)fp + ip[2]) = BitOperations.RotateLeft(*(uint*)((byte*)fp + ip[0]), (int)*(uint*)((byte*)fp + ip[1])); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I32Rotl: { *(uint*)sp = *(uint*)((byte*)fp + ip[2]) = BitOperations.RotateLeft(*(uint*)((byte*)fp + ip[0]), (int)(uint)ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Add: { *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) + *(long*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64Add: { *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) + *(long*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Add: { *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) + *(long*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Add: { *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) + *(long*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Add: { *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) + *(long*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64Add: { *(long*)(sp - 2) = *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) + *(long*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64Add: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) + *(long*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64Add: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) + *(long*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64Add: { *(long*)sp = *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) + *(long*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64Add: { *(long*)sp = *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) + *(long*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Sub: { *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) - *(long*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64Sub: { *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) - *(long*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Sub: { *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) - *(long*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Sub: { *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) - *(long*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Sub: { *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) - *(long*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64Sub: { *(long*)(sp - 2) = *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) - *(long*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64Sub: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) - *(long*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64Sub: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) - *(long*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64Sub: { *(long*)sp = *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) - *(long*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64Sub: { *(long*)sp = *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) - *(long*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Mul: { *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) * *(long*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64Mul: { *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) * *(long*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Mul: { *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) * *(long*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Mul: { *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) * *(long*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Mul: { *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) * *(long*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64Mul: { *(long*)(sp - 2) = *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) * *(long*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64Mul: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) * *(long*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64Mul: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) * *(long*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64Mul: { *(long*)sp = *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) * *(long*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64Mul: { *(long*)sp = *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) * *(long*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64And: { *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) & *(long*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64And: { *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) & *(long*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64And: { *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) & *(long*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64And: { *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) & *(long*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64And: { *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) & *(long*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64And: { *(long*)(sp - 2) = *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) & *(long*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64And: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) & *(long*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64And: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) & *(long*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64And: { *(long*)sp = *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) & *(long*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64And: { *(long*)sp = *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) & *(long*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Or: { *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) | *(long*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64Or: { *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) | *(long*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Or: { *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) | *(long*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Or: { *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) | *(long*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Or: { *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) | *(long*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64Or: { *(long*)(sp - 2) = *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) | *(long*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64Or: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) | *(long*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64Or: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) | *(long*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64Or: { *(long*)sp = *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) | *(long*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64Or: { *(long*)sp = *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) | *(long*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Xor: { *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) ^ *(long*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64Xor: { *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) ^ *(long*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Xor: { *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) ^ *(long*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Xor: { *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) ^ *(long*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Xor: { *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) ^ *(long*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64Xor: { *(long*)(sp - 2) = *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) ^ *(long*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64Xor: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) ^ *(long*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64Xor: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) ^ *(long*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64Xor: { *(long*)sp = *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) ^ *(long*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64Xor: { *(long*)sp = *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) ^ *(long*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Shl: { *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) << (int)*(long*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64Shl: { *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) << (int)*(long*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Shl: { *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) << (int)*(long*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Shl: { *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) << (int)*(long*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Shl: { *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) << (int)*(long*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64Shl: { *(long*)(sp - 2) = *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) << (int)*(long*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64Shl: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) << (int)*(long*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64Shl: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) << (int)*(long*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64Shl: { *(long*)sp = *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) << (int)*(long*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64Shl: { *(long*)sp = *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) << (int)*(long*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64ShrS: { *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) >> (int)*(long*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64ShrS: { *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) >> (int)*(long*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64ShrS: { *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) >> (int)*(long*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64ShrS: { *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) >> (int)*(long*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64ShrS: { *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) >> (int)*(long*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64ShrS: { *(long*)(sp - 2) = *(long*)((byte*)fp + ip[0]) = *(long*)(sp - 2) >> (int)*(long*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64ShrS: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[1]) = *(long*)(sp - 1) >> (int)*(long*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64ShrS: { *(long*)(sp - 1) = *(long*)((byte*)fp + ip[2]) = *(long*)(sp - 1) >> (int)*(long*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64ShrS: { *(long*)sp = *(long*)((byte*)fp + ip[2]) = *(long*)((byte*)fp + ip[0]) >> (int)*(long*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64ShrS: { *(long*)sp = *(long*)((byte*)fp + ip[3]) = *(long*)((byte*)fp + ip[0]) >> (int)*(long*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64ShrU: { *(ulong*)((byte*)fp + ip[0]) = *(ulong*)(sp - 2) >> (int)*(ulong*)(sp - 1); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64ShrU: { *(ulong*)((byte*)fp + ip[1]) = *(ulong*)(sp - 1) >> (int)*(ulong*)((byte*)fp + ip[0]); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64ShrU: { *(ulong*)((byte*)fp + ip[2]) = *(ulong*)(sp - 1) >> (int)*(ulong*)ip; sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64ShrU: { *(ulong*)((byte*)fp + ip[2]) = *(ulong*)((byte*)fp + ip[0]) >> (int)*(ulong*)((byte*)fp + ip[1]); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64ShrU: { *(ulong*)((byte*)fp + ip[3]) = *(ulong*)((byte*)fp + ip[0]) >> (int)*(ulong*)(ip + 1); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64ShrU: { *(ulong*)(sp - 2) = *(ulong*)((byte*)fp + ip[0]) = *(ulong*)(sp - 2) >> (int)*(ulong*)(sp - 1); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64ShrU: { *(ulong*)(sp - 1) = *(ulong*)((byte*)fp + ip[1]) = *(ulong*)(sp - 1) >> (int)*(ulong*)((byte*)fp + ip[0]); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64ShrU: { *(ulong*)(sp - 1) = *(ulong*)((byte*)fp + ip[2]) = *(ulong*)(sp - 1) >> (int)*(ulong*)ip; ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64ShrU: { *(ulong*)sp = *(ulong*)((byte*)fp + ip[2]) = *(ulong*)((byte*)fp + ip[0]) >> (int)*(ulong*)((byte*)fp + ip[1]); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64ShrU: { *(ulong*)sp = *(ulong*)((byte*)fp + ip[3]) = *(ulong*)((byte*)fp + ip[0]) >> (int)*(ulong*)(ip + 1); sp++; ip += 4; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Rotl: { *(ulong*)((byte*)fp + ip[0]) = BitOperations.RotateLeft(*(ulong*)(sp - 2), (int)*(ulong*)(sp - 1)); sp -= 2; ip++; break; }
                case Fused.ToLocal1 + (int)Opcode.I64Rotl: { *(ulong*)((byte*)fp + ip[1]) = BitOperations.RotateLeft(*(ulong*)(sp - 1), (int)*(ulong*)((byte*)fp + ip[0])); sp--; ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Rotl: { *(ulong*)((byte*)fp + ip[2]) = BitOperations.RotateLeft(*(ulong*)(sp - 1), (int)*(ulong*)ip); sp--; ip += 3; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Rotl: { *(ulong*)((byte*)fp + ip[2]) = BitOperations.RotateLeft(*(ulong*)((byte*)fp + ip[0]), (int)*(ulong*)((byte*)fp + ip[1])); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Rotl: { *(ulong*)((byte*)fp + ip[3]) = BitOperations.RotateLeft(*(ulong*)((byte*)fp + ip[0]), (int)*(ulong*)(ip + 1)); ip += 4; break; }
                case Fused.ToLocal5 + (int)Opcode.I64Rotl: { *(ulong*)(sp - 2) = *(ulong*)((byte*)fp + ip[0]) = BitOperations.RotateLeft(*(ulong*)(sp - 2), (int)*(ulong*)(sp - 1)); sp--; ip++; break; }
                case Fused.ToLocal6 + (int)Opcode.I64Rotl: { *(ulong*)(sp - 1) = *(ulong*)((byte*)fp + ip[1]) = BitOperations.RotateLeft(*(ulong*)(sp - 1), (int)*(ulong*)((byte*)fp + ip[0])); ip += 2; break; }
                case Fused.ToLocal7 + (int)Opcode.I64Rotl: { *(ulong*)(sp - 1) = *(ulong*)((byte*)fp + ip[2]) = BitOperations.RotateLeft(*(ulong*)(sp - 1), (int)*(ulong*)ip); ip += 3; break; }
                case Fused.ToLocal8 + (int)Opcode.I64Rotl: { *(ulong*)sp = *(ulong*)((byte*)fp + ip[2]) = BitOperations.RotateLeft(*(ulong*)((byte*)fp + ip[0]), (int)*(ulong*)((byte*)fp + ip[1])); sp++; ip += 3; break; }
                case Fused.ToLocal9 + (int)Opcode.I64Rotl: { *(ulong*)sp = *(ulong*)((byte*)fp + ip[3]) = BitOperations.RotateLeft(*(ulong*)((byte*)fp + ip[0]), (int)*(ulong*)(ip + 1)); sp++; ip += 4; break; }
                case Fused.Branch0 + (int)Opcode.I32Eq: { ip += *(int*)((byte*)fp + ip[0]) == *(int*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32Eq: { ip += *(int*)((byte*)fp + ip[0]) == ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32Eq: { ip += *(int*)(sp - 1) == ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32Ne: { ip += *(int*)((byte*)fp + ip[0]) != *(int*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32Ne: { ip += *(int*)((byte*)fp + ip[0]) != ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32Ne: { ip += *(int*)(sp - 1) != ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32LtS: { ip += *(int*)((byte*)fp + ip[0]) < *(int*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32LtS: { ip += *(int*)((byte*)fp + ip[0]) < ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32LtS: { ip += *(int*)(sp - 1) < ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32LtU: { ip += *(uint*)((byte*)fp + ip[0]) < *(uint*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32LtU: { ip += *(uint*)((byte*)fp + ip[0]) < (uint)ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32LtU: { ip += *(uint*)(sp - 1) < (uint)ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32GtS: { ip += *(int*)((byte*)fp + ip[0]) > *(int*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32GtS: { ip += *(int*)((byte*)fp + ip[0]) > ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32GtS: { ip += *(int*)(sp - 1) > ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32GtU: { ip += *(uint*)((byte*)fp + ip[0]) > *(uint*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32GtU: { ip += *(uint*)((byte*)fp + ip[0]) > (uint)ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32GtU: { ip += *(uint*)(sp - 1) > (uint)ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32LeS: { ip += *(int*)((byte*)fp + ip[0]) <= *(int*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32LeS: { ip += *(int*)((byte*)fp + ip[0]) <= ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32LeS: { ip += *(int*)(sp - 1) <= ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32LeU: { ip += *(uint*)((byte*)fp + ip[0]) <= *(uint*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32LeU: { ip += *(uint*)((byte*)fp + ip[0]) <= (uint)ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32LeU: { ip += *(uint*)(sp - 1) <= (uint)ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32GeS: { ip += *(int*)((byte*)fp + ip[0]) >= *(int*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32GeS: { ip += *(int*)((byte*)fp + ip[0]) >= ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32GeS: { ip += *(int*)(sp - 1) >= ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I32GeU: { ip += *(uint*)((byte*)fp + ip[0]) >= *(uint*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I32GeU: { ip += *(uint*)((byte*)fp + ip[0]) >= (uint)ip[1] ? ip[2] + 2 : 3; break; }
                case Fused.Branch2 + (int)Opcode.I32GeU: { ip += *(uint*)(sp - 1) >= (uint)ip[0] ? ip[1] + 1 : 2; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64Eq: { ip += *(long*)((byte*)fp + ip[0]) == *(long*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64Eq: { ip += *(long*)((byte*)fp + ip[0]) == *(long*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64Eq: { ip += *(long*)(sp - 1) == *(long*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64Ne: { ip += *(long*)((byte*)fp + ip[0]) != *(long*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64Ne: { ip += *(long*)((byte*)fp + ip[0]) != *(long*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64Ne: { ip += *(long*)(sp - 1) != *(long*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64LtS: { ip += *(long*)((byte*)fp + ip[0]) < *(long*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64LtS: { ip += *(long*)((byte*)fp + ip[0]) < *(long*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64LtS: { ip += *(long*)(sp - 1) < *(long*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64LtU: { ip += *(ulong*)((byte*)fp + ip[0]) < *(ulong*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64LtU: { ip += *(ulong*)((byte*)fp + ip[0]) < *(ulong*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64LtU: { ip += *(ulong*)(sp - 1) < *(ulong*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64GtS: { ip += *(long*)((byte*)fp + ip[0]) > *(long*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64GtS: { ip += *(long*)((byte*)fp + ip[0]) > *(long*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64GtS: { ip += *(long*)(sp - 1) > *(long*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64GtU: { ip += *(ulong*)((byte*)fp + ip[0]) > *(ulong*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64GtU: { ip += *(ulong*)((byte*)fp + ip[0]) > *(ulong*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64GtU: { ip += *(ulong*)(sp - 1) > *(ulong*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64LeS: { ip += *(long*)((byte*)fp + ip[0]) <= *(long*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64LeS: { ip += *(long*)((byte*)fp + ip[0]) <= *(long*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64LeS: { ip += *(long*)(sp - 1) <= *(long*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64LeU: { ip += *(ulong*)((byte*)fp + ip[0]) <= *(ulong*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64LeU: { ip += *(ulong*)((byte*)fp + ip[0]) <= *(ulong*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64LeU: { ip += *(ulong*)(sp - 1) <= *(ulong*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64GeS: { ip += *(long*)((byte*)fp + ip[0]) >= *(long*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64GeS: { ip += *(long*)((byte*)fp + ip[0]) >= *(long*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64GeS: { ip += *(long*)(sp - 1) >= *(long*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.Branch0 + (int)Opcode.I64GeU: { ip += *(ulong*)((byte*)fp + ip[0]) >= *(ulong*)((byte*)fp + ip[1]) ? ip[2] + 2 : 3; break; }
                case Fused.Branch1 + (int)Opcode.I64GeU: { ip += *(ulong*)((byte*)fp + ip[0]) >= *(ulong*)(ip + 1) ? ip[3] + 3 : 4; break; }
                case Fused.Branch2 + (int)Opcode.I64GeU: { ip += *(ulong*)(sp - 1) >= *(ulong*)ip ? ip[2] + 2 : 3; sp--; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.F32Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.F64Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load8S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(sbyte*)(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load8U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load16S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<short>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load16U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<ushort>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load8S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(sbyte*)(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load8U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load16S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<short>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load16U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<ushort>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load32S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load32U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>((ctx.Mem + ea)); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Store: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)((byte*)fp + ip[-2])); break; }
                case Fused.LocalMemory + (int)Opcode.I64Store: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(long*)((byte*)fp + ip[-2])); break; }
                case Fused.LocalMemory + (int)Opcode.F32Store: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)((byte*)fp + ip[-2])); break; }
                case Fused.LocalMemory + (int)Opcode.F64Store: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(long*)((byte*)fp + ip[-2])); break; }
                case Fused.LocalMemory + (int)Opcode.I32Store8: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(byte*)((byte*)fp + ip[-2])); break; }
                case Fused.LocalMemory + (int)Opcode.I32Store16: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(short*)((byte*)fp + ip[-2])); break; }
                case Fused.LocalMemory + (int)Opcode.I64Store8: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(byte*)((byte*)fp + ip[-2])); break; }
                case Fused.LocalMemory + (int)Opcode.I64Store16: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(short*)((byte*)fp + ip[-2])); break; }
                case Fused.LocalMemory + (int)Opcode.I64Store32: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[2]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)((byte*)fp + ip[-2])); break; }
                case Fused.LoadLC + (int)Opcode.I32Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) + (uint)ip[2]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLC + (int)Opcode.I64Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) + (uint)ip[2]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLC + (int)Opcode.F32Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) + (uint)ip[2]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLC + (int)Opcode.F64Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) + (uint)ip[2]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLC + (int)Opcode.I32Load8S: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) + (uint)ip[2]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(sbyte*)(ctx.Mem + ea); sp++; break; }
                case Fused.LoadLC + (int)Opcode.I32Load8U: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) + (uint)ip[2]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(ctx.Mem + ea); sp++; break; }
                case Fused.LoadLC + (int)Opcode.I32Load16S: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) + (uint)ip[2]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<short>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLC + (int)Opcode.I32Load16U: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + ip[1]) + (uint)ip[2]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<ushort>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadSC + (int)Opcode.I32Load: { ea = (ulong)(uint)(*(int*)(sp - 1) + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<int>((ctx.Mem + ea)); break; }
                case Fused.LoadSC + (int)Opcode.I64Load: { ea = (ulong)(uint)(*(int*)(sp - 1) + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 8 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); break; }
                case Fused.LoadSC + (int)Opcode.F32Load: { ea = (ulong)(uint)(*(int*)(sp - 1) + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<uint>((ctx.Mem + ea)); break; }
                case Fused.LoadSC + (int)Opcode.F64Load: { ea = (ulong)(uint)(*(int*)(sp - 1) + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 8 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); break; }
                case Fused.LoadSC + (int)Opcode.I32Load8S: { ea = (ulong)(uint)(*(int*)(sp - 1) + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = *(sbyte*)(ctx.Mem + ea); break; }
                case Fused.LoadSC + (int)Opcode.I32Load8U: { ea = (ulong)(uint)(*(int*)(sp - 1) + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = *(ctx.Mem + ea); break; }
                case Fused.LoadSC + (int)Opcode.I32Load16S: { ea = (ulong)(uint)(*(int*)(sp - 1) + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<short>((ctx.Mem + ea)); break; }
                case Fused.LoadSC + (int)Opcode.I32Load16U: { ea = (ulong)(uint)(*(int*)(sp - 1) + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<ushort>((ctx.Mem + ea)); break; }
                case Fused.LoadIndexed + (int)Opcode.I32Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2])) + (uint)ip[3]; ip += 4; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadIndexed + (int)Opcode.I64Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2])) + (uint)ip[3]; ip += 4; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadIndexed + (int)Opcode.F32Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2])) + (uint)ip[3]; ip += 4; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadIndexed + (int)Opcode.F64Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2])) + (uint)ip[3]; ip += 4; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadIndexed + (int)Opcode.I32Load8S: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2])) + (uint)ip[3]; ip += 4; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(sbyte*)(ctx.Mem + ea); sp++; break; }
                case Fused.LoadIndexed + (int)Opcode.I32Load8U: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2])) + (uint)ip[3]; ip += 4; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(ctx.Mem + ea); sp++; break; }
                case Fused.LoadIndexed + (int)Opcode.I32Load16S: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2])) + (uint)ip[3]; ip += 4; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<short>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadIndexed + (int)Opcode.I32Load16U: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + (*(int*)((byte*)fp + ip[1]) << ip[2])) + (uint)ip[3]; ip += 4; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<ushort>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLL + (int)Opcode.I32Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1])) + (uint)ip[2]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLL + (int)Opcode.I64Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1])) + (uint)ip[2]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLL + (int)Opcode.F32Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1])) + (uint)ip[2]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLL + (int)Opcode.F64Load: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1])) + (uint)ip[2]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLL + (int)Opcode.I32Load8S: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1])) + (uint)ip[2]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(sbyte*)(ctx.Mem + ea); sp++; break; }
                case Fused.LoadLL + (int)Opcode.I32Load8U: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1])) + (uint)ip[2]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(ctx.Mem + ea); sp++; break; }
                case Fused.LoadLL + (int)Opcode.I32Load16S: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1])) + (uint)ip[2]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<short>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadLL + (int)Opcode.I32Load16U: { ea = (ulong)(uint)(*(int*)((byte*)fp + ip[0]) + *(int*)((byte*)fp + ip[1])) + (uint)ip[2]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<ushort>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadSet + (int)Opcode.I32Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<int>((ctx.Mem + ea)); break; }
                case Fused.LoadSet + (int)Opcode.I64Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); break; }
                case Fused.LoadSet + (int)Opcode.F32Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<uint>((ctx.Mem + ea)); break; }
                case Fused.LoadSet + (int)Opcode.F64Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); break; }
                case Fused.LoadSet + (int)Opcode.I32Load8S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; *(long*)((byte*)fp + ip[-1]) = *(sbyte*)(ctx.Mem + ea); break; }
                case Fused.LoadSet + (int)Opcode.I32Load8U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; *(long*)((byte*)fp + ip[-1]) = *(ctx.Mem + ea); break; }
                case Fused.LoadSet + (int)Opcode.I32Load16S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<short>((ctx.Mem + ea)); break; }
                case Fused.LoadSet + (int)Opcode.I32Load16U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<ushort>((ctx.Mem + ea)); break; }
                case Fused.LoadTee + (int)Opcode.I32Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; *sp = *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<int>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadTee + (int)Opcode.I64Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; *sp = *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadTee + (int)Opcode.F32Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 4 > ctx.MemLen) goto oob; *sp = *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<uint>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadTee + (int)Opcode.F64Load: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 8 > ctx.MemLen) goto oob; *sp = *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<long>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadTee + (int)Opcode.I32Load8S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; *sp = *(long*)((byte*)fp + ip[-1]) = *(sbyte*)(ctx.Mem + ea); sp++; break; }
                case Fused.LoadTee + (int)Opcode.I32Load8U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 1 > ctx.MemLen) goto oob; *sp = *(long*)((byte*)fp + ip[-1]) = *(ctx.Mem + ea); sp++; break; }
                case Fused.LoadTee + (int)Opcode.I32Load16S: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; *sp = *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<short>((ctx.Mem + ea)); sp++; break; }
                case Fused.LoadTee + (int)Opcode.I32Load16U: { ea = (ulong)*(uint*)((byte*)fp + ip[0]) + (uint)ip[1]; ip += 3; if (ea + 2 > ctx.MemLen) goto oob; *sp = *(long*)((byte*)fp + ip[-1]) = Unsafe.ReadUnaligned<ushort>((ctx.Mem + ea)); sp++; break; }
                default:
                {
                    int adv;
                    ctx.TrapIp = ip;
                    if ((uint)(op - (IOp.Cold + 0x200)) < 0x100)
                    {
                        sp = Simd.Exec(op - IOp.Cold, sp, ip, ctx.Mem, ctx.MemLen);
                        ip += Simd.ImmCount[op - (IOp.Cold + 0x200)];
                        break;
                    }
                    sp = ColdOps.Exec(op, sp, ip, fp, ctx, ctx.Module!, ctx.Mem, ctx.MemLen, out adv);
                    ip += adv;
                    break;
                }
            }
        }

    // Every trap raised here records where it happened first (the backtrace's innermost position).
    oob: throw Trap(ctx, ip, TrapKind.OutOfBoundsMemoryAccess);
    divZero: throw Trap(ctx, ip, TrapKind.IntegerDivideByZero);
    intOverflow: throw Trap(ctx, ip, TrapKind.IntegerOverflow);
    exhausted: throw Trap(ctx, ip, TrapKind.CallStackExhausted);
    undefinedElement: throw Trap(ctx, ip, TrapKind.UndefinedElement);
    typeMismatch: throw Trap(ctx, ip, TrapKind.IndirectCallTypeMismatch);
    unreachable: throw Trap(ctx, ip, TrapKind.Unreachable);
    uninitializedElement: throw Trap(ctx, ip, TrapKind.UninitializedElement, $"uninitialized element {*(uint*)sp}");
    }

    private static TrapException Trap(ExecContext ctx, int* ip, TrapKind kind, string? message = null)
    {
        ctx.TrapIp = ip;
        return message is null ? new TrapException(kind) : new TrapException(kind, message);
    }

    private static void CopyRefs(ExecContext ctx, long* from, long* to, int n)
    {
        var refs = ctx.Refs;
        int f = (int)(from - ctx.Base), t = (int)(to - ctx.Base);
        for (int i = 0; i < n; i++) refs[t + i] = refs[f + i];
    }
}
