using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Cilantro.Instructions;
using Cilantro.Model;
using Cilantro.Runtime;
using Cilantro.Runtime.Numerics;

namespace Cilantro.Compiler;

/// <summary>
/// Translates one validated function body to CIL over an <see cref="ILGenerator"/> (so the same code can target a
/// collectible in-memory assembly or, later, a persisted one). The WebAssembly operand stack maps onto the CIL
/// evaluation stack; values crossing a branch go through per-label locals; code after an unconditional transfer is
/// dropped. Locals and parameters are typed CLR locals and arguments.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private enum Kind : byte { Block, Loop, If, Func, Exit }

    private sealed class Ctl
    {
        public Kind Kind;
        public int Base;            // type-stack count below the parameters
        public ValType[] Params = [];
        public ValType[] Results = [];
        public Label Label;         // end (block, if, func) or header (loop)
        public Label Else;
        public bool SawElse;
        public bool Branched;
        public LocalBuilder[]? Slots; // loop: parameters; others: results
        public int EntryEpoch;      // the checked-address epoch at entry (it dominates the whole construct)
        public Region? Tail;          // a block whose label is an entry of this tail region (see RegionSplitter)
        public int TailEntry;
    }

    private readonly CompiledModule _cm;
    private readonly ModuleDefinition _m;
    private readonly ILGenerator _il;
    private readonly FuncType _type;
    private readonly int _funcIndex;
    private readonly int _nParams;
    private readonly int _ctxArg, _ciArg;
    private ValType[] _localTypes = [];
    private LocalBuilder?[] _locals = [];
    private ValType[] _types = new ValType[32];
    private int _tc;
    private readonly List<Ctl> _ctl = [];
    private bool _unreachable;
    private int _deadDepth;
    private LocalBuilder? _memBase, _memLen;
    private bool _helperMemory, _dupTee;

    // Bounds-check elimination: per operand-stack entry, the local it was read from (or -1) and that local's version
    // then; per local, its version (bumped by local.set/tee) and the end (offset + size) already checked for its
    // current value since the last control-flow merge (valid while the local's epoch equals _epoch).
    private int[] _srcLocal = new int[32];
    private int[] _srcVer = new int[32];
    // Per operand-stack entry: an upper bound of its value when it is an i32 known to be small (as an unsigned number:
    // a constant, a byte loaded, a masked or shifted value, ...), else -1; per local, such a bound of its current value
    // (valid while its version and epoch are, as a check is); and the size the memory always has (its declared
    // minimum: it never shrinks), which addresses known to be below need no check (table lookups by a byte, say).
    private long[] _max = new long[32];
    private (long Max, int Ver, int Epoch)[] _localMax = [];
    private long _minMemory = -1;
    private int[] _localVer = [];
    private long[] _checkedEnd = [];
    private int[] _checkedEpoch = [];
    // Epochs follow the dominator tree of the structured code: a check made in epoch e still holds wherever the
    // current epoch descends from e (parents have smaller numbers; 0 is none). A loop body starts a new root (its
    // back edge brings in values of locals set later in the body); each arm of an if, and the code after a merge,
    // starts a child of the construct's entry epoch, so checks made before the construct survive it.
    private int _epoch = 1, _epochCount = 1;
    private int[] _epochParent = new int[64];

    // Backtraces (see CompilerRuntime.Unwound): the Wasm offset of the instruction being translated; the local the
    // fault handler reads it from (null: no handler), the end of the protected body and the result kept across it.
    private int _site;
    private LocalBuilder? _siteLocal, _retLocal;
    private Label _faultEnd;

    // Globals: each one used is loaded once into a local by an init block emitted after the body.
    private LocalBuilder?[] _globals = [];
    private Label _initLabel, _bodyLabel;

    /// <summary>The method a direct call of the function to itself calls, when not its own (see CompiledModule: twins).</summary>
    public MethodInfo? SelfTarget { get; init; }

    /// <summary>Whether the prologue leaves out the stack check (a twin, only ever called from its checked function).</summary>
    public bool NoStackCheck { get; init; }

    public FunctionCompiler(CompiledModule cm, ILGenerator il, int funcIndex)
    {
        _cm = cm;
        _m = cm.Definition;
        _il = il;
        _funcIndex = funcIndex;
        _type = cm.FuncTypes[funcIndex];
        _nParams = _type.Params.Length;
        _ctxArg = _nParams;
        _ciArg = _nParams + 1;
        _argLocals = _nParams;
    }

    public static Type ClrType(ValType t) => t.Kind switch
    {
        ValKind.I32 => typeof(int),
        ValKind.I64 => typeof(long),
        ValKind.F32 => typeof(float),
        ValKind.F64 => typeof(double),
        ValKind.V128 => typeof(Vector128<byte>),
        _ => typeof(object),
    };

    /// <summary>
    /// CLR parameter types of a compiled function: the WebAssembly parameters, the context, the instance, then by-ref
    /// extra results. (Call depth is bounded through the native stack, see <see cref="CompilerRuntime.Enter"/>.)
    /// The context and the instance are declared <c>object</c> (the code uses them as <see cref="ExecContext"/> and
    /// <see cref="CompiledInstance"/>, both sealed: the same machine code): a class type in a signature costs
    /// Reflection.Emit a type reference lookup in native code (about 1.4 us) per method defined.
    /// </summary>
    public static Type[] ParamTypes(FuncType ft)
    {
        int extra = Math.Max(0, ft.Results.Length - 1);
        int n = ft.Params.Length;
        var ps = new Type[n + ExtraArgs + extra];
        for (int i = 0; i < n; i++) ps[i] = ClrType(ft.Params[i]);
        ps[n] = typeof(object);
        ps[n + 1] = typeof(object);
        for (int i = 0; i < extra; i++) ps[n + ExtraArgs + i] = ClrType(ft.Results[i + 1]).MakeByRefType();
        return ps;
    }

    /// <summary>CLR arguments of a compiled function after its WebAssembly parameters (the context and the instance).</summary>
    private const int ExtraArgs = 2;

    /// <summary>What a call of a compiled function of type <paramref name="ft"/> does to the CIL stack (its result less its arguments).</summary>
    private static int CallStackChange(FuncType ft) =>
        (ft.Results.Length > 0 ? 1 : 0) - ft.Params.Length - ExtraArgs - Math.Max(0, ft.Results.Length - 1);

    public static Type ReturnType(FuncType ft) => ft.Results.Length == 0 ? typeof(void) : ClrType(ft.Results[0]);

    // ------------------------------------------------------------------ IL helpers

    private void Ldarg(int i)
    {
        switch (i)
        {
            case 0: _il.Emit(OpCodes.Ldarg_0); break;
            case 1: _il.Emit(OpCodes.Ldarg_1); break;
            case 2: _il.Emit(OpCodes.Ldarg_2); break;
            case 3: _il.Emit(OpCodes.Ldarg_3); break;
            default:
                if (i < 256) _il.Emit(OpCodes.Ldarg_S, (byte)i); else _il.Emit(OpCodes.Ldarg, (short)i);
                break;
        }
    }

    private void Starg(int i)
    {
        if (i < 256) _il.Emit(OpCodes.Starg_S, (byte)i); else _il.Emit(OpCodes.Starg, (short)i);
    }

    private void LdcI4(int v)
    {
        switch (v)
        {
            case -1: _il.Emit(OpCodes.Ldc_I4_M1); break;
            case 0: _il.Emit(OpCodes.Ldc_I4_0); break;
            case 1: _il.Emit(OpCodes.Ldc_I4_1); break;
            case 2: _il.Emit(OpCodes.Ldc_I4_2); break;
            case 3: _il.Emit(OpCodes.Ldc_I4_3); break;
            case 4: _il.Emit(OpCodes.Ldc_I4_4); break;
            case 5: _il.Emit(OpCodes.Ldc_I4_5); break;
            case 6: _il.Emit(OpCodes.Ldc_I4_6); break;
            case 7: _il.Emit(OpCodes.Ldc_I4_7); break;
            case 8: _il.Emit(OpCodes.Ldc_I4_8); break;
            default:
                if (v >= -128 && v <= 127) _il.Emit(OpCodes.Ldc_I4_S, (sbyte)v); else _il.Emit(OpCodes.Ldc_I4, v);
                break;
        }
    }

    /// <summary>
    /// Emits a call. Helpers outside the dynamic module go through a per-module token cache: ILGenerator would
    /// otherwise rebuild the member-reference signature on every call (about half of all translation time).
    /// </summary>
    private void Call(MethodInfo m) => EmitCall(_il, _cm, m);

    private static void EmitCall(ILGenerator il, CompiledModule? cm, MethodInfo m)
    {
        var tokens = cm?.CallTokens;
        if (tokens is null || m is MethodBuilder)
        {
            il.Emit(OpCodes.Call, m);
            return;
        }
        if (!tokens.TryGetValue(m, out var ct))
        {
            int change = (m.ReturnType == typeof(void) ? 0 : 1) - m.GetParameters().Length;
            // A generic method has no cacheable token (ModuleBuilder gives a member reference, not a method
            // specification), so ILGenerator builds its specification at every call. A non-generic wrapper would be
            // cheaper to emit, but RyuJIT stops inlining in big methods once its inlining budget is spent, and SIMD
            // lane casts left as calls made blake3-simd 13x slower; the generic intrinsics need no inlining.
            ct = m.IsStatic && !m.IsGenericMethod && FastCall.TryGet(change, out var opc)
                ? (cm!.TokenOf(m), opc) : (0, default);
            tokens[m] = ct;
        }
        if (ct.Token == 0) il.Emit(OpCodes.Call, m);
        else il.Emit(ct.Op, ct.Token);
    }

    /// <summary>Emits a call to another compiled function of this module (its token is known; only the stack change is computed).</summary>
    private void CallTarget(MethodInfo target, FuncType ft)
    {
        int change = CallStackChange(ft);
        if (target is MethodBuilder mb && _cm.CallTokens is not null && FastCall.TryGet(change, out var op))
            _il.Emit(op, mb.MetadataToken);
        else
            _il.Emit(OpCodes.Call, target);
    }

    /// <summary>Emits the typed <c>calli</c> of a call_indirect, with the signature token cached per type index.</summary>
    private void EmitCalli(int typeIndex, FuncType ft)
    {
        var sigs = _cm.CalliTokens;
        int change = CallStackChange(ft) - 1; // and the function pointer
        if (sigs is null || !FastCall.TryGetCalli(change, out var op))
        {
            _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ReturnType(ft), ParamTypes(ft), null);
            return;
        }
        if (!sigs.TryGetValue(typeIndex, out int tk)) sigs[typeIndex] = tk = _cm.SignatureTokenOf(typeIndex, ReturnType(ft), ParamTypes(ft));
        _il.Emit(op, tk);
    }

    /// <summary>Emits a field access through the module's token cache (the opcode's own stack change is right for fields).</summary>
    private void Fld(OpCode op, FieldInfo f)
    {
        var tokens = _cm?.FieldTokens;
        if (tokens is null)
        {
            _il.Emit(op, f);
            return;
        }
        if (!tokens.TryGetValue(f, out int tk)) tokens[f] = tk = _cm!.TokenOf(f);
        _il.Emit(op, tk);
    }


    private static MethodInfo Rt(string name) =>
        typeof(CompilerRuntime).GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException("missing helper " + name);

    private static MethodInfo Rt(string name, params Type[] ps) =>
        typeof(CompilerRuntime).GetMethod(name, BindingFlags.Public | BindingFlags.Static, ps) ?? throw new InvalidOperationException("missing helper " + name);

    /// <summary>Helper methods, looked up once.</summary>
    private static class H
    {
        public static readonly MethodInfo DataDrop = Rt(nameof(CompilerRuntime.DataDrop));
        public static readonly MethodInfo ElemDrop = Rt(nameof(CompilerRuntime.ElemDrop));
        public static readonly MethodInfo MemoryCopy = Rt(nameof(CompilerRuntime.MemoryCopy));
        public static readonly MethodInfo MemoryFill = Rt(nameof(CompilerRuntime.MemoryFill));
        public static readonly MethodInfo MemoryGrow = Rt(nameof(CompilerRuntime.MemoryGrow));
        public static readonly MethodInfo MemoryInit = Rt(nameof(CompilerRuntime.MemoryInit));
        public static readonly MethodInfo MemorySize = Rt(nameof(CompilerRuntime.MemorySize));
        public static readonly MethodInfo RefFunc = Rt(nameof(CompilerRuntime.RefFunc));
        public static readonly MethodInfo RefIsNull = Rt(nameof(CompilerRuntime.RefIsNull));
        public static readonly MethodInfo TableCopy = Rt(nameof(CompilerRuntime.TableCopy));
        public static readonly MethodInfo TableFill = Rt(nameof(CompilerRuntime.TableFill));
        public static readonly MethodInfo TableGet = Rt(nameof(CompilerRuntime.TableGet));
        public static readonly MethodInfo TableGrow = Rt(nameof(CompilerRuntime.TableGrow));
        public static readonly MethodInfo TableInit = Rt(nameof(CompilerRuntime.TableInit));
        public static readonly MethodInfo TableSet = Rt(nameof(CompilerRuntime.TableSet));
        public static readonly MethodInfo TableSize = Rt(nameof(CompilerRuntime.TableSize));
    }

    private static readonly FieldInfo FF32Zero = typeof(CompilerRuntime).GetField(nameof(CompilerRuntime.F32Zero))!;
    private static readonly FieldInfo FF32NegZero = typeof(CompilerRuntime).GetField(nameof(CompilerRuntime.F32NegZero))!;
    private static readonly FieldInfo FF32One = typeof(CompilerRuntime).GetField(nameof(CompilerRuntime.F32One))!;
    private static readonly FieldInfo FF32NegOne = typeof(CompilerRuntime).GetField(nameof(CompilerRuntime.F32NegOne))!;
    private static readonly FieldInfo FF64Zero = typeof(CompilerRuntime).GetField(nameof(CompilerRuntime.F64Zero))!;
    private static readonly FieldInfo FF64NegZero = typeof(CompilerRuntime).GetField(nameof(CompilerRuntime.F64NegZero))!;
    private static readonly FieldInfo FF64One = typeof(CompilerRuntime).GetField(nameof(CompilerRuntime.F64One))!;
    private static readonly FieldInfo FF64NegOne = typeof(CompilerRuntime).GetField(nameof(CompilerRuntime.F64NegOne))!;

    private static readonly MethodInfo MProbeStack = Rt(nameof(CompilerRuntime.ProbeStack));
    private static readonly FieldInfo FStackLimit = typeof(ExecContext).GetField(nameof(ExecContext.StackLimit))!;
    private static readonly MethodInfo MOob = Rt(nameof(CompilerRuntime.Oob));
    // Bit reinterpretation (JIT intrinsics) and the global fields read and written directly.
    private static readonly MethodInfo[] BitCasts = [.. new[]
    {
        nameof(BitConverter.Int32BitsToSingle), nameof(BitConverter.Int64BitsToDouble),
        nameof(BitConverter.SingleToInt32Bits), nameof(BitConverter.DoubleToInt64Bits),
    }.Select(n => typeof(BitConverter).GetMethod(n)!)];
    private static MethodInfo MI32ToF32 => BitCasts[0];
    private static MethodInfo MI64ToF64 => BitCasts[1];
    private static MethodInfo MF32ToI32 => BitCasts[2];
    private static MethodInfo MF64ToI64 => BitCasts[3];
    private static readonly FieldInfo FGlobalBits = typeof(GlobalInstance).GetField(nameof(GlobalInstance.Bits))!, FGlobalRef = typeof(GlobalInstance).GetField(nameof(GlobalInstance.Ref))!;
    private static readonly MethodInfo MTrap = Rt(nameof(CompilerRuntime.Trap));
    private static readonly MethodInfo MTrapAt = Rt(nameof(CompilerRuntime.TrapAt));
    private static readonly MethodInfo MUnwound = Rt(nameof(CompilerRuntime.Unwound));
    private static readonly MethodInfo MRegionUnwound = Rt(nameof(CompilerRuntime.RegionUnwound));
    private static readonly MethodInfo MCallBase = Rt(nameof(CompilerRuntime.CallBase));
    private static readonly MethodInfo MCallFunc = Rt(nameof(CompilerRuntime.CallFunc));
    private static readonly FieldInfo FTable0 = typeof(CompiledInstance).GetField(nameof(CompiledInstance.Table0))!;
    private static readonly FieldInfo FTables = typeof(CompiledInstance).GetField(nameof(CompiledInstance.Tables))!;
    private static readonly FieldInfo FTableElements = typeof(TableInstance).GetField(nameof(TableInstance.Elements))!;
    private static readonly FieldInfo FFuncTypeId = typeof(FunctionInstance).GetField(nameof(FunctionInstance.TypeId))!;
    private static readonly FieldInfo FIndirectFn = typeof(FunctionInstance).GetField(nameof(FunctionInstance.IndirectFn), BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)!;
    private static readonly FieldInfo FIndirectInstance = typeof(FunctionInstance).GetField(nameof(FunctionInstance.IndirectInstance), BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)!;
    private static readonly MethodInfo MCallIndirectSlow = Rt(nameof(CompilerRuntime.CallIndirectSlow));
    private static readonly MethodInfo MF32Bits = Rt(nameof(CompilerRuntime.F32Bits));
    private static readonly MethodInfo MF64Bits = Rt(nameof(CompilerRuntime.F64Bits));
    private static readonly FieldInfo FMemory = typeof(CompiledInstance).GetField(nameof(CompiledInstance.Memory))!;
    private static readonly FieldInfo FGlobals = typeof(CompiledInstance).GetField(nameof(CompiledInstance.Globals))!;
    private static readonly FieldInfo FTypeIds = typeof(CompiledInstance).GetField(nameof(CompiledInstance.TypeIds))!;
    private static readonly FieldInfo FMemBase = typeof(MemoryInstance).GetField(nameof(MemoryInstance.Base))!;
    private static readonly FieldInfo FMemLength = typeof(MemoryInstance).GetField(nameof(MemoryInstance.Length))!;

    private static readonly MethodInfo[] LoadSlot = Kinds("Load", null);
    private static readonly MethodInfo[] StoreSlot = Kinds("Store", null);
    private static readonly MethodInfo[] GetGlobal = Kinds("Get", null);
    private static readonly MethodInfo[] SetGlobal = Kinds("Set", null);

    private static MethodInfo[] Kinds(string prefix, Type[]? _)
    {
        string[] names = ["I32", "I64", "F32", "F64", "V128", "Ref"];
        var r = new MethodInfo[names.Length];
        for (int i = 0; i < names.Length; i++) r[i] = Rt(prefix + names[i]);
        return r;
    }

    private static int KindIndex(ValType t) => t.Kind switch
    {
        ValKind.I32 => 0,
        ValKind.I64 => 1,
        ValKind.F32 => 2,
        ValKind.F64 => 3,
        ValKind.V128 => 4,
        _ => 5,
    };

    private LocalBuilder Temp(ValType t)
    {
        var ct = ClrType(t);
        var s = PoolOf(ct);
        if (s.Count > 0) return s.Pop();
        return _il.DeclareLocal(ct);
    }

    private void Free(LocalBuilder lb) => PoolOf(lb.LocalType).Push(lb);

    // Free temporaries by their type, one of ClrType's (int, long, float, double, Vector128, object) in that order:
    // every temporary comes from Temp.
    private readonly Stack<LocalBuilder>?[] _poolByKind = new Stack<LocalBuilder>?[6];

    private Stack<LocalBuilder> PoolOf(Type t)
    {
        int k = t == typeof(int) ? 0 : t == typeof(long) ? 1 : t == typeof(float) ? 2 : t == typeof(double) ? 3
            : t == typeof(Vector128<byte>) ? 4 : t == typeof(object) ? 5
            : throw new InvalidOperationException($"compiler: no temporaries of type {t}");
        return _poolByKind[k] ??= new Stack<LocalBuilder>();
    }

    /// <summary>
    /// The function's one local of a CLR type for values that never outlive the instruction that sets them (declared
    /// on first use: every local adds a type to the local signature, a type reference for a class).
    /// </summary>
    private LocalBuilder Scratch(Type t)
    {
        _scratch ??= [];
        if (!_scratch.TryGetValue(t, out var lb)) _scratch[t] = lb = _il.DeclareLocal(t);
        return lb;
    }

    private Dictionary<Type, LocalBuilder>? _scratch;

    // ------------------------------------------------------------------ type stack

    private void Push(ValType t)
    {
        if (_tc == _types.Length)
        {
            Array.Resize(ref _types, _types.Length * 2);
            Array.Resize(ref _srcLocal, _types.Length);
            Array.Resize(ref _srcVer, _types.Length);
            Array.Resize(ref _max, _types.Length);
        }
        _srcLocal[_tc] = -1;
        _max[_tc] = -1;
        _types[_tc++] = t;
    }

    private ValType Pop() => _types[--_tc];

    private void Pop(int n) => _tc -= n;

    private void PushAll(ValType[] ts)
    {
        foreach (var t in ts) Push(t);
    }

    // ------------------------------------------------------------------ memory

    private void ReloadMemory()
    {
        _reloads = true;
        if (_memBase is null) return;
        Ldarg(_ciArg);
        Fld(OpCodes.Ldfld, FMemory);
        _il.Emit(OpCodes.Dup);
        Fld(OpCodes.Ldfld, FMemBase);
        _il.Emit(OpCodes.Stloc, _memBase);
        Fld(OpCodes.Ldfld, FMemLength);
        _il.Emit(OpCodes.Stloc, _memLen!);
    }

    /// <summary>Starts a new epoch under <paramref name="parent"/> (0: a new root) and makes it current.</summary>
    private void EnterEpoch(int parent)
    {
        int id = ++_epochCount;
        if (id == _epochParent.Length) Array.Resize(ref _epochParent, id * 2);
        _epochParent[id] = parent;
        _epoch = id;
    }

    /// <summary>Forgets every checked address (a new root epoch).</summary>
    private void ForgetChecks() => EnterEpoch(0);

    /// <summary>Whether checks made in epoch <paramref name="e"/> hold here (it is the current epoch or one of its nearest ancestors).</summary>
    private bool Live(int e)
    {
        if (e <= 0) return false;
        int x = _epoch;
        for (int steps = 0; x >= e && steps < 64; steps++)
        {
            if (x == e) return true;
            x = _epochParent[x];
        }
        return false;
    }

    /// <summary>
    /// The fallthrough end of a loop: the checks made before the loop hold again (a local set in the loop has lost
    /// its check), and so do those made in the loop on the way to its end (moved to the new epoch).
    /// </summary>
    private void LeaveLoop(int entryEpoch)
    {
        int next = _epochCount + 1; // the epoch EnterEpoch makes next
        if (_checkedEpoch.Length <= 512)
        {
            for (int i = 0; i < _checkedEpoch.Length; i++)
                if (Live(_checkedEpoch[i])) _checkedEpoch[i] = next;
        }
        EnterEpoch(entryEpoch);
    }

    // Loop scans: the locals a loop sets (_assigned, each marked with the scan's number), within a budget of code
    // bytes scanned per function (nested loops scan their code again).
    private int[] _assignMark = [];
    private int _loopScans;
    private long _scanBudget = -1;
    private readonly List<int> _assigned = [];

    /// <summary>Lists in <see cref="_assigned"/> the locals set inside the loop that starts with <paramref name="loop"/>; false when not scanned.</summary>
    private bool ScanLoop(in Instruction loop)
    {
        var body = _m.Bodies[_funcIndex - _cm.ImportedFunctionCount];
        if (_scanBudget < 0) _scanBudget = 2L * body.Code.Length + 4096;
        ScanLoopCode(body, loop.Offset - body.CodeOffset);
        _counter = -1;
        if (_scanAt < 0) return false;
        _scanBudget -= _scanLength;
        if (_scanBudget < 0) return false;
        _counter = _scanCounter;
        return true;
    }

    // The loop ScanLoopCode scanned last (its code position, -1 when none or not to its end) and what it found: a
    // versioned loop is scanned once for TryVersionLoop and its two copies (each ScanLoop still takes its budget).
    private int _scanAt = -1, _scanLength, _scanCounter, _scanBackEdges;
    private bool _scanNested, _scanAccesses;

    /// <summary>Scans the loop at code position <paramref name="at"/> unless it is the one scanned last (see <see cref="ScanLoop"/>).</summary>
    private void ScanLoopCode(FunctionBody body, int at)
    {
        if (at == _scanAt) return;
        _scanAt = -1;
        _assigned.Clear();
        _counter = -1;
        if (_assignMark.Length != _localTypes.Length) _assignMark = new int[_localTypes.Length];
        int mark = ++_loopScans;
        _entryLoads.Clear();
        Array.Clear(_tail); // (FindCounter reads no instruction of an earlier scan)
        var r = new CodeReader(body.Code.Span, body.CodeOffset, WasmFeatures.Default) { Position = at };
        int start = r.Position, depth = 0, lastGet = -1, backEdges = 0;
        bool prefix = true, nested = false, accesses = false;
        Instruction ins = default;
        if (_assignCount.Length != _localTypes.Length) _assignCount = new int[_localTypes.Length];
        while (!r.AtEnd)
        {
            int tableHits = 0;
            if (r.AtBrTable)
            {
                ins.Offset = r.Offset;
                ins.Index = r.ReadBrTable((uint)(depth - 1), out tableHits); // (its labels: only those that are back edges count)
                ins.Opcode = Opcode.BrTable;
                ins.Value = 0;
            }
            else r.ReadFast(ref ins); // (reads only the fields of each instruction's immediate kind)
            if (depth > 0)
            {
                _tail[_tailAt] = (ins.Opcode, ins.Index, ins.I32);
                _tailAt = (_tailAt + 1) & (TailSize - 1);
            }
            if (prefix && depth == 1)
            {
                // The straight-line start of the body, up to the first instruction with an effect or a trap other
                // than a load's: its loads of a local's address run at every entry to the loop.
                if (ins.Opcode is >= Opcode.I32Load and <= Opcode.I64Load32U && lastGet >= 0 && _entryLoads.Count < MaxEntryLoads)
                    _entryLoads.Add((lastGet, (long)ins.Value + OpcodeInfo.Get(ins.Opcode).AccessSize, ins.Offset));
                prefix = IsPureOrLoad(ins.Opcode);
                lastGet = ins.Opcode == Opcode.LocalGet ? (int)ins.Index : -1;
            }
            switch (ins.Opcode)
            {
                case Opcode.Block: case Opcode.Loop: case Opcode.If:
                    nested |= depth > 0 && ins.Opcode == Opcode.Loop;
                    depth++;
                    break;
                case Opcode.End:
                    if (--depth == 0)
                    {
                        _scanAt = at;
                        _scanLength = r.Position - start;
                        _scanBackEdges = backEdges;
                        _scanNested = nested;
                        _scanAccesses = accesses;
                        if (backEdges == 1 && !NoCounterBounds) FindCounter();
                        _scanCounter = _counter;
                        return;
                    }
                    break;
                case Opcode.LocalSet: case Opcode.LocalTee:
                    if (_assignMark[ins.Index] != mark)
                    {
                        _assignMark[ins.Index] = mark;
                        _assignCount[ins.Index] = 0;
                        _assigned.Add((int)ins.Index);
                    }
                    _assignCount[ins.Index]++;
                    break;
                case Opcode.Br: case Opcode.BrIf:
                    if (ins.Index == depth - 1) backEdges++;
                    break;
                case Opcode.BrTable:
                    if (ins.Index == depth - 1) backEdges++;
                    backEdges += tableHits;
                    break;
                case > Opcode.I64Store32 when !accesses && AccessesMemory[(ushort)ins.Opcode]:
                case >= Opcode.I32Load and <= Opcode.I64Store32:
                    accesses = true;
                    break;
            }
        }
    }

    // Per opcode: whether it accesses memory (OpcodeInfo.AccessSize), as LoopAnalysis counts accesses.
    private static readonly bool[] AccessesMemory = OpcodeInfo.PerOpcode(info => info.AccessSize > 0);

    /// <summary>
    /// Before <see cref="LoopAnalysis.Analyze"/> (from the loop's scan): false when the loop whose <c>loop</c>
    /// instruction ends at <paramref name="start"/> cannot be one it versions: longer than it reads
    /// (<see cref="LoopAnalysis.MaxLoopBytes"/>), a loop inside, no memory access, no back edge, or not a
    /// <c>br_if 0</c> right before its <c>end</c>.
    /// </summary>
    private bool MayVersion(FunctionBody body, in Instruction loop, int start)
    {
        ScanLoopCode(body, loop.Offset - body.CodeOffset);
        return _scanAt >= 0 && !_scanNested && _scanAccesses && _scanBackEdges > 0
            && loop.Offset - body.CodeOffset + _scanLength - start <= LoopAnalysis.MaxLoopBytes + 1
            && TailAt(1) is (Opcode.BrIf, 0, _);
    }

    // The counter ScanLoop found (a local whose values at the loop's header have an upper bound, see FindCounter), or -1.
    private int _counter = -1;
    private long _counterLimit;
    private bool _counterByOne;
    private int[] _assignCount = [];
    // The last instructions read (opcode, index, i32 immediate), a ring ending at _tailAt.
    private readonly (Opcode Op, uint Index, int I32)[] _tail = new (Opcode, uint, int)[TailSize];
    private int _tailAt;
    private const int TailSize = 8; // (a power of 2)

    private (Opcode Op, uint Index, int I32) TailAt(int back) => _tail[(_tailAt - 1 - back) & (TailSize - 1)];

    /// <summary>
    /// At the end of a loop scan, with one back edge: whether that edge is a <c>br_if 0</c> right before the end on a
    /// test of a counter against a limit, so the counter's values at the header other than its entry value are
    /// below a limit: <c>c lt_u L</c> (or le_u, or the same as L gt_u/ge_u c) with c its current value (local.get or
    /// local.tee) and L a constant or a local the loop never sets with a known bound: at most L - 1 (L); or
    /// <c>c = c + 1; c ne C</c> with the loop setting c nowhere else: at most C - 1 when the entry value is (counting up
    /// by one from below C, c meets C before it could wrap around); or <c>c = c + k; c lt_s L</c> (le_s, or L gt_s/ge_s
    /// c) with the loop setting c nowhere else and L a constant or such a local whose bound is at most
    /// <see cref="int.MaxValue"/>: see <see cref="CounterBound"/>.
    /// </summary>
    private void FindCounter()
    {
        _counter = -1;
        _counterStep = 0;
        // TailAt(0) is the loop's end, TailAt(1) the br_if.
        if (TailAt(1) is not (Opcode.BrIf, 0, _)) return;
        var (op, _, _) = TailAt(2);
        var (a, b) = (TailAt(4), TailAt(3));
        static bool IsLocal(Opcode o) => o is Opcode.LocalGet or Opcode.LocalTee;
        switch (op)
        {
            case Opcode.I32LtU or Opcode.I32LeU when IsLocal(a.Op) && LimitOf(b) is var l and >= 0:
                _counter = (int)a.Index;
                _counterLimit = l - (op == Opcode.I32LtU ? 1L : 0L);
                _counterByOne = false;
                break;
            case Opcode.I32GtU or Opcode.I32GeU when LimitOf(a) is var l and >= 0 && IsLocal(b.Op):
                _counter = (int)b.Index;
                _counterLimit = l - (op == Opcode.I32GtU ? 1L : 0L);
                _counterByOne = false;
                break;
            case Opcode.I32Ne when a.Op == Opcode.LocalTee && b.Op == Opcode.I32Const && TailAt(5) is (Opcode.I32Add, _, _)
                && TailAt(6) is (Opcode.I32Const, _, 1) && TailAt(7).Op == Opcode.LocalGet && TailAt(7).Index == a.Index
                && _assignCount[a.Index] == 1:
                _counter = (int)a.Index;
                _counterLimit = (uint)b.I32 - 1L;
                _counterByOne = true;
                break;
            // c = c + k; c lt_s L: local.get c, i32.const k, i32.add, local.tee c, L, lt_s (le_s); or
            // L gt_s (c = c + k): L, local.get c, i32.const k, i32.add, local.tee c, gt_s (ge_s).
            case Opcode.I32LtS or Opcode.I32LeS or Opcode.I32GtS or Opcode.I32GeS:
            {
                bool lt = op is Opcode.I32LtS or Opcode.I32LeS;
                var (limit, tee) = lt ? (b, a) : (TailAt(7), b);
                int at = lt ? 5 : 4; // the add
                if (LimitOf(limit) is var l and >= 0 and <= int.MaxValue
                    && IncrementStep(tee, TailAt(at), TailAt(at + 1), TailAt(at + 2)) is var k and > 0)
                {
                    _counter = (int)tee.Index;
                    _counterLimit = l - (op is Opcode.I32LtS or Opcode.I32GtS ? 1L : 0L);
                    _counterByOne = false;
                    _counterStep = k;
                }
                break;
            }
        }
        if (_counterLimit < 0) _counter = -1;
    }

    // The step k of a counter c = c + k tested with a signed compare (see FindCounter), else 0.
    private long _counterStep;

    /// <summary>
    /// A limit's upper bound (unsigned): a constant, or a local the loop being scanned never sets whose current value
    /// has a known bound; else -1.
    /// </summary>
    private long LimitOf((Opcode Op, uint Index, int I32) x)
    {
        if (x.Op == Opcode.I32Const) return (uint)x.I32;
        if (x.Op != Opcode.LocalGet || _assignMark[x.Index] == _loopScans || _localTypes[x.Index] != ValType.I32) return -1;
        return LocalBound((int)x.Index);
    }

    /// <summary>The upper bound of local <paramref name="l"/>'s current value (<see cref="_localMax"/>, while its version and epoch hold), else -1.</summary>
    private long LocalBound(int l)
    {
        var (max, ver, epoch) = _localMax[l];
        return ver == _localVer[l] && Live(epoch) ? max : -1;
    }

    /// <summary>
    /// The step k when <paramref name="tee"/>, <paramref name="add"/>, <paramref name="k"/>, <paramref name="get"/>
    /// (latest first) are <c>local.get c; i32.const k; i32.add; local.tee c</c> and the loop sets c nowhere else; else 0.
    /// </summary>
    private long IncrementStep((Opcode Op, uint Index, int I32) tee, (Opcode Op, uint Index, int I32) add,
        (Opcode Op, uint Index, int I32) k, (Opcode Op, uint Index, int I32) get) =>
        tee.Op == Opcode.LocalTee && add.Op == Opcode.I32Add && k.Op == Opcode.I32Const && k.I32 is > 0 and <= 1 << 16
            && get.Op == Opcode.LocalGet && get.Index == tee.Index && _assignCount[tee.Index] == 1 ? k.I32 : 0;

    /// <summary>
    /// At a loop's header (after ScanLoop found a counter): an upper bound of the counter's values there, from the
    /// bound of its entry value <paramref name="entryMax"/> (-1: none), or -1.
    /// </summary>
    private long CounterBound(long entryMax)
    {
        if (_counter < 0 || entryMax < 0) return -1;
        if (_counterByOne) return entryMax <= _counterLimit ? _counterLimit : -1;
        long bound = Math.Max(entryMax, _counterLimit);
        // A signed test: every header value v is in [0, bound] (the entry value, or one that passed v + k <=s limit <=
        // bound, where v + k cannot overflow as bound + k fits in an int), so none is negative as a signed int.
        if (_counterStep > 0) return bound + _counterStep <= int.MaxValue ? bound : -1;
        return bound;
    }

    // Loads hoisted per loop at most: the cold path reporting a failed check tests each one again, and that code is
    // not in the size estimate the splitter plans with. Later loads keep their own checks.
    private const int MaxEntryLoads = 32;

    // Per local, the largest end of the loads through it at the start of the loop being entered (0 between loops).
    private long[] _entryEnd = [];

    // Loads at the straight-line start of the loop being entered: (address local, end).
    private readonly List<(int Local, long End, int Offset)> _entryLoads = [];

    /// <summary>Instructions with no effect and no trap (other than a load's out-of-bounds trap).</summary>
    private static bool IsPureOrLoad(Opcode op) => op switch
    {
        Opcode.Nop or Opcode.Drop or Opcode.Select or Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee or Opcode.GlobalGet
            or Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const => true,
        >= Opcode.I32Load and <= Opcode.I64Load32U => true,
        >= Opcode.I32DivS and <= Opcode.I32RemU => false,
        >= Opcode.I64DivS and <= Opcode.I64RemU => false,
        >= Opcode.I32TruncF32S and <= Opcode.I32TruncF64U => false,
        >= Opcode.I64TruncF32S and <= Opcode.I64TruncF64U => false,
        >= Opcode.I32Eqz and <= Opcode.I64Extend32S => true,
        _ => false,
    };

    /// <summary>
    /// Before a loop's header: checks the addresses the loop's straight-line start loads through locals the loop never
    /// sets (every entry and iteration would check the same ones, before any effect), so the loop needs none.
    /// </summary>
    private void CheckLoopEntryLoads()
    {
        if (_helperMemory || _memLen is null) return;
        Label? cold = null;
        // Each local's largest end first (one pass: a loop's start may hold any number of loads), then one check
        // per local, in the order of its first load.
        if (_entryEnd.Length != _localTypes.Length) _entryEnd = new long[_localTypes.Length];
        foreach (var (l, e, _) in _entryLoads)
            if (_assignMark[l] != _loopScans && e > _entryEnd[l]) _entryEnd[l] = e;
        foreach (var (l, _, _) in _entryLoads)
        {
            long end = _entryEnd[l]; // an access ends at 1 or more: 0 is a local the loop sets, or one checked already
            if (end == 0) continue;
            _entryEnd[l] = 0;
            if (Live(_checkedEpoch[l]) && _checkedEnd[l] >= end) continue;
            LoadLocal(l);
            _il.Emit(OpCodes.Conv_U8);
            cold ??= _il.DefineLabel();
            EmitLimitCheck(end, cold);
            _il.Emit(OpCodes.Pop);
            _checkedEnd[l] = Live(_checkedEpoch[l]) ? Math.Max(_checkedEnd[l], end) : end;
            _checkedEpoch[l] = _epoch;
        }
        if (cold is not { } c) return;
        // A check failed: the first of these loads (in the order the loop runs them) that is out of bounds traps, at
        // its own offset, as in the interpreter.
        var skip = _il.DefineLabel();
        _il.Emit(OpCodes.Br, skip);
        _il.MarkLabel(c);
        _il.Emit(OpCodes.Pop);
        int site = _site;
        foreach (var (l, end, at) in _entryLoads)
        {
            if (_assignMark[l] == _loopScans) continue;
            LoadLocal(l);
            _il.Emit(OpCodes.Conv_U8);
            _site = at;
            EmitLimitCheck(end);
            _il.Emit(OpCodes.Pop);
        }
        EmitThrow(TrapKind.OutOfBoundsMemoryAccess); // not reached
        _site = site;
        _il.MarkLabel(skip);
    }

    /// <summary>
    /// With an address (as an unsigned long) on the stack, which it leaves there: traps (or branches to
    /// <paramref name="fail"/>) unless address + end fits in the memory, as (long)address &lt;= length - end (signed, so a memory smaller than end traps; the right side does
    /// not change inside a loop without calls, so RyuJIT computes it once).
    /// </summary>
    private void EmitLimitCheck(long end, Label? fail = null)
    {
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldloc, _memLen!);
        if (end <= int.MaxValue)
        {
            LdcI4((int)end);
            _il.Emit(OpCodes.Conv_I8);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I8, end);
        }
        _il.Emit(OpCodes.Sub);
        if (fail is { } f)
        {
            _il.Emit(OpCodes.Bgt, f); // (a loop's entry checks: see CheckLoopEntryLoads)
            return;
        }
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ble, ok); // long form: PersistedAssemblyBuilder's encoder rejected the short one
        EmitThrow(TrapKind.OutOfBoundsMemoryAccess);
        _il.MarkLabel(ok);
    }

    private long MinMemory => _minMemory >= 0 ? _minMemory
        : _minMemory = _m.MemoryCount == 0 ? 0 : (long)Math.Min(_m.GetMemoryType(0).Limits.Min, 65536UL) * MemoryType.PageSize;

    /// <summary>
    /// Emits a plain load or store: one unsigned compare of offset + size against the memory length, skipped when
    /// the address is a local whose current value was already checked for at least this end since the last merge, or
    /// a constant whose access ends within the memory's minimum size.
    /// </summary>
    private void EmitMemoryAccess(Opcode op, OpcodeInfo info, ulong offset, int lane = 0)
    {
        var ps = info.Params!;
        int size = info.AccessSize;
        int at = _tc - ps.Length;
        int src = _srcLocal[at];
        bool tracked = src >= 0 && _srcVer[at] == _localVer[src];
        long end = (long)offset + size;
        bool covered = tracked && Live(_checkedEpoch[src]) && _checkedEnd[src] >= end;
        if (_max[at] >= 0 && _max[at] + end <= MinMemory) covered = true;
        if (_unchecked is not null && _unchecked.Contains(_site)) covered = true; // proven by a versioned loop's entry test
        if (CheckStats && !covered)
        {
            _checksEmitted++;
            if (_inCheckedCopy) _checksInCheckedCopies++;
        }
        Pop(ps.Length);
        LocalBuilder? value = null;
        if (ps.Length == 2)
        {
            value = Temp(ps[1]);
            _il.Emit(OpCodes.Stloc, value);
        }
        // Compact CIL (it counts towards RyuJIT's MinOpts limits): (ulong)addr <= length - (offset + size), signed (so a
        // memory smaller than offset + size traps); the right side does not change inside a loop without calls, so
        // RyuJIT computes it once. Then ea = (ulong)addr + offset.
        _il.Emit(OpCodes.Conv_U8);
        if (!covered)
        {
            EmitLimitCheck(end);
            if (tracked)
            {
                _checkedEnd[src] = Live(_checkedEpoch[src]) ? Math.Max(_checkedEnd[src], end) : end;
                _checkedEpoch[src] = _epoch;
            }
        }
        if (offset != 0)
        {
            if (offset <= int.MaxValue)
            {
                LdcI4((int)offset);
                _il.Emit(OpCodes.Conv_U8);
            }
            else
            {
                _il.Emit(OpCodes.Ldc_I8, (long)offset);
            }
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Ldloc, _memBase!);
        _il.Emit(OpCodes.Add);
        if (IsV128Memory(op))
        {
            EmitV128Memory(op, lane, value);
            PushAll(info.Results!);
            return;
        }
        if (value is not null)
        {
            _il.Emit(OpCodes.Ldloc, value);
            Free(value);
            if (op is Opcode.I64Store8 or Opcode.I64Store16 or Opcode.I64Store32) _il.Emit(OpCodes.Conv_I4);
            switch (op)
            {
                case Opcode.I32Store: case Opcode.I64Store32: _il.Emit(OpCodes.Stind_I4); break;
                case Opcode.I64Store: _il.Emit(OpCodes.Stind_I8); break;
                case Opcode.F32Store: _il.Emit(OpCodes.Stind_R4); break;
                case Opcode.F64Store: _il.Emit(OpCodes.Stind_R8); break;
                case Opcode.I32Store8: case Opcode.I64Store8: _il.Emit(OpCodes.Stind_I1); break;
                case Opcode.I32Store16: case Opcode.I64Store16: _il.Emit(OpCodes.Stind_I2); break;
                default: _il.Emit(OpCodes.Stobj, typeof(Vector128<byte>)); break;
            }
            return;
        }
        switch (op)
        {
            case Opcode.I32Load: _il.Emit(OpCodes.Ldind_I4); break;
            case Opcode.I64Load: _il.Emit(OpCodes.Ldind_I8); break;
            case Opcode.F32Load: _il.Emit(OpCodes.Ldind_R4); break;
            case Opcode.F64Load: _il.Emit(OpCodes.Ldind_R8); break;
            case Opcode.I32Load8S: _il.Emit(OpCodes.Ldind_I1); break;
            case Opcode.I32Load8U: _il.Emit(OpCodes.Ldind_U1); break;
            case Opcode.I32Load16S: _il.Emit(OpCodes.Ldind_I2); break;
            case Opcode.I32Load16U: _il.Emit(OpCodes.Ldind_U2); break;
            case Opcode.I64Load8S: _il.Emit(OpCodes.Ldind_I1); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Load8U: _il.Emit(OpCodes.Ldind_U1); _il.Emit(OpCodes.Conv_U8); break;
            case Opcode.I64Load16S: _il.Emit(OpCodes.Ldind_I2); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Load16U: _il.Emit(OpCodes.Ldind_U2); _il.Emit(OpCodes.Conv_U8); break;
            case Opcode.I64Load32S: _il.Emit(OpCodes.Ldind_I4); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Load32U: _il.Emit(OpCodes.Ldind_U4); _il.Emit(OpCodes.Conv_U8); break;
            default: _il.Emit(OpCodes.Ldobj, typeof(Vector128<byte>)); break;
        }
        Push(info.Results![0]);
        if (op is Opcode.I32Load8U or Opcode.I32Load16U) _max[_tc - 1] = op == Opcode.I32Load8U ? byte.MaxValue : ushort.MaxValue;
    }

    // ------------------------------------------------------------------ globals

    private void EmitGlobalGet(uint index)
    {
        var t = _cm.GlobalTypes[index].ValueType;
        _il.Emit(OpCodes.Ldloc, Global(index));
        switch (t.Kind)
        {
            case ValKind.I32: _il.Emit(OpCodes.Ldind_I8); _il.Emit(OpCodes.Conv_I4); break;
            case ValKind.I64: _il.Emit(OpCodes.Ldind_I8); break;
            case ValKind.F32: _il.Emit(OpCodes.Ldind_I8); _il.Emit(OpCodes.Conv_I4); Call(MI32ToF32); break;
            case ValKind.F64: _il.Emit(OpCodes.Ldind_I8); Call(MI64ToF64); break;
            case ValKind.V128: Call(GetGlobal[KindIndex(t)]); break;
            default: _il.Emit(OpCodes.Ldind_Ref); break;
        }
        Push(t);
    }

    private void EmitGlobalSet(uint index)
    {
        var t = Pop();
        var g = Global(index);
        if (t.Kind == ValKind.V128)
        {
            _il.Emit(OpCodes.Ldloc, g);
            Call(SetGlobal[KindIndex(t)]);
            return;
        }
        switch (t.Kind)
        {
            case ValKind.F32: Call(MF32ToI32); break;
            case ValKind.F64: Call(MF64ToI64); break;
        }
        var tmp = Temp(t.Kind switch { ValKind.I32 or ValKind.F32 => ValType.I32, ValKind.I64 or ValKind.F64 => ValType.I64, _ => t });
        _il.Emit(OpCodes.Stloc, tmp);
        _il.Emit(OpCodes.Ldloc, g);
        _il.Emit(OpCodes.Ldloc, tmp);
        Free(tmp);
        switch (t.Kind)
        {
            case ValKind.I32: case ValKind.F32: _il.Emit(OpCodes.Conv_U8); _il.Emit(OpCodes.Stind_I8); break;
            case ValKind.I64: case ValKind.F64: _il.Emit(OpCodes.Stind_I8); break;
            default: _il.Emit(OpCodes.Stind_Ref); break;
        }
    }

    // ------------------------------------------------------------------ entry

    public void Compile(bool bigFrame, FunctionShape shape)
    {
        _plan = shape.Split;
        var body = SetUp(shape);
        // Declared i32 locals start at 0: an upper bound of 0 until their first assignment (a loop counter's entry value).
        for (int i = _nParams; i < _localTypes.Length; i++)
            if (_localTypes[i] == ValType.I32) _localMax[i] = (0, 0, _epoch);

        // Prologue: native stack and call depth (a compare with ExecContext.StackLimit), memory.
        if ((bigFrame || _cm.Analysis.StackCheck[_funcIndex]) && !NoStackCheck)
        {
            // The address of a local against the probe limit (CompilerRuntime.ProbeStack), raised for a big frame.
            // Functions with a small frame that reach no long chain of unchecked calls (ModuleAnalysis.StackCheck:
            // leaves, say) need no check: they add a few frames below their caller's check, within the headroom the
            // probe keeps (and a check-free prologue makes them cheaper to inline).
            var noProbe = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloca, _il.DeclareLocal(typeof(byte)));
            _il.Emit(OpCodes.Conv_U);
            if (bigFrame)
            {
                LdcI4(CompilerRuntime.BigFrameHeadroom);
                _il.Emit(OpCodes.Conv_U);
                _il.Emit(OpCodes.Sub);
            }
            Ldarg(_ctxArg);
            Fld(OpCodes.Ldfld, FStackLimit);
            _il.Emit(OpCodes.Bge_Un, noProbe);
            Ldarg(_ctxArg);
            Call(MProbeStack);
            _il.MarkLabel(noProbe);
        }
        ReloadMemory();
        AllocateFrame();
        var handler = HandlerOf(shape);
        if (handler == Handler.Body) BeginHandler(_type.Results.Length > 0 ? ClrType(_type.Results[0]) : null);
        _perSite = handler == Handler.PerSite;
        _initLabel = _il.DefineLabel();
        _bodyLabel = _il.DefineLabel();
        _il.Emit(OpCodes.Br, _initLabel);
        _il.MarkLabel(_bodyLabel);

        var fn = new Ctl { Kind = Kind.Func, Base = 0, Results = _type.Results, Label = _il.DefineLabel() };
        _ctl.Add(fn);

        var r = new CodeReader(body.Code.Span, body.CodeOffset, WasmFeatures.Default);
        TranslateRange(ref r, body.Code.Length, _plan?.TopLevel);
        EmitGlobalInit();
        EndHandler();
        ReportCheckStats();
    }

    /// <summary>Translates instructions up to a code position, with a call in place of each region met.</summary>
    private void TranslateRange(ref CodeReader r, int end, List<Region>? regions)
    {
        int next = 0;
        while (r.Position < end && _ctl.Count > 0)
        {
            if (regions is not null && next < regions.Count && r.Position == regions[next].Start)
            {
                var g = regions[next++];
                if (g.TailLevels > 0) EmitTailCall(g);
                else if (!_unreachable) EmitRegionCall(g);
                r.Position = g.End;
                continue;
            }
            r.Read(out var ins);
            if (_unreachable && DeadCode.CanSkip(ins.Opcode, ref _deadDepth)) continue;
            if (ins.Opcode == Opcode.Loop && !_unreachable && TryVersionLoop(ref r, ref ins)) continue;
            Translate(ref ins);
        }
    }

    private void EmitGlobalInit()
    {
        // Init block: the used globals into locals, then the body.
        _il.MarkLabel(_initLabel);
        for (int i = 0; i < _globals.Length; i++)
        {
            if (_globals[i] is not { } g) continue;
            Ldarg(_ciArg);
            Fld(OpCodes.Ldfld, FGlobals);
            LdcI4(i);
            _il.Emit(OpCodes.Ldelem_Ref);
            if (g.LocalType == RefBits) Fld(OpCodes.Ldflda, FGlobalBits);
            else if (g.LocalType == RefRef) Fld(OpCodes.Ldflda, FGlobalRef);
            _il.Emit(OpCodes.Stloc, g);
        }
        _il.Emit(OpCodes.Br, _bodyLabel);
    }

    private LocalArrays? _arrays;

    /// <summary>
    /// The per-function arrays indexed by local (exactly as long as the function has locals: their length is the
    /// count) and by global. Per thread, those of a finished compilation are kept by local count for the next
    /// function with as many locals (functions of a module share a few counts), cleared; taken out while in use.
    /// </summary>
    private sealed class LocalArrays
    {
        public readonly ValType[] Types;
        public readonly LocalBuilder?[] Locals;
        public readonly int[] Ver, CheckedEpoch;
        public readonly (long Max, int Ver, int Epoch)[] Max;
        public readonly long[] CheckedEnd;
        public LocalBuilder?[] Globals;

        private LocalArrays(int n, int globals)
        {
            Types = new ValType[n];
            Locals = new LocalBuilder?[n];
            Ver = new int[n];
            CheckedEpoch = new int[n];
            Max = new (long, int, int)[n];
            CheckedEnd = new long[n];
            Globals = new LocalBuilder?[globals];
        }

        // Functions with fewer locals than this share arrays per thread.
        private const int Pooled = 512;
        [ThreadStatic] private static LocalArrays?[]? t_pool;

        /// <summary>Zeroed arrays for <paramref name="n"/> locals (<see cref="Types"/> is the caller's to fill) and <paramref name="globals"/> globals.</summary>
        public static LocalArrays Rent(int n, int globals)
        {
            if (n >= Pooled || t_pool?[n] is not { } la) return new LocalArrays(n, globals);
            t_pool[n] = null;
            Array.Clear(la.Ver);
            Array.Clear(la.CheckedEpoch);
            Array.Clear(la.Max);
            Array.Clear(la.CheckedEnd);
            if (la.Globals.Length != globals) la.Globals = new LocalBuilder?[globals];
            return la;
        }

        /// <summary>Keeps the arrays for the thread's next function with as many locals (dropping the locals they name).</summary>
        public void Return()
        {
            int n = Types.Length;
            if (n >= Pooled) return;
            Array.Clear(Locals);
            Array.Clear(Globals);
            (t_pool ??= new LocalArrays?[Pooled])[n] = this;
        }
    }

    /// <summary>
    /// After a successful compilation: hands the per-function arrays back to the thread's pool (see
    /// <see cref="LocalArrays"/>); the compiler is not used again.
    /// </summary>
    internal void ReturnArrays()
    {
        _arrays?.Return();
        _arrays = null;
    }

    /// <summary>Local types (the CLR locals are declared on first use, see LocalOf: unused ones cost nothing), memory locals.</summary>
    private FunctionBody SetUp(FunctionShape shape)
    {
        _helperMemory = shape.HelperMemory;
        _dupTee = shape.DupTee;
        var body = _m.Bodies[_funcIndex - _cm.ImportedFunctionCount];
        int n = _nParams + (int)body.LocalCount;
        var la = _arrays = LocalArrays.Rent(n, _cm.GlobalTypes.Length);
        _localTypes = la.Types;
        _locals = la.Locals;
        for (int i = 0; i < _nParams; i++) _localTypes[i] = _type.Params[i];
        int li = _nParams;
        foreach (var d in body.Locals)
        {
            Array.Fill(_localTypes, d.Type, li, (int)d.Count);
            li += (int)d.Count;
        }
        _localVer = la.Ver;
        _localMax = la.Max;
        _checkedEnd = la.CheckedEnd;
        _checkedEpoch = la.CheckedEpoch;
        _globals = la.Globals;
        if (shape.UsesMemory && _m.MemoryCount > 0)
        {
            _memBase = _il.DeclareLocal(typeof(byte*));
            _memLen = _il.DeclareLocal(typeof(ulong));
        }
        return body;
    }

    /// <summary>
    /// The local a used global is reached through, set by the init block: a reference to the global's value field
    /// (<c>ref long</c> bits, <c>ref object</c>), or the global itself for a v128. A class-typed local costs a type
    /// reference lookup in Reflection.Emit (about a microsecond) each time one is declared; these cost none.
    /// </summary>
    private LocalBuilder Global(uint index) => _globals[index] ??= _il.DeclareLocal(_cm.GlobalTypes[index].ValueType.Kind switch
    {
        ValKind.V128 => typeof(GlobalInstance),
        ValKind.Ref => RefRef,
        _ => RefBits,
    });

    private static readonly Type RefBits = typeof(long).MakeByRefType(), RefRef = typeof(object).MakeByRefType();

    private void Epilogue()
    {
        // Results r0..rn-1 are on the stack; extra results go to the by-ref parameters.
        var rs = _type.Results;
        if (rs.Length > 1)
        {
            var tmps = new LocalBuilder[rs.Length];
            for (int i = rs.Length - 1; i >= 1; i--)
            {
                tmps[i] = Temp(rs[i]);
                _il.Emit(OpCodes.Stloc, tmps[i]);
            }
            for (int i = 1; i < rs.Length; i++)
            {
                Ldarg(_nParams + ExtraArgs - 1 + i);
                _il.Emit(OpCodes.Ldloc, tmps[i]);
                _il.Emit(OpCodes.Stobj, ClrType(rs[i]));
                Free(tmps[i]);
            }
        }
        EmitReturn();
    }

    // ------------------------------------------------------------------ control

    private ValType[] LabelTypes(Ctl c) => c.Kind == Kind.Loop ? c.Params : c.Results;

    private LocalBuilder[] Slots(Ctl c)
    {
        if (c.Slots is not null) return c.Slots;
        var ts = LabelTypes(c);
        var s = new LocalBuilder[ts.Length];
        for (int i = 0; i < ts.Length; i++) s[i] = Temp(ts[i]); // back to the pool at the construct's end
        return c.Slots = s;
    }

    private void StoreSlots(Ctl c)
    {
        var s = Slots(c);
        for (int i = s.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, s[i]);
    }

    private void LoadSlots(Ctl c)
    {
        if (c.Slots is null) return;
        foreach (var lb in c.Slots) _il.Emit(OpCodes.Ldloc, lb);
    }

    /// <summary>Emits an unconditional branch to <paramref name="c"/> from the current stack (which is left as is in the type stack).</summary>
    private void BranchTo(Ctl c)
    {
        var ts = LabelTypes(c);
        int extra = _tc - ts.Length - c.Base;
        if (ts.Length > 0) StoreSlots(c);
        for (int i = 0; i < extra; i++) _il.Emit(OpCodes.Pop);
        if (c.Kind != Kind.Loop) c.Branched = true;
        _il.Emit(OpCodes.Br, c.Label);
    }

    private Ctl Target(uint depth) => _ctl[_ctl.Count - 1 - (int)depth];

    private void Translate(ref Instruction ins)
    {
        var op = ins.Opcode;
        _site = ins.Offset;
        switch (op)
        {
            case Opcode.Unreachable:
                EmitThrow(TrapKind.Unreachable);
                _unreachable = true;
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block:
            {
                var (p, rr) = _m.BlockSignature(ins.Block);
                var c = new Ctl { Kind = Kind.Block, Params = p, Results = rr, Base = _tc - p.Length, Label = _il.DefineLabel(), EntryEpoch = _epoch };
                _ctl.Add(c);
                TailOf(c, ins.Offset);
                EnterEpoch(_epoch); // checks made inside must be told apart from those before, in case of branches to the end
                return;
            }
            case Opcode.Loop:
            {
                var (p, rr) = _m.BlockSignature(ins.Block);
                var c = new Ctl { Kind = Kind.Loop, Params = p, Results = rr, Base = _tc - p.Length, Label = _il.DefineLabel(), EntryEpoch = _epoch };
                _ctl.Add(c);
                if (p.Length > 0) StoreSlots(c);
                bool scanned = ScanLoop(in ins);
                long counterMax = scanned && _counter >= 0 ? CounterBound(LocalBound(_counter)) : -1;
                if (scanned) CheckLoopEntryLoads();
                _il.MarkLabel(c.Label);
                LoadSlots(c);
                // Checks made before the loop hold in it for the locals it never sets (their values on the back
                // edges are the values at entry; memory only grows); the others lose theirs.
                if (scanned)
                {
                    EnterEpoch(c.EntryEpoch);
                    foreach (int l in _assigned) _checkedEpoch[l] = _localMax[l].Epoch = 0;
                    if (counterMax >= 0) _localMax[_counter] = (counterMax, _localVer[_counter], _epoch);
                }
                else
                {
                    ForgetChecks();
                }
                // The parameters come from the back edges too: neither a local's current value nor constants.
                for (int i = c.Base; i < _tc; i++)
                {
                    _srcLocal[i] = -1;
                    _max[i] = -1;
                }
                return;
            }
            case Opcode.If:
            {
                Pop();
                var (p, rr) = _m.BlockSignature(ins.Block);
                var c = new Ctl { Kind = Kind.If, Params = p, Results = rr, Base = _tc - p.Length, Label = _il.DefineLabel(), Else = _il.DefineLabel(), EntryEpoch = _epoch };
                _ctl.Add(c);
                _il.Emit(OpCodes.Brfalse, c.Else);
                EnterEpoch(c.EntryEpoch);
                return;
            }
            case Opcode.Else:
            {
                var c = _ctl[^1];
                if (!_unreachable) BranchTo(c);
                c.SawElse = true;
                EnterEpoch(c.EntryEpoch);
                _il.MarkLabel(c.Else);
                _tc = c.Base;
                PushAll(c.Params);
                _unreachable = false;
                return;
            }
            case Opcode.End:
            {
                var c = _ctl[^1];
                bool reachable = !_unreachable;
                // A merge point (branches to the end, or the two arms of an if) keeps the checks made before the
                // construct; the fallthrough end of a block is dominated by the code before it; the end of a loop
                // by the code before the loop and by its body's path to the end.
                if (c.Kind == Kind.If || c.Branched) EnterEpoch(c.EntryEpoch);
                else if (c.Kind == Kind.Loop && reachable) LeaveLoop(c.EntryEpoch);
                if (c.Kind == Kind.If && !c.SawElse)
                {
                    if (reachable) BranchTo(c);
                    _il.MarkLabel(c.Else);
                    _tc = c.Base;
                    PushAll(c.Params);
                    reachable = true;
                }
                _ctl.RemoveAt(_ctl.Count - 1);
                if (c.Kind != Kind.Loop && c.Branched)
                {
                    if (reachable && c.Results.Length > 0) StoreSlots(c);
                    _il.MarkLabel(c.Label);
                    LoadSlots(c);
                    reachable = true;
                }
                if (c.Slots is { } done) foreach (var l in done) Free(l);
                _tc = c.Base;
                PushAll(c.Results);
                _unreachable = !reachable;
                if (c.Kind == Kind.Func && reachable) Epilogue();
                if (c.Kind == Kind.Func) _unreachable = true;
                return;
            }
            case Opcode.Br:
                BranchTo(Target(ins.Index));
                _unreachable = true;
                return;
            case Opcode.BrIf:
            {
                Pop();
                var c = Target(ins.Index);
                var ts = LabelTypes(c);
                if (ts.Length == 0 && _tc == c.Base)
                {
                    if (c.Kind != Kind.Loop) c.Branched = true;
                    _il.Emit(OpCodes.Brtrue, c.Label);
                }
                else
                {
                    var skip = _il.DefineLabel();
                    _il.Emit(OpCodes.Brfalse, skip);
                    BranchTo(c);
                    _il.MarkLabel(skip);
                }
                return;
            }
            case Opcode.BrTable:
                Pop();
                EmitBrTable(ins.Labels!, ins.Index);
                _unreachable = true;
                return;
            case Opcode.Return:
                BranchTo(_ctl[0]);
                _unreachable = true;
                return;
            case Opcode.Call:
            {
                var ft = _cm.FuncTypes[ins.Index];
                var spilled = BeginSiteHandler(ft.Params.Length);
                EmitCall((int)ins.Index);
                EndSiteHandler(spilled, ft.Results.Length, false);
                return;
            }
            case Opcode.CallIndirect:
            {
                var ft = _m.TryGetFuncType((int)ins.Index) ?? FuncType.Empty;
                var spilled = BeginSiteHandler(ft.Params.Length + 1);
                EmitCallIndirect((int)ins.Index, (int)ins.Index2);
                EndSiteHandler(spilled, ft.Results.Length, true);
                return;
            }
            case Opcode.Drop:
                Pop();
                _il.Emit(OpCodes.Pop);
                return;
            case Opcode.Select:
            case Opcode.SelectTyped:
            {
                Pop();
                var t = Pop();
                Pop();
                Push(t);
                EmitSelect(t);
                return;
            }
            case Opcode.LocalGet:
            {
                int i = (int)ins.Index;
                LoadLocal(i);
                Push(_localTypes[i]);
                _srcLocal[_tc - 1] = i;
                _srcVer[_tc - 1] = _localVer[i];
                _max[_tc - 1] = LocalBound(i);
                return;
            }
            case Opcode.LocalSet:
            {
                int i = (int)ins.Index;
                Pop();
                StoreLocal(i);
                _localVer[i]++;
                _checkedEpoch[i] = 0;
                _localMax[i] = (_max[_tc], _localVer[i], _max[_tc] >= 0 ? _epoch : 0);
                return;
            }
            case Opcode.LocalTee:
            {
                int i = (int)ins.Index;
                // Store, then load again (not dup + store): RyuJIT spills every dup of a computed value into a new
                // temporary, and a function with many tees ends up with more locals than it tracks or inlines with.
                // (dup + store only where the extra local reference would cross RyuJIT's limits.)
                if (_dupTee)
                {
                    _il.Emit(OpCodes.Dup);
                    StoreLocal(i);
                }
                else
                {
                    StoreLocal(i);
                    LoadLocal(i);
                }
                _localVer[i]++;
                _checkedEpoch[i] = 0;
                _localMax[i] = (_max[_tc - 1], _localVer[i], _max[_tc - 1] >= 0 ? _epoch : 0);
                _srcLocal[_tc - 1] = i;
                _srcVer[_tc - 1] = _localVer[i];
                return;
            }
            case Opcode.GlobalGet:
                EmitGlobalGet(ins.Index);
                return;
            case Opcode.GlobalSet:
                EmitGlobalSet(ins.Index);
                return;
            case Opcode.I32Const:
                LdcI4(ins.I32);
                Push(ValType.I32);
                _constEnd = _il.ILOffset;
                _constValue = ins.I32;
                _max[_tc - 1] = (uint)ins.I32;
                return;
            case Opcode.I64Const:
                _il.Emit(OpCodes.Ldc_I8, ins.I64);
                Push(ValType.I64);
                return;
            case Opcode.F32Const:
            {
                int bits = (int)ins.Value;
                float f = BitConverter.Int32BitsToSingle(bits);
                if (float.IsNaN(f)) { LdcI4(bits); Call(MF32Bits); }
                else if (f == 0f || f == 1f || f == -1f)
                    Fld(OpCodes.Ldsfld, bits switch
                    {
                        0 => FF32Zero,
                        unchecked((int)0x80000000) => FF32NegZero,
                        _ => f > 0 ? FF32One : FF32NegOne,
                    });
                else _il.Emit(OpCodes.Ldc_R4, f);
                Push(ValType.F32);
                return;
            }
            case Opcode.F64Const:
            {
                long bits = (long)ins.Value;
                double d = BitConverter.Int64BitsToDouble(bits);
                if (double.IsNaN(d)) { _il.Emit(OpCodes.Ldc_I8, bits); Call(MF64Bits); }
                else if (d == 0d || d == 1d || d == -1d)
                    Fld(OpCodes.Ldsfld, bits switch
                    {
                        0 => FF64Zero,
                        long.MinValue => FF64NegZero,
                        _ => d > 0 ? FF64One : FF64NegOne,
                    });
                else _il.Emit(OpCodes.Ldc_R8, d);
                Push(ValType.F64);
                return;
            }
            case Opcode.V128Const:
                V128Constant(ins.V128.Lo, ins.V128.Hi);
                Push(ValType.V128);
                return;
            case Opcode.I8x16Shuffle:
                Pop(2);
                EmitShuffle(ins.V128.Lo, ins.V128.Hi);
                Push(ValType.V128);
                return;
            case Opcode.RefNull:
                _il.Emit(OpCodes.Ldnull);
                Push(ins.Type);
                return;
            case Opcode.RefIsNull:
                Pop();
                Call(H.RefIsNull);
                Push(ValType.I32);
                return;
            case Opcode.RefFunc:
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.RefFunc);
                Push(ValType.FuncRef);
                return;
            case Opcode.MemorySize:
                Ldarg(_ciArg);
                Call(H.MemorySize);
                Push(ValType.I32);
                return;
            case Opcode.MemoryGrow:
                Ldarg(_ciArg);
                Call(H.MemoryGrow);
                ReloadMemory();
                return;
            case Opcode.MemoryInit:
                EmitSite();
                Pop(3);
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.MemoryInit);
                return;
            case Opcode.DataDrop:
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.DataDrop);
                return;
            case Opcode.MemoryCopy:
            case Opcode.MemoryFill:
                EmitSite();
                Pop(3);
                Ldarg(_ciArg);
                Call(op == Opcode.MemoryCopy ? H.MemoryCopy : H.MemoryFill);
                return;
            case Opcode.TableGet:
                EmitSite();
                Pop();
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.TableGet);
                Push(_cm.TableTypes[ins.Index].ElementType);
                return;
            case Opcode.TableSet:
                EmitSite();
                Pop(2);
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.TableSet);
                return;
            case Opcode.TableSize:
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.TableSize);
                Push(ValType.I32);
                return;
            case Opcode.TableGrow:
                Pop(2);
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.TableGrow);
                Push(ValType.I32);
                return;
            case Opcode.TableFill:
                EmitSite();
                Pop(3);
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.TableFill);
                return;
            case Opcode.TableCopy:
            case Opcode.TableInit:
                EmitSite();
                Pop(3);
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                LdcI4((int)ins.Index2);
                Call(op == Opcode.TableCopy ? H.TableCopy : H.TableInit);
                return;
            case Opcode.ElemDrop:
                Ldarg(_ciArg);
                LdcI4((int)ins.Index);
                Call(H.ElemDrop);
                return;
        }

        var info = OpcodeInfo.Get(op);
        if (!info.IsPlain) throw new NotSupportedException($"compiler: unsupported instruction {info.Name}");
        if (!_helperMemory && (op is >= Opcode.I32Load and <= Opcode.I64Store32 or Opcode.V128Load or Opcode.V128Store || IsV128Memory(op)))
        {
            EmitMemoryAccess(op, info, ins.Value, (int)ins.Index2);
            return;
        }
        long resultMax = info.Results!.Length == 1 && info.Results[0] == ValType.I32 ? ResultMax(op) : -1;
        Pop(info.Params!.Length);
        if (!EmitInline(op) && !EmitVector(op, ref ins))
        {
            switch (info.Immediate)
            {
                case Imm.MemArg:
                    _il.Emit(OpCodes.Ldloc, _memBase!);
                    _il.Emit(OpCodes.Ldloc, _memLen!);
                    _il.Emit(OpCodes.Ldc_I8, (long)ins.Value);
                    break;
                case Imm.MemArgLane:
                    _il.Emit(OpCodes.Ldloc, _memBase!);
                    _il.Emit(OpCodes.Ldloc, _memLen!);
                    _il.Emit(OpCodes.Ldc_I8, (long)ins.Value);
                    LdcI4((int)ins.Index2);
                    break;
                case Imm.Lane:
                    LdcI4((int)ins.Index);
                    break;
            }
            if (HelperTraps(op) || info.Immediate is Imm.MemArg or Imm.MemArgLane) EmitSite();
            Call(OpMethods.Get(op) ?? throw new NotSupportedException($"compiler: no helper for {info.Name}"));
        }
        PushAll(info.Results!);
        if (resultMax >= 0) _max[_tc - 1] = resultMax;
    }

    /// <summary>
    /// An upper bound of the (unsigned) i32 result of a numeric instruction from its operands' bounds (see
    /// <see cref="_max"/>), or -1: what a masked, shifted, divided or small sum of small values can be.
    /// </summary>
    private long ResultMax(Opcode op)
    {
        const long All = uint.MaxValue;
        long a = _tc >= 2 ? _max[_tc - 2] : -1, b = _max[_tc - 1];
        // A shift count is exact only when it is the constant just emitted (the bounds are upper bounds).
        int? k = _constEnd == _il.ILOffset ? _constValue & 31 : null;
        long r = op switch
        {
            Opcode.I32And => a < 0 ? b : b < 0 ? a : Math.Min(a, b),
            Opcode.I32Or or Opcode.I32Xor when a >= 0 && b >= 0 => (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(a, b) + 1) - 1,
            Opcode.I32Add when a >= 0 && b >= 0 => a + b,
            Opcode.I32Mul when a >= 0 && b >= 0 && (a == 0 || b <= All / a) => a * b,
            Opcode.I32ShrU when k is { } n => (a < 0 ? All : a) >> n,
            Opcode.I32Shl when k is { } n && a >= 0 => a << n,
            Opcode.I32RemU when b > 0 => a < 0 ? b - 1 : Math.Min(a, b - 1),
            Opcode.I32DivU => a,
            Opcode.I32Clz or Opcode.I32Ctz or Opcode.I32Popcnt => 32,
            >= Opcode.I32Eqz and <= Opcode.F64Ge => 1, // tests and comparisons
            _ => -1,
        };
        return r > All ? -1 : r;
    }

    /// <summary>Whether <see cref="EmitInline"/> handles an instruction.</summary>
    public static bool IsInline(Opcode op) => InlineProbe.EmitInline(op);

    private static readonly FunctionCompiler InlineProbe = new(new DynamicMethod("probe", typeof(void), Type.EmptyTypes).GetILGenerator());

    private FunctionCompiler(ILGenerator il)
    {
        _cm = null!;
        _m = null!;
        _il = il;
        _type = FuncType.Empty;
    }

    /// <summary>Emits the common numeric instructions directly as CIL; false when a helper does it.</summary>
    private bool EmitInline(Opcode op)
    {
        switch (op)
        {
            case Opcode.I32Add: case Opcode.I64Add: case Opcode.F32Add: case Opcode.F64Add: _il.Emit(OpCodes.Add); return true;
            case Opcode.I32Sub: case Opcode.I64Sub: case Opcode.F32Sub: case Opcode.F64Sub: _il.Emit(OpCodes.Sub); return true;
            case Opcode.I32Mul: case Opcode.I64Mul: case Opcode.F32Mul: case Opcode.F64Mul: _il.Emit(OpCodes.Mul); return true;
            case Opcode.F32Div: case Opcode.F64Div: _il.Emit(OpCodes.Div); return true;
            case Opcode.I32And: case Opcode.I64And: _il.Emit(OpCodes.And); return true;
            case Opcode.I32Or: case Opcode.I64Or: _il.Emit(OpCodes.Or); return true;
            case Opcode.I32Xor: case Opcode.I64Xor: _il.Emit(OpCodes.Xor); return true;
            case Opcode.I32Shl: LdcI4(31); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shl); return true;
            case Opcode.I32ShrS: LdcI4(31); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shr); return true;
            case Opcode.I32ShrU: LdcI4(31); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shr_Un); return true;
            case Opcode.I64Shl: _il.Emit(OpCodes.Conv_I4); LdcI4(63); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shl); return true;
            case Opcode.I64ShrS: _il.Emit(OpCodes.Conv_I4); LdcI4(63); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shr); return true;
            case Opcode.I64ShrU: _il.Emit(OpCodes.Conv_I4); LdcI4(63); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shr_Un); return true;
            case Opcode.I32Eqz: LdcI4(0); _il.Emit(OpCodes.Ceq); return true;
            case Opcode.I64Eqz: LdcI4(0); _il.Emit(OpCodes.Conv_I8); _il.Emit(OpCodes.Ceq); return true;
            case Opcode.I32Eq: case Opcode.I64Eq: case Opcode.F32Eq: case Opcode.F64Eq: _il.Emit(OpCodes.Ceq); return true;
            case Opcode.I32Ne: case Opcode.I64Ne: case Opcode.F32Ne: case Opcode.F64Ne: _il.Emit(OpCodes.Ceq); Not(); return true;
            case Opcode.I32LtS: case Opcode.I64LtS: case Opcode.F32Lt: case Opcode.F64Lt: _il.Emit(OpCodes.Clt); return true;
            case Opcode.I32GtS: case Opcode.I64GtS: case Opcode.F32Gt: case Opcode.F64Gt: _il.Emit(OpCodes.Cgt); return true;
            case Opcode.I32LtU: case Opcode.I64LtU: _il.Emit(OpCodes.Clt_Un); return true;
            case Opcode.I32GtU: case Opcode.I64GtU: _il.Emit(OpCodes.Cgt_Un); return true;
            case Opcode.I32LeS: case Opcode.I64LeS: _il.Emit(OpCodes.Cgt); Not(); return true;
            case Opcode.I32GeS: case Opcode.I64GeS: _il.Emit(OpCodes.Clt); Not(); return true;
            case Opcode.I32LeU: case Opcode.I64LeU: case Opcode.F32Le: case Opcode.F64Le: _il.Emit(OpCodes.Cgt_Un); Not(); return true;
            case Opcode.I32GeU: case Opcode.I64GeU: case Opcode.F32Ge: case Opcode.F64Ge: _il.Emit(OpCodes.Clt_Un); Not(); return true;
            case Opcode.I32WrapI64: _il.Emit(OpCodes.Conv_I4); return true;
            case Opcode.I64ExtendI32S: _il.Emit(OpCodes.Conv_I8); return true;
            case Opcode.I64ExtendI32U: _il.Emit(OpCodes.Conv_U8); return true;
            case Opcode.F64ConvertI32S: case Opcode.F64ConvertI64S: case Opcode.F64PromoteF32: _il.Emit(OpCodes.Conv_R8); return true;
            case Opcode.F32ConvertI32S: case Opcode.F32ConvertI64S: _il.Emit(OpCodes.Conv_R4); return true;
            case Opcode.F32ConvertI32U: _il.Emit(OpCodes.Conv_U8); _il.Emit(OpCodes.Conv_R4); return true;
            case Opcode.F64ConvertI32U: _il.Emit(OpCodes.Conv_U8); _il.Emit(OpCodes.Conv_R8); return true;
            case Opcode.I32Extend8S: _il.Emit(OpCodes.Conv_I1); return true;
            case Opcode.I32Extend16S: _il.Emit(OpCodes.Conv_I2); return true;
            case Opcode.I64Extend8S: _il.Emit(OpCodes.Conv_I1); _il.Emit(OpCodes.Conv_I8); return true;
            case Opcode.I64Extend16S: _il.Emit(OpCodes.Conv_I2); _il.Emit(OpCodes.Conv_I8); return true;
            case Opcode.I64Extend32S: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I8); return true;
            case Opcode.I32ReinterpretF32: Call(MF32ToI32); return true;
            case Opcode.I64ReinterpretF64: Call(MF64ToI64); return true;
            case Opcode.F32ReinterpretI32: Call(MI32ToF32); return true;
            case Opcode.F64ReinterpretI64: Call(MI64ToF64); return true;
            case Opcode.I32DivU: case Opcode.I32RemU: case Opcode.I64DivU: case Opcode.I64RemU:
                EmitDivU(op is Opcode.I32DivU or Opcode.I64DivU ? OpCodes.Div_Un : OpCodes.Rem_Un);
                return true;
            case Opcode.I32DivS: case Opcode.I32RemS: case Opcode.I64DivS: case Opcode.I64RemS:
                EmitDivS(op is Opcode.I32DivS or Opcode.I32RemS ? ValType.I32 : ValType.I64, op is Opcode.I32DivS or Opcode.I64DivS);
                return true;
            default:
                if ((ushort)op < BitOps.Length && BitOps[(ushort)op] is { } bm)
                {
                    // i64 rotate counts are i64 (masked by the rotate); i64 bit counts return int.
                    if (op is Opcode.I64Rotl or Opcode.I64Rotr) _il.Emit(OpCodes.Conv_I4);
                    Call(bm);
                    if (op is Opcode.I64Clz or Opcode.I64Ctz or Opcode.I64Popcnt) _il.Emit(OpCodes.Conv_I8);
                    return true;
                }
                return false;
        }
    }

    /// <summary>Rotates and bit counts: BitOperations intrinsics by instruction.</summary>
    private static readonly MethodInfo?[] BitOps = BuildBitOps();

    private static MethodInfo?[] BuildBitOps()
    {
        var t = new MethodInfo?[OpcodeInfo.TableSize];
        void Op(Opcode op, string name, Type arg, Type? second = null) =>
            t[(ushort)op] = typeof(System.Numerics.BitOperations).GetMethod(name, second is null ? [arg] : [arg, second])!;
        Op(Opcode.I32Rotl, nameof(System.Numerics.BitOperations.RotateLeft), typeof(uint), typeof(int));
        Op(Opcode.I32Rotr, nameof(System.Numerics.BitOperations.RotateRight), typeof(uint), typeof(int));
        Op(Opcode.I64Rotl, nameof(System.Numerics.BitOperations.RotateLeft), typeof(ulong), typeof(int));
        Op(Opcode.I64Rotr, nameof(System.Numerics.BitOperations.RotateRight), typeof(ulong), typeof(int));
        Op(Opcode.I32Clz, nameof(System.Numerics.BitOperations.LeadingZeroCount), typeof(uint));
        Op(Opcode.I32Ctz, nameof(System.Numerics.BitOperations.TrailingZeroCount), typeof(int));
        Op(Opcode.I32Popcnt, nameof(System.Numerics.BitOperations.PopCount), typeof(uint));
        Op(Opcode.I64Clz, nameof(System.Numerics.BitOperations.LeadingZeroCount), typeof(ulong));
        Op(Opcode.I64Ctz, nameof(System.Numerics.BitOperations.TrailingZeroCount), typeof(long));
        Op(Opcode.I64Popcnt, nameof(System.Numerics.BitOperations.PopCount), typeof(ulong));
        return t;
    }

    /// <summary>Before a call or a helper that may trap: the fault handler's site is this instruction.</summary>
    private void EmitSite()
    {
        if (_siteLocal is null) return;
        LdcI4(_site);
        _il.Emit(OpCodes.Stloc, _siteLocal);
    }

    /// <summary>Throws a trap at this instruction: through the fault handler, or recording the frame here when there is none.</summary>
    private void EmitThrow(TrapKind kind)
    {
        LdcI4((int)kind);
        if (_siteLocal is not null)
        {
            LdcI4(_site);
            _il.Emit(OpCodes.Stloc, _siteLocal);
            Call(MTrap);
        }
        else
        {
            LdcI4(_funcIndex);
            LdcI4(_site);
            Call(MTrapAt);
        }
        _il.Emit(OpCodes.Throw);
    }

    /// <summary>Whether the instruction's helper can trap (its site must be known).</summary>
    private static bool HelperTraps(Opcode op) => op is Opcode.MemoryInit or Opcode.MemoryCopy or Opcode.MemoryFill
        or Opcode.TableGet or Opcode.TableSet or Opcode.TableFill or Opcode.TableCopy or Opcode.TableInit
        or >= Opcode.I32TruncF32S and <= Opcode.I32TruncF64U or >= Opcode.I64TruncF32S and <= Opcode.I64TruncF64U;

    private enum Handler : byte { None, PerSite, Body }

    /// <summary>Largest body (bytes of WebAssembly code) whose calls may each get a handler of their own.</summary>
    private const int PerSiteMaxBytes = 256;

    /// <summary>Most calls in a function whose calls each get a handler of their own.</summary>
    private const int PerSiteMaxCalls = 8;

    /// <summary>
    /// Which fault handlers the function gets. A leaf whose traps are all inline records its frame where it traps, and
    /// stays free of exception handling (cheaper to inline). A small function whose only other traps are in its calls
    /// gets a handler around each call: its returns stay outside protected code (RyuJIT then keeps its early returns
    /// and inlines it as before), and each handler knows its site. Anything else gets one handler around its body,
    /// which reads the site from a local set before each call or helper that may trap.
    /// </summary>
    private Handler HandlerOf(FunctionShape shape)
    {
        var a = _cm.Analysis;
        if (_plan is not null || shape.HelperMemory || a.TrapsInHelper[_funcIndex]) return Handler.Body;
        int calls = a.Calls[_funcIndex];
        if (calls == 0) return Handler.None;
        return a.CodeSize[_funcIndex] <= PerSiteMaxBytes && calls <= PerSiteMaxCalls ? Handler.PerSite : Handler.Body;
    }

    /// <summary>
    /// Whether the instruction runs a helper that may trap, so its site must be stored first: bulk memory and table
    /// operations, float-to-int truncations, and memory accesses not emitted inline.
    /// </summary>
    internal static bool TrapsInHelper(Opcode op)
    {
        if (HelperTraps(op)) return true;
        var info = OpcodeInfo.Get(op);
        return info.IsPlain && (info.Immediate is Imm.MemArg or Imm.MemArgLane) && !IsInlineMemory(op);
    }

    private bool _perSite;

    /// <summary>
    /// With a handler per call: moves the operand stack to locals (a protected region is entered with an empty
    /// stack), opens the region and pushes the call's operands back; returns the locals (null when not per call).
    /// </summary>
    private LocalBuilder[]? BeginSiteHandler(int operands)
    {
        if (!_perSite || _unreachable) return null;
        var spilled = new LocalBuilder[_tc];
        for (int i = _tc - 1; i >= 0; i--)
        {
            spilled[i] = Temp(_types[i]);
            _il.Emit(OpCodes.Stloc, spilled[i]);
        }
        _faultEnd = _il.BeginExceptionBlock();
        for (int i = _tc - operands; i < _tc; i++) _il.Emit(OpCodes.Ldloc, spilled[i]);
        return spilled;
    }

    /// <summary>Closes a call's region: its results to locals, the handler, then the operand stack and results back.</summary>
    private void EndSiteHandler(LocalBuilder[]? spilled, int results, bool indirect)
    {
        if (spilled is null) return;
        var outs = new LocalBuilder[results];
        for (int i = results - 1; i >= 0; i--)
        {
            outs[i] = Temp(_types[_tc - results + i]);
            _il.Emit(OpCodes.Stloc, outs[i]);
        }
        _il.BeginFaultBlock();
        LdcI4(_funcIndex);
        LdcI4(_site);
        LoadTarget(indirect);
        Call(MUnwound);
        _il.EndExceptionBlock();
        // The operands below the call's (its own were consumed), then its results.
        int below = _tc - results;
        for (int i = 0; i < spilled.Length; i++)
        {
            if (i < below) _il.Emit(OpCodes.Ldloc, spilled[i]);
            Free(spilled[i]);
        }
        foreach (var o in outs)
        {
            _il.Emit(OpCodes.Ldloc, o);
            Free(o);
        }
    }

    /// <summary>Opens the protected body (after the prologue: a callee that finds the stack exhausted is no frame).</summary>
    private void BeginHandler(Type? result)
    {
        _siteLocal = _il.DeclareLocal(typeof(int));
        if (result is not null) _retLocal = _il.DeclareLocal(result);
        _faultEnd = _il.BeginExceptionBlock();
    }

    /// <summary>Leaves the protected body with the result (if any) on the stack, in place of <c>ret</c>.</summary>
    private void EmitReturn()
    {
        if (_siteLocal is null)
        {
            _il.Emit(OpCodes.Ret);
            return;
        }
        if (_retLocal is not null) _il.Emit(OpCodes.Stloc, _retLocal);
        _il.Emit(OpCodes.Leave, _faultEnd);
    }

    /// <summary>In a handler: the function the last call_indirect called (its instance is that of the frames it called), or null.</summary>
    private void LoadTarget(bool indirect = true)
    {
        if (indirect && _calleeLocal is not null) _il.Emit(OpCodes.Ldloc, _calleeLocal);
        else _il.Emit(OpCodes.Ldnull);
    }

    private LocalBuilder? _calleeLocal;

    /// <summary>
    /// Before a call_indirect's direct call, with a handler: its callee, for the handler (a local of its own, stored
    /// once; the handler reading the call's own local would keep that one in memory, reloaded at each use).
    /// </summary>
    private void NoteCallee(LocalBuilder callee)
    {
        if (_siteLocal is null && !_perSite) return;
        _calleeLocal ??= _il.DeclareLocal(typeof(object)); // a FunctionInstance (a class-typed local costs a type reference lookup)
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Stloc, _calleeLocal);
    }

    /// <summary>Closes the protected body: the fault handler, then the return.</summary>
    private void EndHandler()
    {
        if (_siteLocal is null) return;
        _il.BeginFaultBlock();
        if (_region is null)
        {
            LdcI4(_funcIndex);
            _il.Emit(OpCodes.Ldloc, _siteLocal);
            LoadTarget();
            Call(MUnwound);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, _siteLocal);
            LoadTarget();
            Call(MRegionUnwound);
        }
        _il.EndExceptionBlock();
        if (_retLocal is not null) _il.Emit(OpCodes.Ldloc, _retLocal);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Unsigned division or remainder: traps on a zero divisor (left on the stack, then divided).</summary>
    private void EmitDivU(OpCode div)
    {
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Brtrue, ok);
        EmitThrow(TrapKind.IntegerDivideByZero);
        _il.MarkLabel(ok);
        _il.Emit(div);
    }

    /// <summary>Signed division (traps on overflow) or remainder (0 for a divisor of -1).</summary>
    private void EmitDivS(ValType t, bool isDiv)
    {
        var b = Temp(t);
        var a = Temp(t);
        _il.Emit(OpCodes.Stloc, b);
        _il.Emit(OpCodes.Stloc, a);
        Label nonZero = _il.DefineLabel(), normal = _il.DefineLabel(), done = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, b);
        _il.Emit(OpCodes.Brtrue, nonZero);
        EmitThrow(TrapKind.IntegerDivideByZero);
        _il.MarkLabel(nonZero);
        _il.Emit(OpCodes.Ldloc, b);
        LdcI4(-1);
        if (t == ValType.I64) _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Bne_Un, normal);
        if (isDiv)
        {
            _il.Emit(OpCodes.Ldloc, a);
            if (t == ValType.I64) _il.Emit(OpCodes.Ldc_I8, long.MinValue); else LdcI4(int.MinValue);
            _il.Emit(OpCodes.Bne_Un, normal);
            EmitThrow(TrapKind.IntegerOverflow);
        }
        else
        {
            // x rem -1 = 0 (the hardware division would fault on MIN rem -1).
            LdcI4(0);
            if (t == ValType.I64) _il.Emit(OpCodes.Conv_I8);
            _il.Emit(OpCodes.Br, done);
        }
        _il.MarkLabel(normal);
        _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Ldloc, b);
        _il.Emit(isDiv ? OpCodes.Div : OpCodes.Rem);
        _il.MarkLabel(done);
        Free(a);
        Free(b);
    }

    private void Not()
    {
        LdcI4(0);
        _il.Emit(OpCodes.Ceq);
    }

    // ------------------------------------------------------------------ SIMD and bit operations as JIT intrinsics

    private enum VKind : byte { None, Direct, Shift, Splat, Extract, Replace }

    /// <summary>
    /// How an instruction maps onto System.Runtime.Intrinsics calls the JIT expands directly (no inlining needed:
    /// RyuJIT stops inlining in methods with many locals, and a helper call then passes vectors through memory).
    /// Direct: optionally push the constant (ConstLo, ConstHi), call Method (with the immediate Imm
    /// pushed before it when not negative), then Then, then a boolean not when BoolNot.
    /// Operands stay typed <c>Vector128&lt;byte&gt;</c> on the CIL stack: RyuJIT takes any 16-byte vector for a
    /// vector parameter of an intrinsic, so no reinterpreting temporaries are needed (they made the importer spill).
    /// </summary>
    private readonly record struct VOp(VKind Kind, Type Lane, MethodInfo? Method, int Mask,
        MethodInfo? Then = null, bool HasConst = false, ulong ConstLo = 0, ulong ConstHi = 0, int Imm = -1, bool BoolNot = false);

    /// <summary>The generic methods of <see cref="Vector128"/> by name and parameter count (the first of each), listed once.</summary>
    private static readonly Dictionary<(string Name, int Params), MethodInfo> VectorGenerics = BuildVectorGenerics();

    private static Dictionary<(string, int), MethodInfo> BuildVectorGenerics()
    {
        var d = new Dictionary<(string, int), MethodInfo>();
        foreach (var m in typeof(Vector128).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (m.IsGenericMethodDefinition) d.TryAdd((m.Name, m.GetParameters().Length), m);
        }
        return d;
    }

    private static MethodInfo VectorGeneric(string name, Type lane, int n) => VectorGenerics[(name, n)].MakeGenericMethod(lane);

    private static readonly VOp[] VOps = BuildVOps();

    // IL offset just after the last i32.const (and its value): a SIMD shift right after it has a constant count.
    private int _constEnd = -1, _constValue;

    private static MethodInfo As(Type from, Type to) =>
        typeof(Vector128).GetMethod(nameof(Vector128.As))!.MakeGenericMethod(from, to);

    private static readonly Dictionary<Type, (MethodInfo ToLane, MethodInfo ToByte)> LaneCasts = BuildLaneCasts();

    private static Dictionary<Type, (MethodInfo, MethodInfo)> BuildLaneCasts()
    {
        var d = new Dictionary<Type, (MethodInfo, MethodInfo)>();
        foreach (var t in new[] { typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double) })
            d[t] = (As(typeof(byte), t), As(t, typeof(byte)));
        return d;
    }

    private static Type Vec(Type lane) => typeof(Vector128<>).MakeGenericType(lane);

    private static Opcode Next(Opcode op, int k) => (Opcode)((int)op + k);

    private static VOp[] BuildVOps()
    {
        var t = new VOp[OpcodeInfo.TableSize];
        void Op(Opcode op, VKind k, Type lane, MethodInfo? m, int mask = 0) => t[(ushort)op] = new VOp(k, lane, m, mask);
        void D(Opcode op, MethodInfo? m, MethodInfo? then = null)
        {
            if (m is not null) t[(ushort)op] = new VOp(VKind.Direct, typeof(byte), m, 0, then);
        }
        void DC(Opcode op, MethodInfo? m, ulong lo, ulong hi, MethodInfo? then = null, bool boolNot = false)
        {
            if (m is not null) t[(ushort)op] = new VOp(VKind.Direct, typeof(byte), m, 0, then, true, lo, hi, -1, boolNot);
        }
        MethodInfo Operator(Type lane, string name) => Vec(lane).GetMethod(name, [Vec(lane), Vec(lane)])!;
        MethodInfo Unary(Type lane, string name) => Vec(lane).GetMethod(name, [Vec(lane)])!;
        MethodInfo Static(string name, params Type[] ps) => typeof(Vector128).GetMethod(name, ps)!;
        MethodInfo Generic(string name, Type lane, int n = 2) =>
            VectorGeneric(name, lane, n);
        // An x86 intrinsic, when this machine has the instruction set (else the instruction keeps its helper).
        MethodInfo? X86(bool supported, Type isa, string name, params Type[] ps) => supported ? isa.GetMethod(name, ps) : null;
        Type vb = Vec(typeof(byte)), vsb = Vec(typeof(sbyte)), vs = Vec(typeof(short)), vus = Vec(typeof(ushort)), vi = Vec(typeof(int));
        Type vf = Vec(typeof(float)), vd = Vec(typeof(double));
        var not = Unary(typeof(byte), "op_OnesComplement");

        (Opcode Add, Opcode Sub, Opcode Neg, Type Lane)[] arith =
        [
            (Opcode.I8x16Add, Opcode.I8x16Sub, Opcode.I8x16Neg, typeof(sbyte)), (Opcode.I16x8Add, Opcode.I16x8Sub, Opcode.I16x8Neg, typeof(short)),
            (Opcode.I32x4Add, Opcode.I32x4Sub, Opcode.I32x4Neg, typeof(int)), (Opcode.I64x2Add, Opcode.I64x2Sub, Opcode.I64x2Neg, typeof(long)),
        ];
        foreach (var (add, sub, neg, lane) in arith)
        {
            D(add, Operator(lane, "op_Addition"));
            D(sub, Operator(lane, "op_Subtraction"));
            D(neg, Unary(lane, "op_UnaryNegation"));
        }
        D(Opcode.I16x8Mul, Operator(typeof(short), "op_Multiply"));
        D(Opcode.I32x4Mul, Operator(typeof(int), "op_Multiply"));
        D(Opcode.I64x2Mul, Operator(typeof(long), "op_Multiply"));
        D(Opcode.V128And, Operator(typeof(byte), "op_BitwiseAnd"));
        D(Opcode.V128Or, Operator(typeof(byte), "op_BitwiseOr"));
        D(Opcode.V128Xor, Operator(typeof(byte), "op_ExclusiveOr"));
        D(Opcode.V128Not, not);
        D(Opcode.V128Andnot, Generic(nameof(Vector128.AndNot), typeof(byte)));
        DC(Opcode.V128AnyTrue, Vec(typeof(byte)).GetMethod("op_Inequality", [vb, vb]), 0, 0);
        if (Avx512F.VL.IsSupported)
        {
            // bitselect(a, b, c) = c ? a : b, bit by bit: the ternary-logic truth table 0xE4 over (a, b, c).
            var m = typeof(Avx512F.VL).GetMethod(nameof(Avx512F.VL.TernaryLogic), [vb, vb, vb, typeof(byte)])!;
            t[(ushort)Opcode.V128Bitselect] = new VOp(VKind.Direct, typeof(byte), m, 0, Imm: 0xE4);
        }

        // Comparisons: one intrinsic (ne: its complement), by lane type.
        (Opcode First, Type Signed, Type Unsigned)[] cmps =
        [
            (Opcode.I8x16Eq, typeof(sbyte), typeof(byte)), (Opcode.I16x8Eq, typeof(short), typeof(ushort)), (Opcode.I32x4Eq, typeof(int), typeof(uint)),
        ];
        foreach (var (first, sl, ul) in cmps)
        {
            // eq, ne, lt_s, lt_u, gt_s, gt_u, le_s, le_u, ge_s, ge_u
            D(first, Generic(nameof(Vector128.Equals), sl));
            D(first + 1, Generic(nameof(Vector128.Equals), sl), not);
            string[] rel = [nameof(Vector128.LessThan), nameof(Vector128.GreaterThan), nameof(Vector128.LessThanOrEqual), nameof(Vector128.GreaterThanOrEqual)];
            for (int i = 0; i < rel.Length; i++)
            {
                D(Next(first, 2 + 2 * i), Generic(rel[i], sl));
                D(Next(first, 3 + 2 * i), Generic(rel[i], ul));
            }
        }
        foreach (var (first, lane) in new[] { (Opcode.F32x4Eq, typeof(float)), (Opcode.F64x2Eq, typeof(double)) })
        {
            // eq, ne, lt, gt, le, ge (ordered compares: false for NaN; ne is the complement of eq, true for NaN)
            D(first, Generic(nameof(Vector128.Equals), lane));
            D(first + 1, Generic(nameof(Vector128.Equals), lane), not);
            D(first + 2, Generic(nameof(Vector128.LessThan), lane));
            D(first + 3, Generic(nameof(Vector128.GreaterThan), lane));
            D(first + 4, Generic(nameof(Vector128.LessThanOrEqual), lane));
            D(first + 5, Generic(nameof(Vector128.GreaterThanOrEqual), lane));
        }
        D(Opcode.I64x2Eq, Generic(nameof(Vector128.Equals), typeof(long)));
        D(Opcode.I64x2Ne, Generic(nameof(Vector128.Equals), typeof(long)), not);
        D(Opcode.I64x2LtS, Generic(nameof(Vector128.LessThan), typeof(long)));
        D(Opcode.I64x2GtS, Generic(nameof(Vector128.GreaterThan), typeof(long)));
        D(Opcode.I64x2LeS, Generic(nameof(Vector128.LessThanOrEqual), typeof(long)));
        D(Opcode.I64x2GeS, Generic(nameof(Vector128.GreaterThanOrEqual), typeof(long)));

        // Integer min/max (exact for every lane type), bitmask, all_true, abs.
        (Opcode MinS, Opcode MinU, Opcode MaxS, Opcode MaxU, Type S, Type U)[] minmax =
        [
            (Opcode.I8x16MinS, Opcode.I8x16MinU, Opcode.I8x16MaxS, Opcode.I8x16MaxU, typeof(sbyte), typeof(byte)),
            (Opcode.I16x8MinS, Opcode.I16x8MinU, Opcode.I16x8MaxS, Opcode.I16x8MaxU, typeof(short), typeof(ushort)),
            (Opcode.I32x4MinS, Opcode.I32x4MinU, Opcode.I32x4MaxS, Opcode.I32x4MaxU, typeof(int), typeof(uint)),
        ];
        foreach (var (minS, minU, maxS, maxU, sl, ul) in minmax)
        {
            D(minS, Generic(nameof(Vector128.Min), sl));
            D(minU, Generic(nameof(Vector128.Min), ul));
            D(maxS, Generic(nameof(Vector128.Max), sl));
            D(maxU, Generic(nameof(Vector128.Max), ul));
        }
        (Opcode Bitmask, Opcode AllTrue, Type Lane)[] masks =
        [
            (Opcode.I8x16Bitmask, Opcode.I8x16AllTrue, typeof(sbyte)), (Opcode.I16x8Bitmask, Opcode.I16x8AllTrue, typeof(short)),
            (Opcode.I32x4Bitmask, Opcode.I32x4AllTrue, typeof(int)), (Opcode.I64x2Bitmask, Opcode.I64x2AllTrue, typeof(long)),
        ];
        foreach (var (bitmask, allTrue, lane) in masks)
        {
            D(bitmask, Generic(nameof(Vector128.ExtractMostSignificantBits), lane, 1));
            DC(allTrue, Generic(nameof(Vector128.EqualsAny), lane), 0, 0, boolNot: true);
        }
        D(Opcode.I8x16Abs, X86(Ssse3.IsSupported, typeof(Ssse3), nameof(Ssse3.Abs), vsb));
        D(Opcode.I16x8Abs, X86(Ssse3.IsSupported, typeof(Ssse3), nameof(Ssse3.Abs), vs));
        D(Opcode.I32x4Abs, X86(Ssse3.IsSupported, typeof(Ssse3), nameof(Ssse3.Abs), vi));

        // Saturating arithmetic, rounding average, narrowing, widening, dot product, pairwise sums (the same
        // instructions SimdOps uses).
        bool sse2 = Sse2.IsSupported, ssse3 = Ssse3.IsSupported, sse41 = Sse41.IsSupported;
        (Opcode Op, string Name, Type V)[] sat =
        [
            (Opcode.I8x16AddSatS, nameof(Sse2.AddSaturate), vsb), (Opcode.I8x16AddSatU, nameof(Sse2.AddSaturate), vb),
            (Opcode.I8x16SubSatS, nameof(Sse2.SubtractSaturate), vsb), (Opcode.I8x16SubSatU, nameof(Sse2.SubtractSaturate), vb),
            (Opcode.I16x8AddSatS, nameof(Sse2.AddSaturate), vs), (Opcode.I16x8AddSatU, nameof(Sse2.AddSaturate), vus),
            (Opcode.I16x8SubSatS, nameof(Sse2.SubtractSaturate), vs), (Opcode.I16x8SubSatU, nameof(Sse2.SubtractSaturate), vus),
            (Opcode.I8x16AvgrU, nameof(Sse2.Average), vb), (Opcode.I16x8AvgrU, nameof(Sse2.Average), vus),
            (Opcode.I8x16NarrowI16x8S, nameof(Sse2.PackSignedSaturate), vs), (Opcode.I8x16NarrowI16x8U, nameof(Sse2.PackUnsignedSaturate), vs),
            (Opcode.I16x8NarrowI32x4S, nameof(Sse2.PackSignedSaturate), vi), (Opcode.I32x4DotI16x8S, nameof(Sse2.MultiplyAddAdjacent), vs),
        ];
        foreach (var (op, name, v) in sat) D(op, X86(sse2, typeof(Sse2), name, v, v));
        D(Opcode.I16x8NarrowI32x4U, X86(sse41, typeof(Sse41), nameof(Sse41.PackUnsignedSaturate), vi, vi));
        DC(Opcode.I32x4ExtaddPairwiseI16x8S, X86(sse2, typeof(Sse2), nameof(Sse2.MultiplyAddAdjacent), vs, vs), 0x0001000100010001, 0x0001000100010001);
        DC(Opcode.I16x8ExtaddPairwiseI8x16U, X86(ssse3, typeof(Ssse3), nameof(Ssse3.MultiplyAddAdjacent), vb, vsb), 0x0101010101010101, 0x0101010101010101);
        (Opcode Low, Opcode High, Type Lane)[] widen =
        [
            (Opcode.I16x8ExtendLowI8x16S, Opcode.I16x8ExtendHighI8x16S, typeof(sbyte)), (Opcode.I16x8ExtendLowI8x16U, Opcode.I16x8ExtendHighI8x16U, typeof(byte)),
            (Opcode.I32x4ExtendLowI16x8S, Opcode.I32x4ExtendHighI16x8S, typeof(short)), (Opcode.I32x4ExtendLowI16x8U, Opcode.I32x4ExtendHighI16x8U, typeof(ushort)),
            (Opcode.I64x2ExtendLowI32x4S, Opcode.I64x2ExtendHighI32x4S, typeof(int)), (Opcode.I64x2ExtendLowI32x4U, Opcode.I64x2ExtendHighI32x4U, typeof(uint)),
        ];
        foreach (var (low, high, lane) in widen)
        {
            D(low, Static(nameof(Vector128.WidenLower), Vec(lane)));
            D(high, Static(nameof(Vector128.WidenUpper), Vec(lane)));
        }
        if (ssse3)
        {
            // swizzle: a saturating add of 0x70 sets the top bit of every index >= 16, which pshufb turns into 0.
            DC(Opcode.I8x16Swizzle, typeof(Sse2).GetMethod(nameof(Sse2.AddSaturate), [vb, vb]), 0x7070707070707070, 0x7070707070707070,
                typeof(Ssse3).GetMethod(nameof(Ssse3.Shuffle), [vb, vb]));
        }

        // Floating point: IEEE lane arithmetic, sign-bit abs/neg, rounding, conversions that are exact in one instruction.
        foreach (var (add, lane) in new[] { (Opcode.F32x4Add, typeof(float)), (Opcode.F64x2Add, typeof(double)) })
        {
            D(add, Operator(lane, "op_Addition"));
            D(add + 1, Operator(lane, "op_Subtraction"));
            D(add + 2, Operator(lane, "op_Multiply"));
            D(add + 3, Operator(lane, "op_Division"));
        }
        D(Opcode.F32x4Sqrt, Generic(nameof(Vector128.Sqrt), typeof(float), 1));
        D(Opcode.F64x2Sqrt, Generic(nameof(Vector128.Sqrt), typeof(double), 1));
        DC(Opcode.F32x4Abs, Generic(nameof(Vector128.AndNot), typeof(byte)), 0x8000000080000000, 0x8000000080000000);
        DC(Opcode.F32x4Neg, Operator(typeof(byte), "op_ExclusiveOr"), 0x8000000080000000, 0x8000000080000000);
        DC(Opcode.F64x2Abs, Generic(nameof(Vector128.AndNot), typeof(byte)), 0x8000000000000000, 0x8000000000000000);
        DC(Opcode.F64x2Neg, Operator(typeof(byte), "op_ExclusiveOr"), 0x8000000000000000, 0x8000000000000000);
        (Opcode F32, Opcode F64, string Name)[] rounding =
        [
            (Opcode.F32x4Ceil, Opcode.F64x2Ceil, nameof(Sse41.Ceiling)), (Opcode.F32x4Floor, Opcode.F64x2Floor, nameof(Sse41.Floor)),
            (Opcode.F32x4Trunc, Opcode.F64x2Trunc, nameof(Sse41.RoundToZero)), (Opcode.F32x4Nearest, Opcode.F64x2Nearest, nameof(Sse41.RoundToNearestInteger)),
        ];
        foreach (var (f32, f64, name) in rounding)
        {
            D(f32, X86(sse41, typeof(Sse41), name, vf));
            D(f64, X86(sse41, typeof(Sse41), name, vd));
        }
        D(Opcode.I64x2Abs, X86(Avx512F.VL.IsSupported, typeof(Avx512F.VL), nameof(Avx512F.VL.Abs), Vec(typeof(long))));
        D(Opcode.F32x4ConvertI32x4U, X86(Avx512F.VL.IsSupported, typeof(Avx512F.VL), nameof(Avx512F.VL.ConvertToVector128Single), Vec(typeof(uint))));
        D(Opcode.F32x4ConvertI32x4S, Static(nameof(Vector128.ConvertToSingle), vi));
        D(Opcode.F64x2ConvertLowI32x4S, X86(sse2, typeof(Sse2), nameof(Sse2.ConvertToVector128Double), vi));
        D(Opcode.F32x4DemoteF64x2Zero, X86(sse2, typeof(Sse2), nameof(Sse2.ConvertToVector128Single), vd));
        D(Opcode.F64x2PromoteLowF32x4, X86(sse2, typeof(Sse2), nameof(Sse2.ConvertToVector128Double), vf));

        // The shift operators are JIT intrinsics themselves; Vector128.ShiftLeft and friends are IL wrappers that
        // need inlining, which RyuJIT refuses in big methods ("too many locals").
        (Opcode Shl, Opcode ShrS, Opcode ShrU, Type S, Type U, int Mask)[] shifts =
        [
            (Opcode.I8x16Shl, Opcode.I8x16ShrS, Opcode.I8x16ShrU, typeof(sbyte), typeof(byte), 7),
            (Opcode.I16x8Shl, Opcode.I16x8ShrS, Opcode.I16x8ShrU, typeof(short), typeof(ushort), 15),
            (Opcode.I32x4Shl, Opcode.I32x4ShrS, Opcode.I32x4ShrU, typeof(int), typeof(uint), 31),
            (Opcode.I64x2Shl, Opcode.I64x2ShrS, Opcode.I64x2ShrU, typeof(long), typeof(ulong), 63),
        ];
        foreach (var (shl, shrS, shrU, sl, ul, mask) in shifts)
        {
            Op(shl, VKind.Shift, sl, Vec(sl).GetMethod("op_LeftShift", [Vec(sl), typeof(int)]), mask);
            Op(shrS, VKind.Shift, sl, Vec(sl).GetMethod("op_RightShift", [Vec(sl), typeof(int)]), mask);
            Op(shrU, VKind.Shift, ul, Vec(ul).GetMethod("op_UnsignedRightShift", [Vec(ul), typeof(int)]), mask);
        }

        (Opcode Splat, Opcode Extract, Opcode ExtractU, Opcode Replace, Type Lane, Type Unsigned)[] lanes =
        [
            (Opcode.I8x16Splat, Opcode.I8x16ExtractLaneS, Opcode.I8x16ExtractLaneU, Opcode.I8x16ReplaceLane, typeof(sbyte), typeof(byte)),
            (Opcode.I16x8Splat, Opcode.I16x8ExtractLaneS, Opcode.I16x8ExtractLaneU, Opcode.I16x8ReplaceLane, typeof(short), typeof(ushort)),
            (Opcode.I32x4Splat, Opcode.I32x4ExtractLane, Opcode.Nop, Opcode.I32x4ReplaceLane, typeof(int), typeof(int)),
            (Opcode.I64x2Splat, Opcode.I64x2ExtractLane, Opcode.Nop, Opcode.I64x2ReplaceLane, typeof(long), typeof(long)),
            (Opcode.F32x4Splat, Opcode.F32x4ExtractLane, Opcode.Nop, Opcode.F32x4ReplaceLane, typeof(float), typeof(float)),
            (Opcode.F64x2Splat, Opcode.F64x2ExtractLane, Opcode.Nop, Opcode.F64x2ReplaceLane, typeof(double), typeof(double)),
        ];
        foreach (var (splat, extract, extractU, replace, lane, unsigned) in lanes)
        {
            Op(splat, VKind.Splat, lane, Static(nameof(Vector128.Create), lane));
            Op(extract, VKind.Extract, lane, Generic(nameof(Vector128.GetElement), lane));
            if (extractU != Opcode.Nop) Op(extractU, VKind.Extract, unsigned, Generic(nameof(Vector128.GetElement), unsigned));
            Op(replace, VKind.Replace, lane, Generic(nameof(Vector128.WithElement), lane, 3));
        }
        return t;
    }

    private void ToByte(Type lane)
    {
        if (lane != typeof(byte)) Call(LaneCasts[lane].ToByte);
    }

    /// <summary>Reinterprets a vector result of <paramref name="m"/> as <c>Vector128&lt;byte&gt;</c> (free: keeps the CIL stack uniform).</summary>
    private void ResultToByte(MethodInfo m)
    {
        var rt = m.ReturnType;
        if (rt.IsGenericType && rt.GetGenericTypeDefinition() == typeof(Vector128<>)) ToByte(rt.GetGenericArguments()[0]);
    }

    /// <summary>Emits a SIMD instruction as Vector128 intrinsics when it has an exact one; false otherwise.</summary>
    private bool EmitVector(Opcode op, ref Instruction ins)
    {
        if ((ushort)op >= VOps.Length) return false;
        var v = VOps[(ushort)op];
        switch (v.Kind)
        {
            case VKind.Direct:
            {
                if (v.HasConst) V128Constant(v.ConstLo, v.ConstHi);
                if (v.Imm >= 0) LdcI4(v.Imm);
                Call(v.Method!);
                var last = v.Method!;
                if (v.Then is { } then)
                {
                    Call(then);
                    last = then;
                }
                if (v.BoolNot) Not();
                ResultToByte(last);
                return true;
            }
            case VKind.Shift:
            {
                if (_constEnd == _il.ILOffset)
                {
                    // A constant count (the i32.const just emitted): an immediate shift.
                    _il.Emit(OpCodes.Pop);
                    LdcI4(_constValue & v.Mask);
                }
                else
                {
                    LdcI4(v.Mask);
                    _il.Emit(OpCodes.And);
                }
                Call(v.Method!);
                ToByte(v.Lane);
                return true;
            }
            case VKind.Splat:
                if (v.Lane == typeof(sbyte)) _il.Emit(OpCodes.Conv_I1);
                else if (v.Lane == typeof(short)) _il.Emit(OpCodes.Conv_I2);
                Call(v.Method!);
                ToByte(v.Lane);
                return true;
            case VKind.Extract:
                LdcI4((int)ins.Index);
                Call(v.Method!);
                return true;
            case VKind.Replace:
            {
                var x = Temp(ins.Opcode switch
                {
                    Opcode.I64x2ReplaceLane => ValType.I64,
                    Opcode.F32x4ReplaceLane => ValType.F32,
                    Opcode.F64x2ReplaceLane => ValType.F64,
                    _ => ValType.I32,
                });
                _il.Emit(OpCodes.Stloc, x);
                LdcI4((int)ins.Index);
                _il.Emit(OpCodes.Ldloc, x);
                Free(x);
                if (v.Lane == typeof(sbyte)) _il.Emit(OpCodes.Conv_I1);
                else if (v.Lane == typeof(short)) _il.Emit(OpCodes.Conv_I2);
                Call(v.Method!);
                ToByte(v.Lane);
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>Memory instructions emitted inline (with their own bounds check) unless the function uses helper memory.</summary>
    private static bool IsInlineMemory(Opcode op) => op is >= Opcode.I32Load and <= Opcode.I64Store32 or Opcode.V128Load or Opcode.V128Store || IsV128Memory(op);

    /// <summary>The SIMD loads and stores other than v128.load/v128.store (splats, extending loads, zero-extending loads, lanes).</summary>
    private static bool IsV128Memory(Opcode op) =>
        op is (> Opcode.V128Load and <= Opcode.V128Load64Splat) or (>= Opcode.V128Load8Lane and <= Opcode.V128Load64Zero);

    private static readonly MethodInfo[] V128MemoryMethods = BuildV128MemoryMethods();

    /// <summary>Per SIMD memory instruction: the intrinsic that turns the loaded scalar (or the address) into the vector.</summary>
    private static MethodInfo[] BuildV128MemoryMethods()
    {
        var t = new MethodInfo[OpcodeInfo.TableSize];
        MethodInfo Create(string name, Type lane) => typeof(Vector128).GetMethod(name, [lane])!;
        t[(ushort)Opcode.V128Load8Splat] = Create(nameof(Vector128.Create), typeof(byte));
        t[(ushort)Opcode.V128Load16Splat] = Create(nameof(Vector128.Create), typeof(short));
        t[(ushort)Opcode.V128Load32Splat] = Create(nameof(Vector128.Create), typeof(int));
        t[(ushort)Opcode.V128Load64Splat] = Create(nameof(Vector128.Create), typeof(long));
        t[(ushort)Opcode.V128Load32Zero] = Create(nameof(Vector128.CreateScalar), typeof(int));
        t[(ushort)Opcode.V128Load64Zero] = Create(nameof(Vector128.CreateScalar), typeof(long));
        (Opcode Op, string Name, Type Pointer, string Helper)[] extend =
        [
            (Opcode.V128Load8x8S, nameof(Sse41.ConvertToVector128Int16), typeof(sbyte*), nameof(SimdOps.V128Load8x8S)),
            (Opcode.V128Load8x8U, nameof(Sse41.ConvertToVector128Int16), typeof(byte*), nameof(SimdOps.V128Load8x8U)),
            (Opcode.V128Load16x4S, nameof(Sse41.ConvertToVector128Int32), typeof(short*), nameof(SimdOps.V128Load16x4S)),
            (Opcode.V128Load16x4U, nameof(Sse41.ConvertToVector128Int32), typeof(ushort*), nameof(SimdOps.V128Load16x4U)),
            (Opcode.V128Load32x2S, nameof(Sse41.ConvertToVector128Int64), typeof(int*), nameof(SimdOps.V128Load32x2S)),
            (Opcode.V128Load32x2U, nameof(Sse41.ConvertToVector128Int64), typeof(uint*), nameof(SimdOps.V128Load32x2U)),
        ];
        foreach (var (op, name, ptr, helper) in extend)
            t[(ushort)op] = Sse41.IsSupported ? typeof(Sse41).GetMethod(name, [ptr])! : typeof(SimdOps).GetMethod(helper)!;
        Type[] laneTypes = [typeof(byte), typeof(short), typeof(int), typeof(long)];

        for (int i = 0; i < 4; i++)
        {
            t[(ushort)Next(Opcode.V128Load8Lane, i)] = VectorGeneric(nameof(Vector128.WithElement), laneTypes[i], 3);
            t[(ushort)Next(Opcode.V128Store8Lane, i)] = VectorGeneric(nameof(Vector128.GetElement), laneTypes[i], 2);
        }
        return t;
    }

    /// <summary>
    /// The value part of a SIMD memory instruction, with the checked effective address on the stack and a lane
    /// instruction's vector operand in <paramref name="vector"/> (freed here).
    /// </summary>
    private void EmitV128Memory(Opcode op, int lane, LocalBuilder? vector)
    {
        var m = V128MemoryMethods[(ushort)op];
        switch (op)
        {
            case Opcode.V128Load8Splat: _il.Emit(OpCodes.Ldind_U1); break;
            case Opcode.V128Load16Splat: _il.Emit(OpCodes.Ldind_I2); break;
            case Opcode.V128Load32Splat: case Opcode.V128Load32Zero: _il.Emit(OpCodes.Ldind_I4); break;
            case Opcode.V128Load64Splat: case Opcode.V128Load64Zero: _il.Emit(OpCodes.Ldind_I8); break;
            case >= Opcode.V128Load8x8S and <= Opcode.V128Load32x2U:
                // Sse41 loads and extends from the address; the portable helper takes the 8 bytes.
                if (m.DeclaringType == typeof(SimdOps)) _il.Emit(OpCodes.Ldind_I8);
                break;
            case >= Opcode.V128Store8Lane and <= Opcode.V128Store64Lane:
                _il.Emit(OpCodes.Ldloc, vector!);
                LdcI4(lane);
                Call(m);
                switch (op)
                {
                    case Opcode.V128Store8Lane: _il.Emit(OpCodes.Stind_I1); break;
                    case Opcode.V128Store16Lane: _il.Emit(OpCodes.Stind_I2); break;
                    case Opcode.V128Store32Lane: _il.Emit(OpCodes.Stind_I4); break;
                    default: _il.Emit(OpCodes.Stind_I8); break;
                }
                Free(vector!);
                return;
            default:
            {
                // load*_lane: the loaded scalar replaces one lane of the vector operand.
                var x = Temp(op == Opcode.V128Load64Lane ? ValType.I64 : ValType.I32);
                switch (op)
                {
                    case Opcode.V128Load8Lane: _il.Emit(OpCodes.Ldind_U1); break;
                    case Opcode.V128Load16Lane: _il.Emit(OpCodes.Ldind_I2); break;
                    case Opcode.V128Load32Lane: _il.Emit(OpCodes.Ldind_I4); break;
                    default: _il.Emit(OpCodes.Ldind_I8); break;
                }
                _il.Emit(OpCodes.Stloc, x);
                _il.Emit(OpCodes.Ldloc, vector!);
                LdcI4(lane);
                _il.Emit(OpCodes.Ldloc, x);
                Free(x);
                Free(vector!);
                break;
            }
        }
        Call(m);
        ResultToByte(m);
    }

    /// <summary>Pushes a constant vector the JIT can fold (Vector128.Create of two constants).</summary>
    private void V128Constant(ulong lo, ulong hi)
    {
        _il.Emit(OpCodes.Ldc_I8, (long)lo);
        _il.Emit(OpCodes.Ldc_I8, (long)hi);
        Call(MCreateI64x2);
        Call(LaneCasts[typeof(long)].ToByte);
    }

    /// <summary>
    /// <c>i8x16.shuffle</c> with constant lanes: one or two Vector128.Shuffle calls with constant indices (out-of-range
    /// index 0x80 gives 0 on every path), or'ed; a single lookup when every lane comes from the same operand.
    /// </summary>
    private void EmitShuffle(ulong lo, ulong hi)
    {
        ulong aLo = 0, aHi = 0, bLo = 0, bHi = 0;
        bool anyA = false, anyB = false;
        for (int i = 0; i < 16; i++)
        {
            ulong l = ((i < 8 ? lo : hi) >> (8 * (i & 7))) & 0xFF;
            ulong ia = l < 16 ? l : 0x80, ib = l is >= 16 and < 32 ? l - 16 : 0x80;
            anyA |= l < 16;
            anyB |= l is >= 16 and < 32;
            if (i < 8) { aLo |= ia << (8 * i); bLo |= ib << (8 * i); }
            else { aHi |= ia << (8 * (i - 8)); bHi |= ib << (8 * (i - 8)); }
        }
        if (!anyB)
        {
            _il.Emit(OpCodes.Pop);
            V128Constant(aLo, aHi);
            Call(MShuffle);
            return;
        }
        var b = Temp(ValType.V128);
        _il.Emit(OpCodes.Stloc, b);
        if (!anyA)
        {
            _il.Emit(OpCodes.Pop);
            _il.Emit(OpCodes.Ldloc, b);
            V128Constant(bLo, bHi);
            Call(MShuffle);
        }
        else
        {
            V128Constant(aLo, aHi);
            Call(MShuffle);
            _il.Emit(OpCodes.Ldloc, b);
            V128Constant(bLo, bHi);
            Call(MShuffle);
            Call(VOps[(ushort)Opcode.V128Or].Method!);
        }
        Free(b);
    }

    private static readonly MethodInfo MShuffle = typeof(Vector128).GetMethod(nameof(Vector128.Shuffle), [typeof(Vector128<byte>), typeof(Vector128<byte>)])!;
    private static readonly MethodInfo MCreateI64x2 = typeof(Vector128).GetMethod(nameof(Vector128.Create), [typeof(long), typeof(long)])!;

    /// <summary><c>select</c> as the branch diamond of a conditional expression over two locals (which the JIT turns into a cmov).</summary>
    private void EmitSelect(ValType t)
    {
        var c = Temp(ValType.I32);
        var b = Temp(t);
        var a = Temp(t);
        _il.Emit(OpCodes.Stloc, c);
        _il.Emit(OpCodes.Stloc, b);
        _il.Emit(OpCodes.Stloc, a);
        var isA = _il.DefineLabel();
        var done = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, c);
        _il.Emit(OpCodes.Brtrue, isA);
        _il.Emit(OpCodes.Ldloc, b);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(isA);
        _il.Emit(OpCodes.Ldloc, a);
        _il.MarkLabel(done);
        Free(a);
        Free(b);
        Free(c);
    }

    // ------------------------------------------------------------------ calls

    private LocalBuilder[] SpillArgs(ValType[] ps)
    {
        var tmps = new LocalBuilder[ps.Length];
        for (int i = ps.Length - 1; i >= 0; i--)
        {
            tmps[i] = Temp(ps[i]);
            _il.Emit(OpCodes.Stloc, tmps[i]);
        }
        return tmps;
    }

    private static int Slots(ValType[] ts)
    {
        int n = 0;
        foreach (var t in ts) n += t.SlotCount;
        return n;
    }

    /// <summary>Writes spilled arguments to the value stack at a new call base (left in the returned local).</summary>
    private LocalBuilder SlowArgs(FuncType ft, LocalBuilder[] args)
    {
        var bl = Temp(ValType.I32);
        Ldarg(_ctxArg);
        LdcI4(Math.Max(Slots(ft.Params), Slots(ft.Results)));
        Call(MCallBase);
        _il.Emit(OpCodes.Stloc, bl);
        int at = 0;
        for (int i = 0; i < args.Length; i++)
        {
            Ldarg(_ctxArg);
            _il.Emit(OpCodes.Ldloc, bl);
            if (at != 0) { LdcI4(at); _il.Emit(OpCodes.Add); }
            _il.Emit(OpCodes.Ldloc, args[i]);
            Call(StoreSlot[KindIndex(ft.Params[i])]);
            at += ft.Params[i].SlotCount;
        }
        return bl;
    }

    private void SlowResults(FuncType ft, LocalBuilder bl)
    {
        int at = 0;
        foreach (var t in ft.Results)
        {
            Ldarg(_ctxArg);
            _il.Emit(OpCodes.Ldloc, bl);
            if (at != 0) { LdcI4(at); _il.Emit(OpCodes.Add); }
            Call(LoadSlot[KindIndex(t)]);
            at += t.SlotCount;
        }
    }

    /// <summary>After a typed call: pushes the extra results from their locals.</summary>
    private LocalBuilder[] ExtraResultLocals(FuncType ft)
    {
        var ex = new LocalBuilder[Math.Max(0, ft.Results.Length - 1)];
        for (int i = 0; i < ex.Length; i++) ex[i] = Temp(ft.Results[i + 1]);
        return ex;
    }

    private void EmitCall(int func)
    {
        EmitSite();
        var ft = _cm.FuncTypes[func];
        Pop(ft.Params.Length);
        var target = func == _funcIndex && SelfTarget is not null ? SelfTarget : _cm.Methods[func];
        if (target is not null)
        {
            var ex = ExtraResultLocals(ft);
            Ldarg(_ctxArg);
            Ldarg(_ciArg);
            foreach (var l in ex) _il.Emit(OpCodes.Ldloca, l);
            if (func == _funcIndex && ReferenceEquals(target, _cm.Methods[func]) && _cm.SelfEntryOf(func) is { } slot)
            {
                // A call of the function to itself, compiled before the function has machine code: through its slot
                // (set to the machine code once it exists), not the stub a direct call would keep going through.
                _il.Emit(OpCodes.Ldc_I8, (long)slot);
                _il.Emit(OpCodes.Conv_I);
                _il.Emit(OpCodes.Ldind_I);
                EmitCalli(_cm.Definition.GetFunctionTypeIndex(func), ft);
            }
            else CallTarget(target, ft);
            foreach (var l in ex) { _il.Emit(OpCodes.Ldloc, l); Free(l); }
            // A callee that cannot grow the memory leaves its base and length as they were.
            if (!_cm.Analysis.MayGrowMemory[func])
            {
                PushAll(ft.Results);
                return;
            }
        }
        else
        {
            var args = SpillArgs(ft.Params);
            var direct = func < _cm.ImportedFunctionCount ? EmitHostDelegateCall(func, ft, args) : null;
            var bl = SlowArgs(ft, args);
            Ldarg(_ctxArg);
            Ldarg(_ciArg);
            LdcI4(func);
            _il.Emit(OpCodes.Ldloc, bl);
            Call(MCallFunc);
            SlowResults(ft, bl);
            if (direct is { } done) _il.MarkLabel(done);
            Free(bl);
            foreach (var a in args) Free(a);
        }
        ReloadMemory();
        PushAll(ft.Results);
    }

    private static readonly FieldInfo FFunctions = typeof(CompiledInstance).GetField(nameof(CompiledInstance.Functions))!;
    private static readonly FieldInfo FHostDelegate = typeof(FunctionInstance).GetField(nameof(FunctionInstance.HostDelegate))!;
    private static readonly Type[] FuncShapes = [typeof(Func<>), typeof(Func<,>), typeof(Func<,,>), typeof(Func<,,,>), typeof(Func<,,,,>)];
    private static readonly Type[] ActionShapes = [typeof(Action), typeof(Action<>), typeof(Action<,>), typeof(Action<,,>)];

    /// <summary>
    /// The delegate type a host function of type <paramref name="ft"/> is called through directly: the shape of the
    /// typed <see cref="Linker"/> definitions (numbers only, as int, long, float and double; at most four parameters
    /// and one result, or three and none), else null.
    /// </summary>
    internal static Type? HostDelegateType(FuncType ft)
    {
        var shapes = ft.Results.Length == 0 ? ActionShapes : FuncShapes;
        if (ft.Results.Length > 1 || ft.Params.Length >= shapes.Length) return null;
        var ts = new Type[ft.Params.Length + ft.Results.Length];
        for (int i = 0; i < ts.Length; i++)
        {
            var t = i < ft.Params.Length ? ft.Params[i] : ft.Results[0];
            if (t.Kind is not (ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64)) return null;
            ts[i] = ClrType(t);
        }
        return ts.Length == 0 ? shapes[0] : shapes[ft.Params.Length].MakeGenericType(ts);
    }

    /// <summary>
    /// A call of an import that is a host function defined from a delegate of the expected type: that delegate,
    /// called with the arguments as they are (no value stack); returns the label after the slow path, which the
    /// code emitted next is (null when the import's type has no such delegate).
    /// </summary>
    private Label? EmitHostDelegateCall(int func, FuncType ft, LocalBuilder[] args)
    {
        if (HostDelegateType(ft) is not { } dt) return null;
        var d = Scratch(dt);
        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        Ldarg(_ciArg);
        Fld(OpCodes.Ldfld, FFunctions);
        LdcI4(func);
        _il.Emit(OpCodes.Ldelem_Ref);
        Fld(OpCodes.Ldfld, FHostDelegate);
        _il.Emit(OpCodes.Isinst, dt);
        _il.Emit(OpCodes.Stloc, d);
        _il.Emit(OpCodes.Ldloc, d);
        _il.Emit(OpCodes.Brfalse, slow);
        _il.Emit(OpCodes.Ldloc, d);
        foreach (var a in args) _il.Emit(OpCodes.Ldloc, a);
        _il.Emit(OpCodes.Callvirt, dt.GetMethod("Invoke")!);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(slow);
        return done;
    }

    private void EmitCallIndirect(int typeIndex, int table)
    {
        EmitSite();
        var ft = _m.TryGetFuncType(typeIndex) ?? FuncType.Empty;
        Pop();
        Pop(ft.Params.Length);
        var idx = Temp(ValType.I32);
        _il.Emit(OpCodes.Stloc, idx);
        var args = SpillArgs(ft.Params);
        var fnp = Scratch(typeof(nint));
        var fi = Scratch(typeof(object)); // a FunctionInstance, read through its fields (see ParamTypes: no type reference)
        var es = Scratch(typeof(object[]));
        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        // Fast path, inline: the table's element (an index past the table's length finds null or leaves the array),
        // not null, of the expected type id, compiled code of a bound instance (FunctionInstance.IndirectFn): a
        // typed calli with the callee's instance. Everything else, traps included, takes the slow path.
        Ldarg(_ciArg);
        if (table == 0) Fld(OpCodes.Ldfld, FTable0);
        else
        {
            Fld(OpCodes.Ldfld, FTables);
            LdcI4(table);
            _il.Emit(OpCodes.Ldelem_Ref);
        }
        Fld(OpCodes.Ldfld, FTableElements);
        _il.Emit(OpCodes.Stloc, es);
        _il.Emit(OpCodes.Ldloc, idx);
        _il.Emit(OpCodes.Ldloc, es);
        _il.Emit(OpCodes.Ldlen);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Bge_Un, slow);
        _il.Emit(OpCodes.Ldloc, es);
        _il.Emit(OpCodes.Ldloc, idx);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Stloc, fi); // funcref tables hold function instances or null (validation: call_indirect needs one)
        _il.Emit(OpCodes.Ldloc, fi);
        _il.Emit(OpCodes.Brfalse, slow);
        _il.Emit(OpCodes.Ldloc, fi);
        Fld(OpCodes.Ldfld, FFuncTypeId);
        EmitTypeId(typeIndex, ft);
        _il.Emit(OpCodes.Bne_Un, slow);
        _il.Emit(OpCodes.Ldloc, fi);
        Fld(OpCodes.Ldfld, FIndirectFn);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, fnp);
        _il.Emit(OpCodes.Brfalse, slow);
        NoteCallee(fi);
        var ex = ExtraResultLocals(ft);
        foreach (var a in args) _il.Emit(OpCodes.Ldloc, a);
        Ldarg(_ctxArg);
        _il.Emit(OpCodes.Ldloc, fi);
        Fld(OpCodes.Ldfld, FIndirectInstance);
        foreach (var l in ex) _il.Emit(OpCodes.Ldloca, l);
        _il.Emit(OpCodes.Ldloc, fnp);
        EmitCalli(typeIndex, ft);
        foreach (var l in ex) _il.Emit(OpCodes.Ldloc, l);
        _il.Emit(OpCodes.Br, done);
        // Slow path: the spec's checks and traps, then the call through the value stack.
        _il.MarkLabel(slow);
        var bl = SlowArgs(ft, args);
        Ldarg(_ctxArg);
        Ldarg(_ciArg);
        LdcI4(table);
        _il.Emit(OpCodes.Ldloc, idx);
        EmitTypeId(typeIndex, ft);
        _il.Emit(OpCodes.Ldloc, bl);
        Call(MCallIndirectSlow);
        SlowResults(ft, bl);
        _il.MarkLabel(done);
        Free(bl);
        foreach (var l in ex) Free(l);
        foreach (var a in args) Free(a);
        Free(idx);
        // With closed tables, a call_indirect whose possible callees cannot grow the memory leaves it where it was.
        if (_cm.Analysis.IndirectMayGrowMemory(ft)) ReloadMemory();
        PushAll(ft.Results);
    }

    /// <summary>Pushes the runtime type id of a function type (from the instance in ahead-of-time code, which cannot embed this process's ids).</summary>
    private void EmitTypeId(int typeIndex, FuncType ft)
    {
        if (_cm.Aot is null)
        {
            LdcI4(TypeIds.Get(ft));
            return;
        }
        Ldarg(_ciArg);
        Fld(OpCodes.Ldfld, FTypeIds);
        LdcI4(typeIndex);
        _il.Emit(OpCodes.Ldelem_I4);
    }

    /// <summary>
    /// Emits the entry stub of a function: arguments from the value stack, the typed call, results back. Without a
    /// <paramref name="target"/>, the stub of every function of type <paramref name="ft"/>: it calls the function
    /// pointer passed as a fourth argument (see <see cref="SharedEntries"/>).
    /// </summary>
    public static void EmitEntry(ILGenerator il, CompiledModule? cm, FuncType ft, MethodInfo? target)
    {
        // (ExecContext ctx, CompiledInstance ci, int argBase)
        int at = 0;
        foreach (var p in ft.Params)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, at);
            il.Emit(OpCodes.Add);
            EmitCall(il, cm, LoadSlot[KindIndex(p)]);
            at += p.SlotCount;
        }
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        var rs = ft.Results;
        var locs = new LocalBuilder[rs.Length];
        for (int i = 0; i < rs.Length; i++) locs[i] = il.DeclareLocal(ClrType(rs[i]));
        for (int i = 1; i < rs.Length; i++) il.Emit(OpCodes.Ldloca, locs[i]);
        int change = (rs.Length > 0 ? 1 : 0) - ft.Params.Length - ExtraArgs - Math.Max(0, rs.Length - 1);
        if (target is null)
        {
            il.Emit(OpCodes.Ldarg_3);
            il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ReturnType(ft), ParamTypes(ft), null);
        }
        else if (target is MethodBuilder mb && cm?.CallTokens is not null && FastCall.TryGet(change, out var op)) il.Emit(op, mb.MetadataToken);
        else il.Emit(OpCodes.Call, target);
        if (rs.Length > 0) il.Emit(OpCodes.Stloc, locs[0]);
        at = 0;
        for (int i = 0; i < rs.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Ldc_I4, at);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldloc, locs[i]);
            EmitCall(il, cm, StoreSlot[KindIndex(rs[i])]);
            at += rs[i].SlotCount;
        }
        il.Emit(OpCodes.Ret);
    }
}

/// <summary>The helper method of every plain instruction the compiler does not emit inline, found by name.</summary>
internal static class OpMethods
{
    private static readonly MethodInfo?[] Table = Build();

    public static MethodInfo? Get(Opcode op) => Table[(ushort)op];

    private static MethodInfo?[] Build()
    {
        var t = new MethodInfo?[OpcodeInfo.TableSize];
        Type[] owners = [typeof(CompilerRuntime), typeof(WasmMath), typeof(SimdOps)];
        foreach (var info in OpcodeInfo.All)
        {
            if (!info.IsPlain) continue;
            string name = info.Opcode.ToString();
            foreach (var owner in owners)
            {
                foreach (var m in owner.GetMethods(BindingFlags.Public | BindingFlags.Static))
                {
                    if (m.Name != name) continue;
                    t[(ushort)info.Opcode] = m;
                    break;
                }
                if (t[(ushort)info.Opcode] is not null) break;
            }
        }
        return t;
    }
}

/// <summary>
/// <c>call</c> opcodes that tell <see cref="ILGenerator"/> a given stack change, so a call can be emitted with
/// a cached metadata token (<see cref="ILGenerator.Emit(OpCode, int)"/> takes the stack change from the opcode).
/// Built by rewriting the opcode's flag bits; checked once, and unused (slow path) if the layout is not as expected.
/// </summary>
internal static class FastCall
{
#pragma warning disable CS0649 // written through Unsafe.As
    private struct Layout
    {
        public int Value;
        public int Flags;
    }
#pragma warning restore CS0649

    private const int StackChangeShift = 28;
    private static readonly OpCode?[] CallOps = Build(OpCodes.Call, 0x28);
    private static readonly OpCode?[] CalliOps = Build(OpCodes.Calli, 0x29);

    public static bool TryGet(int change, out OpCode op) => TryGet(CallOps, change, out op);

    public static bool TryGetCalli(int change, out OpCode op) => TryGet(CalliOps, change, out op);

    private static bool TryGet(OpCode?[] ops, int change, out OpCode op)
    {
        op = default;
        if (change < -8 || change > 7) return false;
        var o = ops[change + 8];
        if (o is null) return false;
        op = o.Value;
        return true;
    }

    private static OpCode?[] Build(OpCode baseOp, int value)
    {
        var r = new OpCode?[16];
        try
        {
            if (System.Runtime.CompilerServices.Unsafe.SizeOf<OpCode>() != 8) return r;
            var l = System.Runtime.CompilerServices.Unsafe.As<OpCode, Layout>(ref baseOp);
            if (l.Value != value || (l.Flags >> StackChangeShift) != 0) return r;
            for (int c = -8; c <= 7; c++)
            {
                var m = l;
                m.Flags = (l.Flags & 0x0FFFFFFF) | (c << StackChangeShift);
                var op = System.Runtime.CompilerServices.Unsafe.As<Layout, OpCode>(ref m);
                if (op.Value != baseOp.Value || op.Size != 1 || op.FlowControl != baseOp.FlowControl || op.OperandType != baseOp.OperandType ||
                    op.StackBehaviourPop != baseOp.StackBehaviourPop || op.StackBehaviourPush != baseOp.StackBehaviourPush ||
                    op.OpCodeType != baseOp.OpCodeType)
                    return new OpCode?[16];
                r[c + 8] = op;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new OpCode?[16];
        }
        return r;
    }
}
