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
        try
        {
            Run(function, ctx, argBase);
        }
        catch (TrapException e)
        {
            AddFrames(e, ctx, function, entryTop, entryMods);
            throw;
        }
        finally
        {
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
                    TableInstance t = ctx.Module!.Tables[*ip++];
                    sp--;
                    uint k = *(uint*)sp;
                    if (k >= (uint)t.Length) goto undefinedElement;
                    callee = (FunctionInstance)t.Elements[k]!;
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
                    case (int)Opcode.F32Add: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = a + b; break; }
                    case (int)Opcode.F32Sub: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = a - b; break; }
                    case (int)Opcode.F32Mul: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = a * b; break; }
                    case (int)Opcode.F32Div: { sp--; float a = *(float*)(sp - 1), b = *(float*)sp; *(float*)(sp - 1) = a / b; break; }
                    case (int)Opcode.F64Add: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = a + b; break; }
                    case (int)Opcode.F64Sub: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = a - b; break; }
                    case (int)Opcode.F64Mul: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = a * b; break; }
                    case (int)Opcode.F64Div: { sp--; double a = *(double*)(sp - 1), b = *(double*)sp; *(double*)(sp - 1) = a / b; break; }
                    case (int)Opcode.I64ExtendI32S: { int a = *(int*)(sp - 1); *(long*)(sp - 1) = a; break; }
                    case (int)Opcode.I64ExtendI32U: { uint a = *(uint*)(sp - 1); *(long*)(sp - 1) = a; break; }
                    case (int)Opcode.I32Load: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<int>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 8 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<long>(ctx.Mem + ea); break; }
                    case (int)Opcode.F32Load: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<uint>(ctx.Mem + ea); break; }
                    case (int)Opcode.F64Load: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 8 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<long>(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Load8S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = (int)*(sbyte*)(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Load8U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = (int)*(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Load16S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = (int)Unsafe.ReadUnaligned<short>(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Load16U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = (int)Unsafe.ReadUnaligned<ushort>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load8S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = *(sbyte*)(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load8U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; *(long*)(sp - 1) = *(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load16S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<short>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load16U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<ushort>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load32S: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<int>(ctx.Mem + ea); break; }
                    case (int)Opcode.I64Load32U: { ulong ea = (ulong)*(uint*)(sp - 1) + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; *(long*)(sp - 1) = Unsafe.ReadUnaligned<uint>(ctx.Mem + ea); break; }
                    case (int)Opcode.I32Store: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)(sp + 1)); break; }
                    case (int)Opcode.I64Store: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(long*)(sp + 1)); break; }
                    case (int)Opcode.F32Store: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)(sp + 1)); break; }
                    case (int)Opcode.F64Store: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(long*)(sp + 1)); break; }
                    case (int)Opcode.I32Store8: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(byte*)(sp + 1)); break; }
                    case (int)Opcode.I32Store16: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(short*)(sp + 1)); break; }
                    case (int)Opcode.I64Store8: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(byte*)(sp + 1)); break; }
                    case (int)Opcode.I64Store16: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(short*)(sp + 1)); break; }
                    case (int)Opcode.I64Store32: { sp -= 2; ulong ea = (ulong)*(uint*)sp + (uint)*ip++; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, *(int*)(sp + 1)); break; }
                case Fused.SL + (int)Opcode.I32Add: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a + b); break; }
                case Fused.SC + (int)Opcode.I32Add: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a + b); break; }
                case Fused.LL + (int)Opcode.I32Add: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a + b); sp++; break; }
                case Fused.LC + (int)Opcode.I32Add: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a + b); sp++; break; }
                case Fused.SL + (int)Opcode.I64Add: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a + b); break; }
                case Fused.SC + (int)Opcode.I64Add: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a + b); break; }
                case Fused.LL + (int)Opcode.I64Add: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a + b); sp++; break; }
                case Fused.LC + (int)Opcode.I64Add: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a + b); sp++; break; }
                case Fused.SL + (int)Opcode.I32Sub: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a - b); break; }
                case Fused.SC + (int)Opcode.I32Sub: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a - b); break; }
                case Fused.LL + (int)Opcode.I32Sub: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a - b); sp++; break; }
                case Fused.LC + (int)Opcode.I32Sub: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a - b); sp++; break; }
                case Fused.SL + (int)Opcode.I64Sub: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a - b); break; }
                case Fused.SC + (int)Opcode.I64Sub: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a - b); break; }
                case Fused.LL + (int)Opcode.I64Sub: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a - b); sp++; break; }
                case Fused.LC + (int)Opcode.I64Sub: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a - b); sp++; break; }
                case Fused.SL + (int)Opcode.I32Mul: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a * b); break; }
                case Fused.SC + (int)Opcode.I32Mul: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a * b); break; }
                case Fused.LL + (int)Opcode.I32Mul: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a * b); sp++; break; }
                case Fused.LC + (int)Opcode.I32Mul: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a * b); sp++; break; }
                case Fused.SL + (int)Opcode.I64Mul: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a * b); break; }
                case Fused.SC + (int)Opcode.I64Mul: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a * b); break; }
                case Fused.LL + (int)Opcode.I64Mul: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a * b); sp++; break; }
                case Fused.LC + (int)Opcode.I64Mul: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a * b); sp++; break; }
                case Fused.SL + (int)Opcode.I32And: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a & b); break; }
                case Fused.SC + (int)Opcode.I32And: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a & b); break; }
                case Fused.LL + (int)Opcode.I32And: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a & b); sp++; break; }
                case Fused.LC + (int)Opcode.I32And: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a & b); sp++; break; }
                case Fused.SL + (int)Opcode.I64And: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a & b); break; }
                case Fused.SC + (int)Opcode.I64And: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a & b); break; }
                case Fused.LL + (int)Opcode.I64And: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a & b); sp++; break; }
                case Fused.LC + (int)Opcode.I64And: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a & b); sp++; break; }
                case Fused.SL + (int)Opcode.I32Or: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a | b); break; }
                case Fused.SC + (int)Opcode.I32Or: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a | b); break; }
                case Fused.LL + (int)Opcode.I32Or: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a | b); sp++; break; }
                case Fused.LC + (int)Opcode.I32Or: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a | b); sp++; break; }
                case Fused.SL + (int)Opcode.I64Or: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a | b); break; }
                case Fused.SC + (int)Opcode.I64Or: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a | b); break; }
                case Fused.LL + (int)Opcode.I64Or: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a | b); sp++; break; }
                case Fused.LC + (int)Opcode.I64Or: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a | b); sp++; break; }
                case Fused.SL + (int)Opcode.I32Xor: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a ^ b); break; }
                case Fused.SC + (int)Opcode.I32Xor: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a ^ b); break; }
                case Fused.LL + (int)Opcode.I32Xor: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a ^ b); sp++; break; }
                case Fused.LC + (int)Opcode.I32Xor: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a ^ b); sp++; break; }
                case Fused.SL + (int)Opcode.I64Xor: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a ^ b); break; }
                case Fused.SC + (int)Opcode.I64Xor: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a ^ b); break; }
                case Fused.LL + (int)Opcode.I64Xor: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a ^ b); sp++; break; }
                case Fused.LC + (int)Opcode.I64Xor: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a ^ b); sp++; break; }
                case Fused.SL + (int)Opcode.I32Shl: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a << b); break; }
                case Fused.SC + (int)Opcode.I32Shl: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a << b); break; }
                case Fused.LL + (int)Opcode.I32Shl: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a << b); sp++; break; }
                case Fused.LC + (int)Opcode.I32Shl: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a << b); sp++; break; }
                case Fused.SL + (int)Opcode.I32ShrS: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a >> b); break; }
                case Fused.SC + (int)Opcode.I32ShrS: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a >> b); break; }
                case Fused.LL + (int)Opcode.I32ShrS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a >> b); sp++; break; }
                case Fused.LC + (int)Opcode.I32ShrS: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a >> b); sp++; break; }
                case Fused.SL + (int)Opcode.I32ShrU: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a >> (int)b); break; }
                case Fused.SC + (int)Opcode.I32ShrU: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a >> (int)b); break; }
                case Fused.LL + (int)Opcode.I32ShrU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a >> (int)b); sp++; break; }
                case Fused.LC + (int)Opcode.I32ShrU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a >> (int)b); sp++; break; }
                case Fused.SL + (int)Opcode.I64Shl: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a << (int)b); break; }
                case Fused.SC + (int)Opcode.I64Shl: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a << (int)b); break; }
                case Fused.LL + (int)Opcode.I64Shl: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a << (int)b); sp++; break; }
                case Fused.LC + (int)Opcode.I64Shl: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a << (int)b); sp++; break; }
                case Fused.SL + (int)Opcode.I64ShrS: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a >> (int)b); break; }
                case Fused.SC + (int)Opcode.I64ShrS: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a >> (int)b); break; }
                case Fused.LL + (int)Opcode.I64ShrS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a >> (int)b); sp++; break; }
                case Fused.LC + (int)Opcode.I64ShrS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a >> (int)b); sp++; break; }
                case Fused.SL + (int)Opcode.I64ShrU: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a >> (int)b); break; }
                case Fused.SC + (int)Opcode.I64ShrU: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a >> (int)b); break; }
                case Fused.LL + (int)Opcode.I64ShrU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a >> (int)b); sp++; break; }
                case Fused.LC + (int)Opcode.I64ShrU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a >> (int)b); sp++; break; }
                case Fused.SL + (int)Opcode.I32Eq: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a == b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32Eq: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a == b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32Eq: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a == b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32Eq: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a == b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64Eq: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a == b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64Eq: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a == b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64Eq: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a == b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64Eq: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a == b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32Ne: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a != b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32Ne: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a != b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32Ne: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a != b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32Ne: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a != b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64Ne: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a != b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64Ne: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a != b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64Ne: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a != b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64Ne: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a != b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32LtS: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a < b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32LtS: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a < b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32LtS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a < b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32LtS: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a < b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64LtS: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a < b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64LtS: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a < b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64LtS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a < b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64LtS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a < b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32LtU: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a < b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32LtU: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a < b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32LtU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a < b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32LtU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a < b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64LtU: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a < b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64LtU: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a < b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64LtU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a < b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64LtU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a < b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32GtS: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a > b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32GtS: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a > b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32GtS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a > b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32GtS: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a > b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64GtS: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a > b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64GtS: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a > b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64GtS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a > b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64GtS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a > b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32GtU: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a > b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32GtU: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a > b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32GtU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a > b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32GtU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a > b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64GtU: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a > b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64GtU: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a > b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64GtU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a > b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64GtU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a > b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32LeS: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a <= b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32LeS: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a <= b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32LeS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a <= b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32LeS: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a <= b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64LeS: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a <= b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64LeS: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a <= b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64LeS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a <= b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64LeS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a <= b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32LeU: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a <= b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32LeU: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a <= b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32LeU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a <= b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32LeU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a <= b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64LeU: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a <= b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64LeU: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a <= b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64LeU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a <= b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64LeU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a <= b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32GeS: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a >= b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32GeS: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a >= b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32GeS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a >= b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32GeS: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a >= b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64GeS: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a >= b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64GeS: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a >= b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64GeS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a >= b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64GeS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a >= b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I32GeU: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a >= b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I32GeU: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a >= b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I32GeU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a >= b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I32GeU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a >= b ? 1 : 0); sp++; break; }
                case Fused.SL + (int)Opcode.I64GeU: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a >= b ? 1 : 0); break; }
                case Fused.SC + (int)Opcode.I64GeU: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a >= b ? 1 : 0); break; }
                case Fused.LL + (int)Opcode.I64GeU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a >= b ? 1 : 0); sp++; break; }
                case Fused.LC + (int)Opcode.I64GeU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a >= b ? 1 : 0); sp++; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Add: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a + b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32Add: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a + b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Add: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a + b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Add: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a + b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Add: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a + b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Add: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a + b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64Add: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a + b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Add: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a + b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Add: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a + b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Add: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a + b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Sub: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a - b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32Sub: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a - b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Sub: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a - b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Sub: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a - b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Sub: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a - b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Sub: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a - b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64Sub: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a - b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Sub: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a - b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Sub: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a - b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Sub: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a - b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Mul: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a * b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32Mul: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a * b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Mul: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a * b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Mul: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a * b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Mul: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a * b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Mul: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a * b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64Mul: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a * b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Mul: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a * b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Mul: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a * b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Mul: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a * b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32And: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a & b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32And: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a & b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32And: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a & b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32And: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a & b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32And: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a & b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64And: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a & b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64And: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a & b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64And: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a & b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64And: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a & b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64And: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a & b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Or: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a | b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32Or: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a | b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Or: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a | b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Or: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a | b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Or: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a | b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Or: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a | b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64Or: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a | b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Or: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a | b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Or: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a | b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Or: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a | b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Xor: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a ^ b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32Xor: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a ^ b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Xor: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a ^ b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Xor: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a ^ b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Xor: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a ^ b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Xor: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a ^ b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64Xor: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a ^ b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Xor: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a ^ b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Xor: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a ^ b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Xor: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a ^ b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32Shl: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a << b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32Shl: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a << b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32Shl: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a << b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32Shl: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a << b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32Shl: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a << b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32ShrS: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a >> b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32ShrS: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a >> b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32ShrS: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a >> b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32ShrS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a >> b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32ShrS: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a >> b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I32ShrU: { sp -= 2; uint a = *(uint*)sp, b = *(uint*)(sp + 1); *(uint*)(fp + *ip++) = (uint)(a >> (int)b); break; }
                case Fused.ToLocal1 + (int)Opcode.I32ShrU: { sp--; uint a = *(uint*)sp, b = *(uint*)(fp + ip[0]); *(uint*)(fp + ip[1]) = (uint)(a >> (int)b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I32ShrU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; *(uint*)(fp + ip[1]) = (uint)(a >> (int)b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I32ShrU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); *(uint*)(fp + ip[2]) = (uint)(a >> (int)b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I32ShrU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; *(uint*)(fp + ip[2]) = (uint)(a >> (int)b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64Shl: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a << (int)b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64Shl: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a << (int)b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64Shl: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a << (int)b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64Shl: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a << (int)b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64Shl: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a << (int)b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64ShrS: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a >> (int)b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64ShrS: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a >> (int)b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64ShrS: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a >> (int)b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64ShrS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a >> (int)b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64ShrS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a >> (int)b); ip += 3; break; }
                case Fused.ToLocal0 + (int)Opcode.I64ShrU: { sp -= 2; ulong a = *(ulong*)sp, b = *(ulong*)(sp + 1); *(ulong*)(fp + *ip++) = (ulong)(a >> (int)b); break; }
                case Fused.ToLocal1 + (int)Opcode.I64ShrU: { sp--; ulong a = *(ulong*)sp, b = *(ulong*)(fp + ip[0]); *(ulong*)(fp + ip[1]) = (ulong)(a >> (int)b); ip += 2; break; }
                case Fused.ToLocal2 + (int)Opcode.I64ShrU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; *(ulong*)(fp + ip[1]) = (ulong)(a >> (int)b); ip += 2; break; }
                case Fused.ToLocal3 + (int)Opcode.I64ShrU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); *(ulong*)(fp + ip[2]) = (ulong)(a >> (int)b); ip += 3; break; }
                case Fused.ToLocal4 + (int)Opcode.I64ShrU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; *(ulong*)(fp + ip[2]) = (ulong)(a >> (int)b); ip += 3; break; }
                case Fused.Branch0 + (int)Opcode.I32Eq: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a == b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32Eq: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a == b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32Eq: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a == b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32Eq: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a == b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32Eq: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a == b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32Eq: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a == b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64Eq: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a == b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64Eq: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a == b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64Eq: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a == b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64Eq: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a == b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64Eq: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a == b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64Eq: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a == b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32Ne: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a != b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32Ne: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a != b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32Ne: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a != b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32Ne: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a != b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32Ne: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a != b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32Ne: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a != b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64Ne: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a != b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64Ne: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a != b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64Ne: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a != b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64Ne: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a != b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64Ne: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a != b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64Ne: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a != b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32LtS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32LtS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32LtS: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32LtS: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32LtS: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32LtS: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64LtS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64LtS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64LtS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64LtS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64LtS: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64LtS: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32LtU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32LtU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32LtU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32LtU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32LtU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32LtU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64LtU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64LtU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64LtU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64LtU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64LtU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = !(a < b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64LtU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = (a < b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32GtS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32GtS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32GtS: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32GtS: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32GtS: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32GtS: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64GtS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64GtS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64GtS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64GtS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64GtS: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64GtS: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32GtU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32GtU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32GtU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32GtU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32GtU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32GtU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64GtU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64GtU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64GtU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64GtU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64GtU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = !(a > b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64GtU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = (a > b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32LeS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32LeS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32LeS: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32LeS: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32LeS: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32LeS: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64LeS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64LeS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64LeS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64LeS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64LeS: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64LeS: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32LeU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32LeU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32LeU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32LeU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32LeU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32LeU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64LeU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64LeU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64LeU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64LeU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64LeU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = !(a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64LeU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = (a <= b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32GeS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32GeS: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32GeS: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32GeS: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32GeS: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32GeS: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64GeS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64GeS: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64GeS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64GeS: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64GeS: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64GeS: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I32GeU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I32GeU: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I32GeU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I32GeU: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I32GeU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I32GeU: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch0 + (int)Opcode.I64GeU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch1 + (int)Opcode.I64GeU: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch2 + (int)Opcode.I64GeU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch3 + (int)Opcode.I64GeU: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch4 + (int)Opcode.I64GeU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = !(a >= b) ? t + *t : t + 1; break; }
                case Fused.Branch5 + (int)Opcode.I64GeU: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = (a >= b) ? t + *t : t + 1; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.F32Load: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.F64Load: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load8S: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = (int)*(sbyte*)(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load8U: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = (int)*(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load16S: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = (int)Unsafe.ReadUnaligned<short>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Load16U: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = (int)Unsafe.ReadUnaligned<ushort>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load8S: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(sbyte*)(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load8U: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load16S: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<short>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load16U: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<ushort>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load32S: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I64Load32U: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>(ctx.Mem + ea); sp++; break; }
                case Fused.LocalMemory + (int)Opcode.I32Store: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; int v = *(int*)(fp + ip[1]); ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                case Fused.LocalMemory + (int)Opcode.I64Store: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; long v = *(long*)(fp + ip[1]); ip += 3; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                case Fused.LocalMemory + (int)Opcode.F32Store: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; int v = *(int*)(fp + ip[1]); ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                case Fused.LocalMemory + (int)Opcode.F64Store: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; long v = *(long*)(fp + ip[1]); ip += 3; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                case Fused.LocalMemory + (int)Opcode.I32Store8: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; byte v = *(byte*)(fp + ip[1]); ip += 3; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                case Fused.LocalMemory + (int)Opcode.I32Store16: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; short v = *(short*)(fp + ip[1]); ip += 3; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                case Fused.LocalMemory + (int)Opcode.I64Store8: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; byte v = *(byte*)(fp + ip[1]); ip += 3; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                case Fused.LocalMemory + (int)Opcode.I64Store16: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; short v = *(short*)(fp + ip[1]); ip += 3; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                case Fused.LocalMemory + (int)Opcode.I64Store32: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; int v = *(int*)(fp + ip[1]); ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; }
                default:
                {
                    int adv;
                    ctx.TrapIp = ip;
                    if ((uint)(op - 0x200) < 0x100)
                    {
                        sp = Simd.Exec(op, sp, ip, ctx.Mem, ctx.MemLen);
                        ip += Simd.ImmCount[op - 0x200];
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
