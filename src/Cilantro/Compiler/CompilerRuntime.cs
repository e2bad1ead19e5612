using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Cilantro.Runtime;
using Cilantro.Runtime.Numerics;
using V = System.Runtime.Intrinsics.Vector128<byte>;

namespace Cilantro.Compiler;

/// <summary>
/// The state compiled code of one module instance reads: its index spaces resolved to runtime objects.
/// Passed to every compiled function (the compiled code itself is shared by all instances of a module).
/// </summary>
internal sealed class CompiledInstance
{
    public CompiledInstance(ModuleInstance module, CompiledModule code)
    {
        Module = module;
        Code = code;
        Functions = module.Functions;
        Globals = module.Globals;
        Tables = module.Tables;
        Table0 = Tables.Length > 0 ? Tables[0] : null;
        Memory = module.Memory0;
        TypeIds = code.TypeIdsByIndex;
    }

    public readonly ModuleInstance Module;
    public readonly CompiledModule Code;
    public readonly FunctionInstance[] Functions;
    public readonly GlobalInstance[] Globals;
    public readonly TableInstance[] Tables;
    /// <summary>Table 0 (what most <c>call_indirect</c>s read), or null.</summary>
    public readonly TableInstance? Table0;
    public readonly MemoryInstance? Memory;
    /// <summary>Runtime type ids by type index (read by ahead-of-time code for call_indirect).</summary>
    public readonly int[] TypeIds;
}

/// <summary>The compiled form of one function of one instance (<see cref="WasmFunction.Code"/>).</summary>
internal sealed class CompiledFunction
{
    public CompiledFunction(CompiledInstance instance, EntryStubFactory code)
    {
        Instance = instance;
        Fn = code.Fn;
        EntryFn = code.EntryFn;
        _code = code;
    }

    /// <summary>Entry point of the entry stub when the code is precompiled (then there is no delegate), else 0.</summary>
    public readonly nint EntryFn;

    /// <summary>Calls the entry stub (arguments and results on the value stack at <paramref name="argBase"/>).</summary>
    public unsafe void CallEntry(ExecContext ctx, int argBase)
    {
        if (EntryFn != 0) ((delegate*<ExecContext, CompiledInstance, int, void>)EntryFn)(ctx, Instance, argBase);
        else _code.Enter(ctx, Instance, argBase);
    }

    private readonly EntryStubFactory _code;
    public readonly CompiledInstance Instance;
    /// <summary>Entry point of the typed static method (for <c>calli</c> from <c>call_indirect</c>).</summary>
    public readonly nint Fn;
}

/// <summary>Marks a function of a compiled instance that runs in the interpreter (too big, or not compilable).</summary>
internal sealed class InterpretedMarker
{
    public static readonly InterpretedMarker Instance = new();
}

/// <summary>
/// Helpers called by compiled code. Small ones are inlined by the JIT; the semantics are those of the interpreter's
/// <c>ColdOps</c> and of <see cref="WasmMath"/>/<see cref="SimdOps"/>, so both engines trap identically.
/// </summary>
internal static unsafe class CompilerRuntime
{
    // ------------------------------------------------------------------ background JIT

    private static readonly ConditionalWeakTable<CompiledModule, object> Started = new();
    private static int _generation;

    /// <summary>
    /// Turns the compiled functions of <paramref name="cm"/> into machine code ahead of their first calls, once per
    /// module, in <see cref="ModuleAnalysis.JitOrder"/>: first the functions nearest to <paramref name="entry"/> through
    /// direct calls (up to <paramref name="aheadBytes"/> bytes of code), which the calling thread waits for while
    /// background threads help (so the code then runs without JIT pauses, and callers call their callees directly,
    /// not through stubs); then the rest on a background thread. A newer module's background work stops an older one's
    /// (which then compiles lazily as before), so leftover work never competes with the module that runs now.
    /// </summary>
    /// <param name="cm">The module.</param>
    /// <param name="entry">The function about to be called (its closure is compiled first), or -1: all are compiled before returning.</param>
    /// <param name="aheadBytes">Most body bytes compiled before returning (0: none, all in the background).</param>
    public static void JitAhead(CompiledModule cm, int entry, long aheadBytes)
    {
        lock (Started)
        {
            if (Started.TryGetValue(cm, out _)) return;
            Started.Add(cm, cm);
        }
        var order = cm.Analysis.JitOrder(entry, aheadBytes, out int ahead);
        var handles = new List<(RuntimeMethodHandle Method, int Function)>(order.Count);
        int aheadCount = 0;
        for (int k = 0; k < order.Count; k++)
        {
            if (cm.Methods[order[k]] is not { } m) continue;
            // A split function's region methods first: they are its callees.
            if (order[k] < cm.RegionMethods.Length && cm.RegionMethods[order[k]] is { } regions)
                foreach (var r in regions) handles.Add((r.MethodHandle, -1));
            handles.Add((m.MethodHandle, order[k]));
            if ((k < ahead || entry < 0) && aheadBytes > 0) aheadCount = handles.Count;
        }
        if (handles.Count == 0) return;
        var items = handles.ToArray();
        var work = new JitWork(items.Length, aheadCount, Calls(cm, items), i =>
        {
            RuntimeHelpers.PrepareMethod(items[i].Method);
            if (items[i].Function >= 0) cm.Prepared(items[i].Function);
        });
        int generation = Interlocked.Increment(ref _generation);
        int helpers = aheadCount > 1 ? Math.Clamp(Environment.ProcessorCount - 1, 1, 3) : 1;
        for (int t = 0; t < helpers; t++)
        {
            bool rest = t == 0; // one thread goes on past the first part
            new Thread(() =>
            {
                while (rest ? Volatile.Read(ref _generation) == generation && work.Step(firstPartOnly: false) : work.Step(firstPartOnly: true)) { }
            }, 1 << 20)
            { IsBackground = true, Name = "Cilantro JIT" }.Start();
        }
        if (aheadCount > 0) work.FinishFirstPart();
    }

    /// <summary>
    /// The direct calls between the methods to prepare, as (caller, callee) positions with the callee first: a
    /// function's region methods come right before it and make its calls; calls of later methods (a cycle) are left out.
    /// </summary>
    private static List<(int Caller, int Callee)> Calls(CompiledModule cm, (RuntimeMethodHandle Method, int Function)[] items)
    {
        var at = new int[cm.Methods.Length];
        Array.Fill(at, -1);
        for (int i = 0; i < items.Length; i++)
            if (items[i].Function >= 0) at[items[i].Function] = i;
        var calls = new List<(int, int)>();
        int group = 0;
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i].Function < 0) continue;
            foreach (int c in cm.Analysis.Callees[items[i].Function])
            {
                int callee = at[c];
                if (callee < 0 || callee >= group) continue; // not compiled, itself, or later
                for (int k = group; k <= i; k++) calls.Add((k, callee));
            }
            for (int k = group; k < i; k++) calls.Add((i, k));
            group = i + 1;
        }
        return calls;
    }

    // ------------------------------------------------------------------ traps and call depth

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Trap(int kind) => new TrapException((TrapKind)kind);

    // Wasm backtraces. A compiled method that can see a trap pass through it has fault handlers (they run while the
    // exception unwinds, innermost first, and RyuJIT inlines methods with them): a small function one around each
    // call, knowing its site; other functions one around the body, reading the site from a local set before each call
    // and each helper that can trap, and at each inline trap; a region method's handler (regions belong to their
    // function's frame) passes its site on to the function's handler. A leaf without a handler records its frame at
    // the trap (TrapAt). The frames wait here, per thread, until the entry of compiled code (CompilerMachine.Invoke)
    // moves them to the exception; nothing is done unless something throws. Handlers read no argument (one read by a
    // handler is kept in memory, and a call's instance would be): a run's frames are of the instance it entered,
    // except below a call_indirect into another instance, whose callee the call_indirect's frame records.
    [ThreadStatic] private static List<(FunctionInstance? Callee, int Func, int Offset)>? _unwound;
    [ThreadStatic] private static int _pendingSite; // a region's site for its function's handler, 0 when none
    [ThreadStatic] private static FunctionInstance? _pendingTarget;

    /// <summary>Fault handler of a function: its frame is at <paramref name="site"/> (or where its region was).</summary>
    public static void Unwound(int func, int site, FunctionInstance? target)
    {
        if (_pendingSite != 0)
        {
            site = _pendingSite;
            target = _pendingTarget;
            _pendingSite = 0;
            _pendingTarget = null;
        }
        (_unwound ??= []).Add((target, func, site));
    }

    /// <summary>Fault handler of a region method: the function's frame is at <paramref name="site"/> unless an inner region said where.</summary>
    public static void RegionUnwound(int site, FunctionInstance? target)
    {
        if (_pendingSite != 0) return;
        _pendingSite = site;
        _pendingTarget = target;
    }

    /// <summary>A trap at <paramref name="offset"/> of a function without a fault handler: its frame is recorded here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception TrapAt(int kind, int func, int offset)
    {
        _pendingSite = 0;
        _pendingTarget = null;
        (_unwound ??= []).Add((null, func, offset));
        return new TrapException((TrapKind)kind);
    }

    /// <summary>The entry of compiled code is being unwound: its frames go to the trap in flight (or are dropped).</summary>
    internal static void EndRun(int mark, CompiledInstance entry, TrapException? inFlight)
    {
        if (inFlight is not null) TakeFrames(inFlight, mark, entry);
        else DropFrames(mark);
    }

    /// <summary>
    /// At the entry of compiled code (into <paramref name="entry"/>): appends the frames recorded since then to the
    /// trap's backtrace, innermost first, keeping the outermost 200 as the interpreter does for each of its runs.
    /// </summary>
    internal static void TakeFrames(TrapException e, int mark, CompiledInstance entry)
    {
        var u = _unwound;
        int n = u is null ? 0 : u.Count - mark;
        if (n > 0)
        {
            var frames = new WasmStackFrame[Math.Min(n, 200)];
            var ci = entry;
            for (int i = u!.Count - 1, k = frames.Length - 1; k >= 0; i--, k--)
            {
                var (target, func, offset) = u[i];
                var wf = (uint)func < (uint)ci.Functions.Length ? ci.Functions[func] as WasmFunction : null;
                frames[k] = new WasmStackFrame(func, wf?.Name, ci.Module.Name, offset);
                // The frames below a call_indirect are of its target's instance.
                var bytes = ci.Module.Definition.Bytes.Span;
                if (target?.IndirectInstance is CompiledInstance callee && ((uint)offset >= (uint)bytes.Length || bytes[offset] == (byte)Instructions.Opcode.CallIndirect))
                    ci = callee;
            }
            e.WasmStack = [.. e.WasmStack, .. frames];
        }
        DropFrames(mark);
    }

    /// <summary>How many frames are recorded now (the mark of an entry into compiled code).</summary>
    internal static int FrameMark => _unwound?.Count ?? 0;

    /// <summary>Forgets the frames recorded since <paramref name="mark"/> (an exception other than a trap left compiled code).</summary>
    internal static void DropFrames(int mark)
    {
        _pendingSite = 0;
        _pendingTarget = null;
        if (_unwound is not { } u) return;
        if (u.Count > mark) u.RemoveRange(mark, u.Count - mark);
        if (mark == 0 && u.Capacity > 1024) _unwound = null; // after a deep stack: keep no big list per thread
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOob() => throw new TrapException(TrapKind.OutOfBoundsMemoryAccess);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTableOob() => throw new TrapException(TrapKind.OutOfBoundsTableAccess);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowExhausted() => throw new TrapException(TrapKind.CallStackExhausted);

    /// <summary>The out-of-bounds memory trap, thrown by the caller (so the JIT knows the path ends).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Oob() => new TrapException(TrapKind.OutOfBoundsMemoryAccess);

    // Native stack: TryEnsureSufficientExecutionStack (a runtime call) guarantees at least 128 KiB below the caller on
    // 64-bit. Rather than calling it on every function entry, a compiled function compares the address of one of its
    // locals with ExecContext.StackLimit (two instructions) and only probes when it has gone below: the probe lowers
    // the limit to StackWindow below the probing frame, keeping the rest of the guaranteed space as headroom for the
    // last frames, helper calls and exception dispatch. A function with a big frame probes BigFrameHeadroom earlier,
    // so it always starts with at least 128 KiB - StackWindow + BigFrameHeadroom = 96 KiB left. Every entry from the
    // host probes first, so the limit always belongs to the running thread.
    internal const int StackWindow = 48 * 1024;

    /// <summary>How much sooner than other functions a function with a big frame probes the stack.</summary>
    internal const int BigFrameHeadroom = 16 * 1024;

    /// <summary>
    /// A compiled function went below <see cref="ExecContext.StackLimit"/>: probe, then lower the limit (never below
    /// <see cref="ExecContext.StackFloor"/>, the call-depth limit: below it, the call stack is exhausted).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static unsafe void ProbeStack(ExecContext ctx)
    {
        byte here = 0;
        Probe(ctx, (nuint)(&here), ctx.StackFloor);
    }

    /// <summary>
    /// Traps unless the stack at <paramref name="sp"/> is above <paramref name="floor"/> and the thread has room, then
    /// sets the limit <see cref="StackWindow"/> below <paramref name="sp"/> (never below the floor); changes nothing when it traps.
    /// </summary>
    private static void Probe(ExecContext ctx, nuint sp, nuint floor)
    {
        if (sp < floor || !RuntimeHelpers.TryEnsureSufficientExecutionStack()) ThrowExhausted();
        nuint limit = sp > StackWindow ? sp - StackWindow : 0;
        ctx.StackLimit = limit > floor ? limit : floor;
    }

    // Call depth: compiled code counts no calls (no argument, no memory traffic per call). The depth limit is a
    // native stack budget instead: entering compiled code with d calls left (MaxDepth - Depth) sets the floor
    // d * DepthFrameBytes below the entry, which the stack check of every non-leaf compiled function compares
    // against (through StackLimit, never below the floor). Deep recursion of any kind (direct, call_indirect,
    // through other modules, the interpreter or the host) ends in "call stack exhausted" at the floor or where
    // the thread's own stack runs short, whichever comes first. Slow-path calls count one level in
    // ExecContext.Depth for the interpreter and host functions.

    /// <summary>Native stack a compiled call is allowed on average by the call-depth limit (a frame with its saved registers).</summary>
    internal const int DepthFrameBytes = 256;

    /// <summary>
    /// Entry into compiled code from outside (host, interpreter, slow-path calls): probes the stack, sets the depth
    /// floor (never lower than an enclosing entry's) and returns the floor to restore on the way out.
    /// </summary>
    public static unsafe nuint Enter(ExecContext ctx)
    {
        byte here = 0;
        nuint sp = (nuint)(&here), saved = ctx.StackFloor;
        ulong span = (ulong)Math.Max(0, ctx.MaxDepth - ctx.Depth) * DepthFrameBytes;
        nuint floor = span >= sp ? 0 : sp - (nuint)span;
        if (floor < saved) floor = saved;
        Probe(ctx, sp, floor);
        ctx.StackFloor = floor;
        return saved;
    }

    // ------------------------------------------------------------------ value stack (slow-path calls, entry stubs)

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int LoadI32(ExecContext c, int at) => (int)c.Base[at];
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long LoadI64(ExecContext c, int at) => c.Base[at];
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float LoadF32(ExecContext c, int at) => BitConverter.Int32BitsToSingle((int)c.Base[at]);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double LoadF64(ExecContext c, int at) => BitConverter.Int64BitsToDouble(c.Base[at]);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V LoadV128(ExecContext c, int at) => Vector128.Create(c.Base[at], c.Base[at + 1]).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static object? LoadRef(ExecContext c, int at) => c.Refs[at];

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreI32(ExecContext c, int at, int v) => c.Base[at] = (uint)v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreI64(ExecContext c, int at, long v) => c.Base[at] = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreF32(ExecContext c, int at, float v) => c.Base[at] = (uint)BitConverter.SingleToInt32Bits(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreF64(ExecContext c, int at, double v) => c.Base[at] = BitConverter.DoubleToInt64Bits(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreV128(ExecContext c, int at, V v)
    {
        c.Base[at] = v.AsInt64().GetElement(0);
        c.Base[at + 1] = v.AsInt64().GetElement(1);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreRef(ExecContext c, int at, object? v) => c.Refs[at] = v;

    /// <summary>First free value-stack slot for a slow-path call of a function with <paramref name="slots"/> argument/result slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CallBase(ExecContext ctx, int slots)
    {
        int b = ctx.Top;
        if (b + slots + 16 > ctx.Capacity) ThrowExhausted();
        return b;
    }

    /// <summary>Slow-path call (imports, host functions, functions left to the interpreter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CallFunc(ExecContext ctx, CompiledInstance ci, int func, int at)
    {
        ctx.Depth++;
        ci.Functions[func].Invoke(ctx, at);
        ctx.Depth--;
    }

    /// <summary>
    /// Slow path of <c>call_indirect</c> (the inline fast path takes compiled code of a bound instance): the spec's
    /// traps, then the call through the value stack (host functions, the interpreter, a first call that binds).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CallIndirectSlow(ExecContext ctx, CompiledInstance ci, int table, int elem, int typeId, int at)
    {
        var t = ci.Tables[table];
        uint k = (uint)elem;
        if (k >= (uint)t.Length) throw new TrapException(TrapKind.UndefinedElement);
        var f = t.Elements[k] as FunctionInstance;
        if (f is null) throw new TrapException(TrapKind.UninitializedElement, $"uninitialized element {k}");
        if (f.TypeId != typeId) throw new TrapException(TrapKind.IndirectCallTypeMismatch);
        ctx.Depth++;
        f.Invoke(ctx, at);
        ctx.Depth--;
    }

    // ------------------------------------------------------------------ globals

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int GetI32(GlobalInstance g) => (int)g.Bits;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long GetI64(GlobalInstance g) => g.Bits;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float GetF32(GlobalInstance g) => BitConverter.Int32BitsToSingle((int)g.Bits);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double GetF64(GlobalInstance g) => BitConverter.Int64BitsToDouble(g.Bits);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V GetV128(GlobalInstance g) => Vector128.Create(g.Bits, g.Hi).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static object? GetRef(GlobalInstance g) => g.Ref;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetI32(int v, GlobalInstance g) => g.Bits = (uint)v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetI64(long v, GlobalInstance g) => g.Bits = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetF32(float v, GlobalInstance g) => g.Bits = (uint)BitConverter.SingleToInt32Bits(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetF64(double v, GlobalInstance g) => g.Bits = BitConverter.DoubleToInt64Bits(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetV128(V v, GlobalInstance g)
    {
        g.Bits = v.AsInt64().GetElement(0);
        g.Hi = v.AsInt64().GetElement(1);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void SetRef(object? v, GlobalInstance g) => g.Ref = v;

    // ------------------------------------------------------------------ constants

    // Float constants the JIT would use to fold x*1, x+-0, x-0, x/1 and similar into x (which must quiet a
    // signalling NaN): read from mutable statics so their value is unknown to the optimiser.
    public static float F32Zero = 0f, F32NegZero = -0f, F32One = 1f, F32NegOne = -1f;
    public static double F64Zero = 0d, F64NegZero = -0d, F64One = 1d, F64NegOne = -1d;

    /// <summary><c>f32.demote_f64</c>, not inlined so that demote(promote(x)) is not folded to x.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] public static float F32DemoteF64(double x) => (float)x;

    // NaN constants: not inlined, so the JIT cannot fold them into a constant (which would quiet a signalling NaN).
    [MethodImpl(MethodImplOptions.NoInlining)] public static float F32Bits(int bits) => BitConverter.Int32BitsToSingle(bits);
    [MethodImpl(MethodImplOptions.NoInlining)] public static double F64Bits(long bits) => BitConverter.Int64BitsToDouble(bits);

    // ------------------------------------------------------------------ memory access: (addr, [value,] mem, len, offset)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Ea(int addr, byte* mem, ulong len, ulong off, uint size)
    {
        ulong ea = (ulong)(uint)addr + off;
        if (ea + size > len) ThrowOob();
        return mem + ea;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I32Load(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<int>(Ea(a, m, l, o, 4));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long I64Load(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float F32Load(int a, byte* m, ulong l, ulong o) => BitConverter.Int32BitsToSingle(Unsafe.ReadUnaligned<int>(Ea(a, m, l, o, 4)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double F64Load(int a, byte* m, ulong l, ulong o) => BitConverter.Int64BitsToDouble(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I32Load8S(int a, byte* m, ulong l, ulong o) => *(sbyte*)Ea(a, m, l, o, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I32Load8U(int a, byte* m, ulong l, ulong o) => *Ea(a, m, l, o, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I32Load16S(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<short>(Ea(a, m, l, o, 2));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int I32Load16U(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<ushort>(Ea(a, m, l, o, 2));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long I64Load8S(int a, byte* m, ulong l, ulong o) => *(sbyte*)Ea(a, m, l, o, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long I64Load8U(int a, byte* m, ulong l, ulong o) => *Ea(a, m, l, o, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long I64Load16S(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<short>(Ea(a, m, l, o, 2));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long I64Load16U(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<ushort>(Ea(a, m, l, o, 2));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long I64Load32S(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<int>(Ea(a, m, l, o, 4));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long I64Load32U(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<uint>(Ea(a, m, l, o, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void I32Store(int a, int v, byte* m, ulong l, ulong o) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 4), v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void I64Store(int a, long v, byte* m, ulong l, ulong o) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 8), v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void F32Store(int a, float v, byte* m, ulong l, ulong o) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 4), BitConverter.SingleToInt32Bits(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void F64Store(int a, double v, byte* m, ulong l, ulong o) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 8), BitConverter.DoubleToInt64Bits(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void I32Store8(int a, int v, byte* m, ulong l, ulong o) => *Ea(a, m, l, o, 1) = (byte)v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void I32Store16(int a, int v, byte* m, ulong l, ulong o) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 2), (short)v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void I64Store8(int a, long v, byte* m, ulong l, ulong o) => *Ea(a, m, l, o, 1) = (byte)v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void I64Store16(int a, long v, byte* m, ulong l, ulong o) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 2), (short)v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void I64Store32(int a, long v, byte* m, ulong l, ulong o) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 4), (int)v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V V128Load(int a, byte* m, ulong l, ulong o) => Unsafe.ReadUnaligned<V>(Ea(a, m, l, o, 16));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void V128Store(int a, V v, byte* m, ulong l, ulong o) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 16), v);
    public static V V128Load8x8S(int a, byte* m, ulong l, ulong o) => SimdOps.V128Load8x8S(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8)));
    public static V V128Load8x8U(int a, byte* m, ulong l, ulong o) => SimdOps.V128Load8x8U(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8)));
    public static V V128Load16x4S(int a, byte* m, ulong l, ulong o) => SimdOps.V128Load16x4S(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8)));
    public static V V128Load16x4U(int a, byte* m, ulong l, ulong o) => SimdOps.V128Load16x4U(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8)));
    public static V V128Load32x2S(int a, byte* m, ulong l, ulong o) => SimdOps.V128Load32x2S(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8)));
    public static V V128Load32x2U(int a, byte* m, ulong l, ulong o) => SimdOps.V128Load32x2U(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8)));
    public static V V128Load8Splat(int a, byte* m, ulong l, ulong o) => Vector128.Create(*Ea(a, m, l, o, 1));
    public static V V128Load16Splat(int a, byte* m, ulong l, ulong o) => Vector128.Create(Unsafe.ReadUnaligned<short>(Ea(a, m, l, o, 2))).AsByte();
    public static V V128Load32Splat(int a, byte* m, ulong l, ulong o) => Vector128.Create(Unsafe.ReadUnaligned<int>(Ea(a, m, l, o, 4))).AsByte();
    public static V V128Load64Splat(int a, byte* m, ulong l, ulong o) => Vector128.Create(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8))).AsByte();
    public static V V128Load32Zero(int a, byte* m, ulong l, ulong o) => SimdOps.V128Load32Zero(Unsafe.ReadUnaligned<int>(Ea(a, m, l, o, 4)));
    public static V V128Load64Zero(int a, byte* m, ulong l, ulong o) => SimdOps.V128Load64Zero(Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8)));
    public static V V128Load8Lane(int a, V v, byte* m, ulong l, ulong o, int lane) => v.WithElement(lane & 15, *Ea(a, m, l, o, 1));
    public static V V128Load16Lane(int a, V v, byte* m, ulong l, ulong o, int lane) => v.AsInt16().WithElement(lane & 7, Unsafe.ReadUnaligned<short>(Ea(a, m, l, o, 2))).AsByte();
    public static V V128Load32Lane(int a, V v, byte* m, ulong l, ulong o, int lane) => v.AsInt32().WithElement(lane & 3, Unsafe.ReadUnaligned<int>(Ea(a, m, l, o, 4))).AsByte();
    public static V V128Load64Lane(int a, V v, byte* m, ulong l, ulong o, int lane) => v.AsInt64().WithElement(lane & 1, Unsafe.ReadUnaligned<long>(Ea(a, m, l, o, 8))).AsByte();
    public static void V128Store8Lane(int a, V v, byte* m, ulong l, ulong o, int lane) => *Ea(a, m, l, o, 1) = v.GetElement(lane & 15);
    public static void V128Store16Lane(int a, V v, byte* m, ulong l, ulong o, int lane) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 2), v.AsInt16().GetElement(lane & 7));
    public static void V128Store32Lane(int a, V v, byte* m, ulong l, ulong o, int lane) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 4), v.AsInt32().GetElement(lane & 3));
    public static void V128Store64Lane(int a, V v, byte* m, ulong l, ulong o, int lane) => Unsafe.WriteUnaligned(Ea(a, m, l, o, 8), v.AsInt64().GetElement(lane & 1));

    // ------------------------------------------------------------------ SIMD lanes with the immediate last

    public static V I8x16ReplaceLane(V v, int x, int lane) => SimdOps.I8x16ReplaceLane(v, lane, x);
    public static V I16x8ReplaceLane(V v, int x, int lane) => SimdOps.I16x8ReplaceLane(v, lane, x);
    public static V I32x4ReplaceLane(V v, int x, int lane) => SimdOps.I32x4ReplaceLane(v, lane, x);
    public static V I64x2ReplaceLane(V v, long x, int lane) => SimdOps.I64x2ReplaceLane(v, lane, x);
    public static V F32x4ReplaceLane(V v, float x, int lane) => SimdOps.F32x4ReplaceLane(v, lane, x);
    public static V F64x2ReplaceLane(V v, double x, int lane) => SimdOps.F64x2ReplaceLane(v, lane, x);

    // ------------------------------------------------------------------ memory instructions

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MemorySize(CompiledInstance ci) => (int)ci.Memory!.Pages;
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MemoryGrow(int delta, CompiledInstance ci) => (int)ci.Memory!.Grow((uint)delta);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MemoryInit(int d, int s, int n, CompiledInstance ci, int seg)
    {
        var data = ci.Module.DataSegments[seg];
        var m = ci.Memory!;
        if ((ulong)(uint)d + (uint)n > (ulong)m.Length || (ulong)(uint)s + (uint)n > (ulong)data.Length) ThrowOob();
        data.Span.Slice(s, n).CopyTo(new Span<byte>(m.Base + (uint)d, n));
    }

    public static void DataDrop(CompiledInstance ci, int seg) => ci.Module.DataSegments[seg] = ReadOnlyMemory<byte>.Empty;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MemoryCopy(int d, int s, int n, CompiledInstance ci)
    {
        var m = ci.Memory!;
        if ((ulong)(uint)d + (uint)n > (ulong)m.Length || (ulong)(uint)s + (uint)n > (ulong)m.Length) ThrowOob();
        var native = NativeMemmove;
        if (native != null && (uint)n <= NativeCallMax) native(m.Base + (uint)d, m.Base + (uint)s, (uint)n);
        else Buffer.MemoryCopy(m.Base + (uint)s, m.Base + (uint)d, (uint)n, (uint)n);
    }

    // memory.copy and memory.fill: the C library's memmove and memset, called directly without a GC transition
    // (Buffer.MemoryCopy passes overlapping ranges to the same memmove, but through managed checks and a transition
    // that cost more than copying a few kilobytes). Longer ones keep the transition, so a GC never waits long for them.
    private const uint NativeCallMax = 1 << 18;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, nuint, byte*> NativeMemmove =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, nuint, byte*>)FindLibc("memmove");
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, int, nuint, byte*> NativeMemset =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, int, nuint, byte*>)FindLibc("memset");

    /// <summary>The address of a C library function, or 0 when there is no C library to be found.</summary>
    private static nint FindLibc(string function)
    {
        string[] names = OperatingSystem.IsWindows() ? ["ucrtbase.dll", "msvcrt.dll"]
            : OperatingSystem.IsMacOS() ? ["/usr/lib/libSystem.B.dylib"]
            : ["libc.so.6", "libc.so", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"];
        foreach (var name in names)
        {
            if (System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out var lib) &&
                System.Runtime.InteropServices.NativeLibrary.TryGetExport(lib, function, out var fn))
                return fn;
        }
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MemoryFill(int d, int v, int n, CompiledInstance ci)
    {
        var m = ci.Memory!;
        if ((ulong)(uint)d + (uint)n > (ulong)m.Length) ThrowOob();
        var native = NativeMemset;
        if (native != null && (uint)n <= NativeCallMax) native(m.Base + (uint)d, v, (uint)n);
        else Unsafe.InitBlockUnaligned(m.Base + (uint)d, (byte)v, (uint)n);
    }

    // ------------------------------------------------------------------ tables and references

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? RefFunc(CompiledInstance ci, int func) => ci.Functions[func];

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int RefIsNull(object? r) => r is null ? 1 : 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object? TableGet(int i, CompiledInstance ci, int table)
    {
        var t = ci.Tables[table];
        if ((uint)i >= (uint)t.Length) ThrowTableOob();
        return t.Elements[(uint)i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TableSet(int i, object? v, CompiledInstance ci, int table)
    {
        var t = ci.Tables[table];
        if ((uint)i >= (uint)t.Length) ThrowTableOob();
        t.Elements[(uint)i] = v;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TableSize(CompiledInstance ci, int table) => ci.Tables[table].Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TableGrow(object? init, int delta, CompiledInstance ci, int table) => ci.Tables[table].Grow((uint)delta, init);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TableFill(int d, object? v, int n, CompiledInstance ci, int table)
    {
        var t = ci.Tables[table];
        if ((ulong)(uint)d + (uint)n > (ulong)t.Length) ThrowTableOob();
        Array.Fill(t.Elements, v, d, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TableCopy(int d, int s, int n, CompiledInstance ci, int dst, int src)
    {
        var td = ci.Tables[dst];
        var ts = ci.Tables[src];
        if ((ulong)(uint)d + (uint)n > (ulong)td.Length || (ulong)(uint)s + (uint)n > (ulong)ts.Length) ThrowTableOob();
        Array.Copy(ts.Elements, s, td.Elements, d, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TableInit(int d, int s, int n, CompiledInstance ci, int seg, int table)
    {
        var e = ci.Module.ElemSegments[seg];
        var t = ci.Tables[table];
        if ((ulong)(uint)d + (uint)n > (ulong)t.Length || (ulong)(uint)s + (uint)n > (ulong)e.Length) ThrowTableOob();
        Array.Copy(e, s, t.Elements, d, n);
    }

    public static void ElemDrop(CompiledInstance ci, int seg) => ci.Module.ElemSegments[seg] = [];
}
