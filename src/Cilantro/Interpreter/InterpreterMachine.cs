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
                case 0x400: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a + b); break; } // I32Add_SL
                case 0x401: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a + b); break; } // I32Add_SC
                case 0x402: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a + b); sp++; break; } // I32Add_LL
                case 0x403: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a + b); sp++; break; } // I32Add_LC
                case 0x404: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a + b); break; } // I64Add_SL
                case 0x405: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a + b); break; } // I64Add_SC
                case 0x406: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a + b); sp++; break; } // I64Add_LL
                case 0x407: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a + b); sp++; break; } // I64Add_LC
                case 0x408: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a - b); break; } // I32Sub_SL
                case 0x409: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a - b); break; } // I32Sub_SC
                case 0x40a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a - b); sp++; break; } // I32Sub_LL
                case 0x40b: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a - b); sp++; break; } // I32Sub_LC
                case 0x40c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a - b); break; } // I64Sub_SL
                case 0x40d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a - b); break; } // I64Sub_SC
                case 0x40e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a - b); sp++; break; } // I64Sub_LL
                case 0x40f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a - b); sp++; break; } // I64Sub_LC
                case 0x410: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a * b); break; } // I32Mul_SL
                case 0x411: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a * b); break; } // I32Mul_SC
                case 0x412: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a * b); sp++; break; } // I32Mul_LL
                case 0x413: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a * b); sp++; break; } // I32Mul_LC
                case 0x414: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a * b); break; } // I64Mul_SL
                case 0x415: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a * b); break; } // I64Mul_SC
                case 0x416: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a * b); sp++; break; } // I64Mul_LL
                case 0x417: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a * b); sp++; break; } // I64Mul_LC
                case 0x418: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a & b); break; } // I32And_SL
                case 0x419: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a & b); break; } // I32And_SC
                case 0x41a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a & b); sp++; break; } // I32And_LL
                case 0x41b: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a & b); sp++; break; } // I32And_LC
                case 0x41c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a & b); break; } // I64And_SL
                case 0x41d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a & b); break; } // I64And_SC
                case 0x41e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a & b); sp++; break; } // I64And_LL
                case 0x41f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a & b); sp++; break; } // I64And_LC
                case 0x420: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a | b); break; } // I32Or_SL
                case 0x421: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a | b); break; } // I32Or_SC
                case 0x422: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a | b); sp++; break; } // I32Or_LL
                case 0x423: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a | b); sp++; break; } // I32Or_LC
                case 0x424: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a | b); break; } // I64Or_SL
                case 0x425: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a | b); break; } // I64Or_SC
                case 0x426: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a | b); sp++; break; } // I64Or_LL
                case 0x427: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a | b); sp++; break; } // I64Or_LC
                case 0x428: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a ^ b); break; } // I32Xor_SL
                case 0x429: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a ^ b); break; } // I32Xor_SC
                case 0x42a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a ^ b); sp++; break; } // I32Xor_LL
                case 0x42b: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a ^ b); sp++; break; } // I32Xor_LC
                case 0x42c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a ^ b); break; } // I64Xor_SL
                case 0x42d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a ^ b); break; } // I64Xor_SC
                case 0x42e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a ^ b); sp++; break; } // I64Xor_LL
                case 0x42f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a ^ b); sp++; break; } // I64Xor_LC
                case 0x430: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a << b); break; } // I32Shl_SL
                case 0x431: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a << b); break; } // I32Shl_SC
                case 0x432: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a << b); sp++; break; } // I32Shl_LL
                case 0x433: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a << b); sp++; break; } // I32Shl_LC
                case 0x434: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a >> b); break; } // I32ShrS_SL
                case 0x435: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a >> b); break; } // I32ShrS_SC
                case 0x436: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a >> b); sp++; break; } // I32ShrS_LL
                case 0x437: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a >> b); sp++; break; } // I32ShrS_LC
                case 0x438: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a >> (int)b); break; } // I32ShrU_SL
                case 0x439: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a >> (int)b); break; } // I32ShrU_SC
                case 0x43a: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a >> (int)b); sp++; break; } // I32ShrU_LL
                case 0x43b: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a >> (int)b); sp++; break; } // I32ShrU_LC
                case 0x43c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a << (int)b); break; } // I64Shl_SL
                case 0x43d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a << (int)b); break; } // I64Shl_SC
                case 0x43e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a << (int)b); sp++; break; } // I64Shl_LL
                case 0x43f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a << (int)b); sp++; break; } // I64Shl_LC
                case 0x440: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a >> (int)b); break; } // I64ShrS_SL
                case 0x441: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a >> (int)b); break; } // I64ShrS_SC
                case 0x442: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a >> (int)b); sp++; break; } // I64ShrS_LL
                case 0x443: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a >> (int)b); sp++; break; } // I64ShrS_LC
                case 0x444: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a >> (int)b); break; } // I64ShrU_SL
                case 0x445: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a >> (int)b); break; } // I64ShrU_SC
                case 0x446: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a >> (int)b); sp++; break; } // I64ShrU_LL
                case 0x447: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a >> (int)b); sp++; break; } // I64ShrU_LC
                case 0x448: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a == b ? 1 : 0); break; } // I32Eq_SL
                case 0x449: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a == b ? 1 : 0); break; } // I32Eq_SC
                case 0x44a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a == b ? 1 : 0); sp++; break; } // I32Eq_LL
                case 0x44b: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a == b ? 1 : 0); sp++; break; } // I32Eq_LC
                case 0x44c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a == b ? 1 : 0); break; } // I64Eq_SL
                case 0x44d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a == b ? 1 : 0); break; } // I64Eq_SC
                case 0x44e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a == b ? 1 : 0); sp++; break; } // I64Eq_LL
                case 0x44f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a == b ? 1 : 0); sp++; break; } // I64Eq_LC
                case 0x450: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a != b ? 1 : 0); break; } // I32Ne_SL
                case 0x451: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a != b ? 1 : 0); break; } // I32Ne_SC
                case 0x452: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a != b ? 1 : 0); sp++; break; } // I32Ne_LL
                case 0x453: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a != b ? 1 : 0); sp++; break; } // I32Ne_LC
                case 0x454: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a != b ? 1 : 0); break; } // I64Ne_SL
                case 0x455: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a != b ? 1 : 0); break; } // I64Ne_SC
                case 0x456: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a != b ? 1 : 0); sp++; break; } // I64Ne_LL
                case 0x457: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a != b ? 1 : 0); sp++; break; } // I64Ne_LC
                case 0x458: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a < b ? 1 : 0); break; } // I32LtS_SL
                case 0x459: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a < b ? 1 : 0); break; } // I32LtS_SC
                case 0x45a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a < b ? 1 : 0); sp++; break; } // I32LtS_LL
                case 0x45b: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a < b ? 1 : 0); sp++; break; } // I32LtS_LC
                case 0x45c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a < b ? 1 : 0); break; } // I64LtS_SL
                case 0x45d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a < b ? 1 : 0); break; } // I64LtS_SC
                case 0x45e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a < b ? 1 : 0); sp++; break; } // I64LtS_LL
                case 0x45f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a < b ? 1 : 0); sp++; break; } // I64LtS_LC
                case 0x460: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a < b ? 1 : 0); break; } // I32LtU_SL
                case 0x461: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a < b ? 1 : 0); break; } // I32LtU_SC
                case 0x462: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a < b ? 1 : 0); sp++; break; } // I32LtU_LL
                case 0x463: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a < b ? 1 : 0); sp++; break; } // I32LtU_LC
                case 0x464: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a < b ? 1 : 0); break; } // I64LtU_SL
                case 0x465: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a < b ? 1 : 0); break; } // I64LtU_SC
                case 0x466: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a < b ? 1 : 0); sp++; break; } // I64LtU_LL
                case 0x467: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a < b ? 1 : 0); sp++; break; } // I64LtU_LC
                case 0x468: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a > b ? 1 : 0); break; } // I32GtS_SL
                case 0x469: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a > b ? 1 : 0); break; } // I32GtS_SC
                case 0x46a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a > b ? 1 : 0); sp++; break; } // I32GtS_LL
                case 0x46b: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a > b ? 1 : 0); sp++; break; } // I32GtS_LC
                case 0x46c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a > b ? 1 : 0); break; } // I64GtS_SL
                case 0x46d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a > b ? 1 : 0); break; } // I64GtS_SC
                case 0x46e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a > b ? 1 : 0); sp++; break; } // I64GtS_LL
                case 0x46f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a > b ? 1 : 0); sp++; break; } // I64GtS_LC
                case 0x470: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a > b ? 1 : 0); break; } // I32GtU_SL
                case 0x471: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a > b ? 1 : 0); break; } // I32GtU_SC
                case 0x472: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a > b ? 1 : 0); sp++; break; } // I32GtU_LL
                case 0x473: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a > b ? 1 : 0); sp++; break; } // I32GtU_LC
                case 0x474: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a > b ? 1 : 0); break; } // I64GtU_SL
                case 0x475: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a > b ? 1 : 0); break; } // I64GtU_SC
                case 0x476: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a > b ? 1 : 0); sp++; break; } // I64GtU_LL
                case 0x477: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a > b ? 1 : 0); sp++; break; } // I64GtU_LC
                case 0x478: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a <= b ? 1 : 0); break; } // I32LeS_SL
                case 0x479: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a <= b ? 1 : 0); break; } // I32LeS_SC
                case 0x47a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a <= b ? 1 : 0); sp++; break; } // I32LeS_LL
                case 0x47b: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a <= b ? 1 : 0); sp++; break; } // I32LeS_LC
                case 0x47c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a <= b ? 1 : 0); break; } // I64LeS_SL
                case 0x47d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a <= b ? 1 : 0); break; } // I64LeS_SC
                case 0x47e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a <= b ? 1 : 0); sp++; break; } // I64LeS_LL
                case 0x47f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a <= b ? 1 : 0); sp++; break; } // I64LeS_LC
                case 0x480: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a <= b ? 1 : 0); break; } // I32LeU_SL
                case 0x481: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a <= b ? 1 : 0); break; } // I32LeU_SC
                case 0x482: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a <= b ? 1 : 0); sp++; break; } // I32LeU_LL
                case 0x483: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a <= b ? 1 : 0); sp++; break; } // I32LeU_LC
                case 0x484: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a <= b ? 1 : 0); break; } // I64LeU_SL
                case 0x485: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a <= b ? 1 : 0); break; } // I64LeU_SC
                case 0x486: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a <= b ? 1 : 0); sp++; break; } // I64LeU_LL
                case 0x487: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a <= b ? 1 : 0); sp++; break; } // I64LeU_LC
                case 0x488: { int a = *(int*)(sp - 1), b = *(int*)(fp + *ip++); *(int*)(sp - 1) = (int)(a >= b ? 1 : 0); break; } // I32GeS_SL
                case 0x489: { int a = *(int*)(sp - 1), b = *ip; ip++; *(int*)(sp - 1) = (int)(a >= b ? 1 : 0); break; } // I32GeS_SC
                case 0x48a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); ip += 2; *(int*)sp = (int)(a >= b ? 1 : 0); sp++; break; } // I32GeS_LL
                case 0x48b: { int a = *(int*)(fp + ip[0]), b = ip[1]; ip += 2; *(int*)sp = (int)(a >= b ? 1 : 0); sp++; break; } // I32GeS_LC
                case 0x48c: { long a = *(long*)(sp - 1), b = *(long*)(fp + *ip++); *(long*)(sp - 1) = (long)(a >= b ? 1 : 0); break; } // I64GeS_SL
                case 0x48d: { long a = *(long*)(sp - 1), b = (long)*ip; ip++; *(long*)(sp - 1) = (long)(a >= b ? 1 : 0); break; } // I64GeS_SC
                case 0x48e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); ip += 2; *(long*)sp = (long)(a >= b ? 1 : 0); sp++; break; } // I64GeS_LL
                case 0x48f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; ip += 2; *(long*)sp = (long)(a >= b ? 1 : 0); sp++; break; } // I64GeS_LC
                case 0x490: { uint a = *(uint*)(sp - 1), b = *(uint*)(fp + *ip++); *(uint*)(sp - 1) = (uint)(a >= b ? 1 : 0); break; } // I32GeU_SL
                case 0x491: { uint a = *(uint*)(sp - 1), b = (uint)*ip; ip++; *(uint*)(sp - 1) = (uint)(a >= b ? 1 : 0); break; } // I32GeU_SC
                case 0x492: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); ip += 2; *(uint*)sp = (uint)(a >= b ? 1 : 0); sp++; break; } // I32GeU_LL
                case 0x493: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; ip += 2; *(uint*)sp = (uint)(a >= b ? 1 : 0); sp++; break; } // I32GeU_LC
                case 0x494: { ulong a = *(ulong*)(sp - 1), b = *(ulong*)(fp + *ip++); *(ulong*)(sp - 1) = (ulong)(a >= b ? 1 : 0); break; } // I64GeU_SL
                case 0x495: { ulong a = *(ulong*)(sp - 1), b = (ulong)(long)*ip; ip++; *(ulong*)(sp - 1) = (ulong)(a >= b ? 1 : 0); break; } // I64GeU_SC
                case 0x496: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); ip += 2; *(ulong*)sp = (ulong)(a >= b ? 1 : 0); sp++; break; } // I64GeU_LL
                case 0x497: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; ip += 2; *(ulong*)sp = (ulong)(a >= b ? 1 : 0); sp++; break; } // I64GeU_LC
                case 0x500: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a + b); break; } // I32Add -> local, form 0
                case 0x501: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a + b); ip += 2; break; } // I32Add -> local, form 1
                case 0x502: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a + b); ip += 2; break; } // I32Add -> local, form 2
                case 0x503: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a + b); ip += 3; break; } // I32Add -> local, form 3
                case 0x504: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a + b); ip += 3; break; } // I32Add -> local, form 4
                case 0x505: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a + b); break; } // I64Add -> local, form 0
                case 0x506: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a + b); ip += 2; break; } // I64Add -> local, form 1
                case 0x507: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a + b); ip += 2; break; } // I64Add -> local, form 2
                case 0x508: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a + b); ip += 3; break; } // I64Add -> local, form 3
                case 0x509: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a + b); ip += 3; break; } // I64Add -> local, form 4
                case 0x50a: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a - b); break; } // I32Sub -> local, form 0
                case 0x50b: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a - b); ip += 2; break; } // I32Sub -> local, form 1
                case 0x50c: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a - b); ip += 2; break; } // I32Sub -> local, form 2
                case 0x50d: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a - b); ip += 3; break; } // I32Sub -> local, form 3
                case 0x50e: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a - b); ip += 3; break; } // I32Sub -> local, form 4
                case 0x50f: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a - b); break; } // I64Sub -> local, form 0
                case 0x510: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a - b); ip += 2; break; } // I64Sub -> local, form 1
                case 0x511: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a - b); ip += 2; break; } // I64Sub -> local, form 2
                case 0x512: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a - b); ip += 3; break; } // I64Sub -> local, form 3
                case 0x513: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a - b); ip += 3; break; } // I64Sub -> local, form 4
                case 0x514: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a * b); break; } // I32Mul -> local, form 0
                case 0x515: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a * b); ip += 2; break; } // I32Mul -> local, form 1
                case 0x516: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a * b); ip += 2; break; } // I32Mul -> local, form 2
                case 0x517: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a * b); ip += 3; break; } // I32Mul -> local, form 3
                case 0x518: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a * b); ip += 3; break; } // I32Mul -> local, form 4
                case 0x519: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a * b); break; } // I64Mul -> local, form 0
                case 0x51a: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a * b); ip += 2; break; } // I64Mul -> local, form 1
                case 0x51b: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a * b); ip += 2; break; } // I64Mul -> local, form 2
                case 0x51c: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a * b); ip += 3; break; } // I64Mul -> local, form 3
                case 0x51d: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a * b); ip += 3; break; } // I64Mul -> local, form 4
                case 0x51e: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a & b); break; } // I32And -> local, form 0
                case 0x51f: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a & b); ip += 2; break; } // I32And -> local, form 1
                case 0x520: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a & b); ip += 2; break; } // I32And -> local, form 2
                case 0x521: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a & b); ip += 3; break; } // I32And -> local, form 3
                case 0x522: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a & b); ip += 3; break; } // I32And -> local, form 4
                case 0x523: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a & b); break; } // I64And -> local, form 0
                case 0x524: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a & b); ip += 2; break; } // I64And -> local, form 1
                case 0x525: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a & b); ip += 2; break; } // I64And -> local, form 2
                case 0x526: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a & b); ip += 3; break; } // I64And -> local, form 3
                case 0x527: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a & b); ip += 3; break; } // I64And -> local, form 4
                case 0x528: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a | b); break; } // I32Or -> local, form 0
                case 0x529: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a | b); ip += 2; break; } // I32Or -> local, form 1
                case 0x52a: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a | b); ip += 2; break; } // I32Or -> local, form 2
                case 0x52b: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a | b); ip += 3; break; } // I32Or -> local, form 3
                case 0x52c: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a | b); ip += 3; break; } // I32Or -> local, form 4
                case 0x52d: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a | b); break; } // I64Or -> local, form 0
                case 0x52e: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a | b); ip += 2; break; } // I64Or -> local, form 1
                case 0x52f: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a | b); ip += 2; break; } // I64Or -> local, form 2
                case 0x530: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a | b); ip += 3; break; } // I64Or -> local, form 3
                case 0x531: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a | b); ip += 3; break; } // I64Or -> local, form 4
                case 0x532: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a ^ b); break; } // I32Xor -> local, form 0
                case 0x533: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a ^ b); ip += 2; break; } // I32Xor -> local, form 1
                case 0x534: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a ^ b); ip += 2; break; } // I32Xor -> local, form 2
                case 0x535: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a ^ b); ip += 3; break; } // I32Xor -> local, form 3
                case 0x536: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a ^ b); ip += 3; break; } // I32Xor -> local, form 4
                case 0x537: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a ^ b); break; } // I64Xor -> local, form 0
                case 0x538: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a ^ b); ip += 2; break; } // I64Xor -> local, form 1
                case 0x539: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a ^ b); ip += 2; break; } // I64Xor -> local, form 2
                case 0x53a: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a ^ b); ip += 3; break; } // I64Xor -> local, form 3
                case 0x53b: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a ^ b); ip += 3; break; } // I64Xor -> local, form 4
                case 0x53c: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a << b); break; } // I32Shl -> local, form 0
                case 0x53d: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a << b); ip += 2; break; } // I32Shl -> local, form 1
                case 0x53e: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a << b); ip += 2; break; } // I32Shl -> local, form 2
                case 0x53f: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a << b); ip += 3; break; } // I32Shl -> local, form 3
                case 0x540: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a << b); ip += 3; break; } // I32Shl -> local, form 4
                case 0x541: { sp -= 2; int a = *(int*)sp, b = *(int*)(sp + 1); *(int*)(fp + *ip++) = (int)(a >> b); break; } // I32ShrS -> local, form 0
                case 0x542: { sp--; int a = *(int*)sp, b = *(int*)(fp + ip[0]); *(int*)(fp + ip[1]) = (int)(a >> b); ip += 2; break; } // I32ShrS -> local, form 1
                case 0x543: { sp--; int a = *(int*)sp, b = ip[0]; *(int*)(fp + ip[1]) = (int)(a >> b); ip += 2; break; } // I32ShrS -> local, form 2
                case 0x544: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); *(int*)(fp + ip[2]) = (int)(a >> b); ip += 3; break; } // I32ShrS -> local, form 3
                case 0x545: { int a = *(int*)(fp + ip[0]), b = ip[1]; *(int*)(fp + ip[2]) = (int)(a >> b); ip += 3; break; } // I32ShrS -> local, form 4
                case 0x546: { sp -= 2; uint a = *(uint*)sp, b = *(uint*)(sp + 1); *(uint*)(fp + *ip++) = (uint)(a >> (int)b); break; } // I32ShrU -> local, form 0
                case 0x547: { sp--; uint a = *(uint*)sp, b = *(uint*)(fp + ip[0]); *(uint*)(fp + ip[1]) = (uint)(a >> (int)b); ip += 2; break; } // I32ShrU -> local, form 1
                case 0x548: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; *(uint*)(fp + ip[1]) = (uint)(a >> (int)b); ip += 2; break; } // I32ShrU -> local, form 2
                case 0x549: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); *(uint*)(fp + ip[2]) = (uint)(a >> (int)b); ip += 3; break; } // I32ShrU -> local, form 3
                case 0x54a: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; *(uint*)(fp + ip[2]) = (uint)(a >> (int)b); ip += 3; break; } // I32ShrU -> local, form 4
                case 0x54b: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a << (int)b); break; } // I64Shl -> local, form 0
                case 0x54c: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a << (int)b); ip += 2; break; } // I64Shl -> local, form 1
                case 0x54d: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a << (int)b); ip += 2; break; } // I64Shl -> local, form 2
                case 0x54e: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a << (int)b); ip += 3; break; } // I64Shl -> local, form 3
                case 0x54f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a << (int)b); ip += 3; break; } // I64Shl -> local, form 4
                case 0x550: { sp -= 2; long a = *(long*)sp, b = *(long*)(sp + 1); *(long*)(fp + *ip++) = (long)(a >> (int)b); break; } // I64ShrS -> local, form 0
                case 0x551: { sp--; long a = *(long*)sp, b = *(long*)(fp + ip[0]); *(long*)(fp + ip[1]) = (long)(a >> (int)b); ip += 2; break; } // I64ShrS -> local, form 1
                case 0x552: { sp--; long a = *(long*)sp, b = (long)ip[0]; *(long*)(fp + ip[1]) = (long)(a >> (int)b); ip += 2; break; } // I64ShrS -> local, form 2
                case 0x553: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); *(long*)(fp + ip[2]) = (long)(a >> (int)b); ip += 3; break; } // I64ShrS -> local, form 3
                case 0x554: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; *(long*)(fp + ip[2]) = (long)(a >> (int)b); ip += 3; break; } // I64ShrS -> local, form 4
                case 0x555: { sp -= 2; ulong a = *(ulong*)sp, b = *(ulong*)(sp + 1); *(ulong*)(fp + *ip++) = (ulong)(a >> (int)b); break; } // I64ShrU -> local, form 0
                case 0x556: { sp--; ulong a = *(ulong*)sp, b = *(ulong*)(fp + ip[0]); *(ulong*)(fp + ip[1]) = (ulong)(a >> (int)b); ip += 2; break; } // I64ShrU -> local, form 1
                case 0x557: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; *(ulong*)(fp + ip[1]) = (ulong)(a >> (int)b); ip += 2; break; } // I64ShrU -> local, form 2
                case 0x558: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); *(ulong*)(fp + ip[2]) = (ulong)(a >> (int)b); ip += 3; break; } // I64ShrU -> local, form 3
                case 0x559: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; *(ulong*)(fp + ip[2]) = (ulong)(a >> (int)b); ip += 3; break; } // I64ShrU -> local, form 4
                case 0x55a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a == b) ? t + *t : t + 1; break; } // I32Eq branch form 0
                case 0x55b: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a == b) ? t + *t : t + 1; break; } // I32Eq branch form 1
                case 0x55c: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a == b) ? t + *t : t + 1; break; } // I32Eq branch form 2
                case 0x55d: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a == b) ? t + *t : t + 1; break; } // I32Eq branch form 3
                case 0x55e: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a == b) ? t + *t : t + 1; break; } // I32Eq branch form 4
                case 0x55f: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a == b) ? t + *t : t + 1; break; } // I32Eq branch form 5
                case 0x560: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a == b) ? t + *t : t + 1; break; } // I64Eq branch form 0
                case 0x561: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a == b) ? t + *t : t + 1; break; } // I64Eq branch form 1
                case 0x562: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a == b) ? t + *t : t + 1; break; } // I64Eq branch form 2
                case 0x563: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a == b) ? t + *t : t + 1; break; } // I64Eq branch form 3
                case 0x564: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a == b) ? t + *t : t + 1; break; } // I64Eq branch form 4
                case 0x565: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a == b) ? t + *t : t + 1; break; } // I64Eq branch form 5
                case 0x566: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a != b) ? t + *t : t + 1; break; } // I32Ne branch form 0
                case 0x567: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a != b) ? t + *t : t + 1; break; } // I32Ne branch form 1
                case 0x568: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a != b) ? t + *t : t + 1; break; } // I32Ne branch form 2
                case 0x569: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a != b) ? t + *t : t + 1; break; } // I32Ne branch form 3
                case 0x56a: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a != b) ? t + *t : t + 1; break; } // I32Ne branch form 4
                case 0x56b: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a != b) ? t + *t : t + 1; break; } // I32Ne branch form 5
                case 0x56c: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a != b) ? t + *t : t + 1; break; } // I64Ne branch form 0
                case 0x56d: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a != b) ? t + *t : t + 1; break; } // I64Ne branch form 1
                case 0x56e: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a != b) ? t + *t : t + 1; break; } // I64Ne branch form 2
                case 0x56f: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a != b) ? t + *t : t + 1; break; } // I64Ne branch form 3
                case 0x570: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a != b) ? t + *t : t + 1; break; } // I64Ne branch form 4
                case 0x571: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a != b) ? t + *t : t + 1; break; } // I64Ne branch form 5
                case 0x572: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; } // I32LtS branch form 0
                case 0x573: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; } // I32LtS branch form 1
                case 0x574: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; } // I32LtS branch form 2
                case 0x575: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; } // I32LtS branch form 3
                case 0x576: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a < b) ? t + *t : t + 1; break; } // I32LtS branch form 4
                case 0x577: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a < b) ? t + *t : t + 1; break; } // I32LtS branch form 5
                case 0x578: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; } // I64LtS branch form 0
                case 0x579: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; } // I64LtS branch form 1
                case 0x57a: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; } // I64LtS branch form 2
                case 0x57b: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; } // I64LtS branch form 3
                case 0x57c: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a < b) ? t + *t : t + 1; break; } // I64LtS branch form 4
                case 0x57d: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a < b) ? t + *t : t + 1; break; } // I64LtS branch form 5
                case 0x57e: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; } // I32LtU branch form 0
                case 0x57f: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; } // I32LtU branch form 1
                case 0x580: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; } // I32LtU branch form 2
                case 0x581: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; } // I32LtU branch form 3
                case 0x582: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = !(a < b) ? t + *t : t + 1; break; } // I32LtU branch form 4
                case 0x583: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = (a < b) ? t + *t : t + 1; break; } // I32LtU branch form 5
                case 0x584: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; } // I64LtU branch form 0
                case 0x585: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; } // I64LtU branch form 1
                case 0x586: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = !(a < b) ? t + *t : t + 1; break; } // I64LtU branch form 2
                case 0x587: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = (a < b) ? t + *t : t + 1; break; } // I64LtU branch form 3
                case 0x588: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = !(a < b) ? t + *t : t + 1; break; } // I64LtU branch form 4
                case 0x589: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = (a < b) ? t + *t : t + 1; break; } // I64LtU branch form 5
                case 0x58a: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; } // I32GtS branch form 0
                case 0x58b: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; } // I32GtS branch form 1
                case 0x58c: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; } // I32GtS branch form 2
                case 0x58d: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; } // I32GtS branch form 3
                case 0x58e: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a > b) ? t + *t : t + 1; break; } // I32GtS branch form 4
                case 0x58f: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a > b) ? t + *t : t + 1; break; } // I32GtS branch form 5
                case 0x590: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; } // I64GtS branch form 0
                case 0x591: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; } // I64GtS branch form 1
                case 0x592: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; } // I64GtS branch form 2
                case 0x593: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; } // I64GtS branch form 3
                case 0x594: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a > b) ? t + *t : t + 1; break; } // I64GtS branch form 4
                case 0x595: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a > b) ? t + *t : t + 1; break; } // I64GtS branch form 5
                case 0x596: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; } // I32GtU branch form 0
                case 0x597: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; } // I32GtU branch form 1
                case 0x598: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; } // I32GtU branch form 2
                case 0x599: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; } // I32GtU branch form 3
                case 0x59a: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = !(a > b) ? t + *t : t + 1; break; } // I32GtU branch form 4
                case 0x59b: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = (a > b) ? t + *t : t + 1; break; } // I32GtU branch form 5
                case 0x59c: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; } // I64GtU branch form 0
                case 0x59d: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; } // I64GtU branch form 1
                case 0x59e: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = !(a > b) ? t + *t : t + 1; break; } // I64GtU branch form 2
                case 0x59f: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = (a > b) ? t + *t : t + 1; break; } // I64GtU branch form 3
                case 0x5a0: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = !(a > b) ? t + *t : t + 1; break; } // I64GtU branch form 4
                case 0x5a1: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = (a > b) ? t + *t : t + 1; break; } // I64GtU branch form 5
                case 0x5a2: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; } // I32LeS branch form 0
                case 0x5a3: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; } // I32LeS branch form 1
                case 0x5a4: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; } // I32LeS branch form 2
                case 0x5a5: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; } // I32LeS branch form 3
                case 0x5a6: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a <= b) ? t + *t : t + 1; break; } // I32LeS branch form 4
                case 0x5a7: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a <= b) ? t + *t : t + 1; break; } // I32LeS branch form 5
                case 0x5a8: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; } // I64LeS branch form 0
                case 0x5a9: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; } // I64LeS branch form 1
                case 0x5aa: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; } // I64LeS branch form 2
                case 0x5ab: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; } // I64LeS branch form 3
                case 0x5ac: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a <= b) ? t + *t : t + 1; break; } // I64LeS branch form 4
                case 0x5ad: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a <= b) ? t + *t : t + 1; break; } // I64LeS branch form 5
                case 0x5ae: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; } // I32LeU branch form 0
                case 0x5af: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; } // I32LeU branch form 1
                case 0x5b0: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; } // I32LeU branch form 2
                case 0x5b1: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; } // I32LeU branch form 3
                case 0x5b2: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = !(a <= b) ? t + *t : t + 1; break; } // I32LeU branch form 4
                case 0x5b3: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = (a <= b) ? t + *t : t + 1; break; } // I32LeU branch form 5
                case 0x5b4: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; } // I64LeU branch form 0
                case 0x5b5: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; } // I64LeU branch form 1
                case 0x5b6: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = !(a <= b) ? t + *t : t + 1; break; } // I64LeU branch form 2
                case 0x5b7: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = (a <= b) ? t + *t : t + 1; break; } // I64LeU branch form 3
                case 0x5b8: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = !(a <= b) ? t + *t : t + 1; break; } // I64LeU branch form 4
                case 0x5b9: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = (a <= b) ? t + *t : t + 1; break; } // I64LeU branch form 5
                case 0x5ba: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; } // I32GeS branch form 0
                case 0x5bb: { int a = *(int*)(fp + ip[0]), b = *(int*)(fp + ip[1]); int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; } // I32GeS branch form 1
                case 0x5bc: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; } // I32GeS branch form 2
                case 0x5bd: { int a = *(int*)(fp + ip[0]), b = ip[1]; int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; } // I32GeS branch form 3
                case 0x5be: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = !(a >= b) ? t + *t : t + 1; break; } // I32GeS branch form 4
                case 0x5bf: { sp--; int a = *(int*)sp, b = ip[0]; int* t = ip + 1; ip = (a >= b) ? t + *t : t + 1; break; } // I32GeS branch form 5
                case 0x5c0: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; } // I64GeS branch form 0
                case 0x5c1: { long a = *(long*)(fp + ip[0]), b = *(long*)(fp + ip[1]); int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; } // I64GeS branch form 1
                case 0x5c2: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; } // I64GeS branch form 2
                case 0x5c3: { long a = *(long*)(fp + ip[0]), b = (long)ip[1]; int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; } // I64GeS branch form 3
                case 0x5c4: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = !(a >= b) ? t + *t : t + 1; break; } // I64GeS branch form 4
                case 0x5c5: { sp--; long a = *(long*)sp, b = (long)ip[0]; int* t = ip + 1; ip = (a >= b) ? t + *t : t + 1; break; } // I64GeS branch form 5
                case 0x5c6: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; } // I32GeU branch form 0
                case 0x5c7: { uint a = *(uint*)(fp + ip[0]), b = *(uint*)(fp + ip[1]); int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; } // I32GeU branch form 1
                case 0x5c8: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; } // I32GeU branch form 2
                case 0x5c9: { uint a = *(uint*)(fp + ip[0]), b = (uint)ip[1]; int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; } // I32GeU branch form 3
                case 0x5ca: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = !(a >= b) ? t + *t : t + 1; break; } // I32GeU branch form 4
                case 0x5cb: { sp--; uint a = *(uint*)sp, b = (uint)ip[0]; int* t = ip + 1; ip = (a >= b) ? t + *t : t + 1; break; } // I32GeU branch form 5
                case 0x5cc: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; } // I64GeU branch form 0
                case 0x5cd: { ulong a = *(ulong*)(fp + ip[0]), b = *(ulong*)(fp + ip[1]); int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; } // I64GeU branch form 1
                case 0x5ce: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = !(a >= b) ? t + *t : t + 1; break; } // I64GeU branch form 2
                case 0x5cf: { ulong a = *(ulong*)(fp + ip[0]), b = (ulong)(long)ip[1]; int* t = ip + 2; ip = (a >= b) ? t + *t : t + 1; break; } // I64GeU branch form 3
                case 0x5d0: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = !(a >= b) ? t + *t : t + 1; break; } // I64GeU branch form 4
                case 0x5d1: { sp--; ulong a = *(ulong*)sp, b = (ulong)(long)ip[0]; int* t = ip + 1; ip = (a >= b) ? t + *t : t + 1; break; } // I64GeU branch form 5
                case 0x600: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>(ctx.Mem + ea); sp++; break; } // I32Load (local address)
                case 0x601: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>(ctx.Mem + ea); sp++; break; } // I64Load (local address)
                case 0x602: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>(ctx.Mem + ea); sp++; break; } // F32Load (local address)
                case 0x603: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 8 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<long>(ctx.Mem + ea); sp++; break; } // F64Load (local address)
                case 0x604: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = (int)*(sbyte*)(ctx.Mem + ea); sp++; break; } // I32Load8S (local address)
                case 0x605: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = (int)*(ctx.Mem + ea); sp++; break; } // I32Load8U (local address)
                case 0x606: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = (int)Unsafe.ReadUnaligned<short>(ctx.Mem + ea); sp++; break; } // I32Load16S (local address)
                case 0x607: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = (int)Unsafe.ReadUnaligned<ushort>(ctx.Mem + ea); sp++; break; } // I32Load16U (local address)
                case 0x608: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(sbyte*)(ctx.Mem + ea); sp++; break; } // I64Load8S (local address)
                case 0x609: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 1 > ctx.MemLen) goto oob; *(long*)sp = *(ctx.Mem + ea); sp++; break; } // I64Load8U (local address)
                case 0x60a: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<short>(ctx.Mem + ea); sp++; break; } // I64Load16S (local address)
                case 0x60b: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 2 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<ushort>(ctx.Mem + ea); sp++; break; } // I64Load16U (local address)
                case 0x60c: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<int>(ctx.Mem + ea); sp++; break; } // I64Load32S (local address)
                case 0x60d: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[1]; ip += 2; if (ea + 4 > ctx.MemLen) goto oob; *(long*)sp = Unsafe.ReadUnaligned<uint>(ctx.Mem + ea); sp++; break; } // I64Load32U (local address)
                case 0x60e: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; int v = *(int*)(fp + ip[1]); ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // I32Store (local address, local value)
                case 0x60f: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; long v = *(long*)(fp + ip[1]); ip += 3; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // I64Store (local address, local value)
                case 0x610: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; int v = *(int*)(fp + ip[1]); ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // F32Store (local address, local value)
                case 0x611: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; long v = *(long*)(fp + ip[1]); ip += 3; if (ea + 8 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // F64Store (local address, local value)
                case 0x612: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; byte v = *(byte*)(fp + ip[1]); ip += 3; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // I32Store8 (local address, local value)
                case 0x613: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; short v = *(short*)(fp + ip[1]); ip += 3; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // I32Store16 (local address, local value)
                case 0x614: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; byte v = *(byte*)(fp + ip[1]); ip += 3; if (ea + 1 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // I64Store8 (local address, local value)
                case 0x615: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; short v = *(short*)(fp + ip[1]); ip += 3; if (ea + 2 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // I64Store16 (local address, local value)
                case 0x616: { ulong ea = (ulong)*(uint*)(fp + ip[0]) + (uint)ip[2]; int v = *(int*)(fp + ip[1]); ip += 3; if (ea + 4 > ctx.MemLen) goto oob; Unsafe.WriteUnaligned(ctx.Mem + ea, v); break; } // I64Store32 (local address, local value)
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
