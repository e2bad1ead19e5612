using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cilantro.Instructions;
using Cilantro.Model;
using Cilantro.Runtime;

namespace Cilantro.Compiler;

/// <summary>
/// Limits past which RyuJIT would compile a function without optimisation (MinOpts: <c>DEFAULT_MIN_OPTS_*</c> in the
/// runtime's <c>jit/compiler.h</c>: 60,000 IL bytes, 20,000 IL instructions, 2,000 basic blocks, 2,000 locals, 8,000
/// local references), with a margin for the estimate. A function whose estimated CIL exceeds them with inline bounds
/// checks is compiled with helper calls for its memory accesses (no basic blocks of their own); past that it runs in
/// the interpreter.
/// </summary>
internal sealed record CompilerLimits
{
    /// <summary>Most estimated CIL bytes in one compiled function.</summary>
    public int MaxILBytes { get; init; } = 54_000;
    /// <summary>Most estimated CIL instructions in one compiled function.</summary>
    public int MaxILInstructions { get; init; } = 18_000;
    /// <summary>Most estimated basic blocks in one compiled function.</summary>
    public int MaxBasicBlocks { get; init; } = 1_800;
    /// <summary>Most locals (parameters included) in one compiled function.</summary>
    public int MaxLocals { get; init; } = 1_500;
    /// <summary>Most estimated local and argument references in one compiled function.</summary>
    public int MaxLocalRefs { get; init; } = 7_200;

    /// <summary>
    /// <c>CILANTRO_SPLIT_STRESS=N</c> divides the size the region splitter aims for by N (a test aid: with N in the
    /// hundreds, nearly every function of the spec suite with some control flow is split into regions); the methods
    /// must still fit the real limits.
    /// </summary>
    internal static readonly int StressDivisor =
        int.TryParse(Environment.GetEnvironmentVariable("CILANTRO_SPLIT_STRESS"), out int d) && d > 1 ? d : 1;

    /// <summary>Divides the size the region splitter aims for (tests; default <c>CILANTRO_SPLIT_STRESS</c> or 1).</summary>
    internal int SplitDivisor { get; init; } = StressDivisor;

    /// <summary>The limits the splitter aims for: these, or smaller ones under the stress test.</summary>
    internal CompilerLimits Target => SplitDivisor <= 1 ? this : this with
    {
        SplitDivisor = 1,
        MaxILBytes = Math.Max(MaxILBytes / SplitDivisor, 8),
        MaxILInstructions = Math.Max(MaxILInstructions / SplitDivisor, 4),
        MaxBasicBlocks = Math.Max(MaxBasicBlocks / SplitDivisor, 1),
        MaxLocalRefs = Math.Max(MaxLocalRefs / SplitDivisor, 2),
    };

    /// <summary>Whether a function too big for one optimised method is split into several (else helper calls or the interpreter).</summary>
    public bool Split { get; init; } = Environment.GetEnvironmentVariable("CILANTRO_SPLIT") != "0";
    /// <summary>Whether a lazily compiled module is turned into machine code on a background thread as soon as it is built.</summary>
    public bool BackgroundJit { get; init; } = Environment.GetEnvironmentVariable("CILANTRO_BACKGROUND_JIT") != "0";
    /// <summary>
    /// At the first call into a lazily compiled module: most bytes of code, nearest to the called function through
    /// direct calls, turned into machine code before it runs (0: none, the JIT runs on first calls and in the background).
    /// </summary>
    public long JitAheadBytes { get; init; } = long.TryParse(Environment.GetEnvironmentVariable("CILANTRO_JIT_AHEAD"), out long b) ? b : 512 * 1024;
    /// <summary>Whether the code goes into a collectible assembly (see <see cref="EngineOptions.UnloadableCode"/>).</summary>
    public bool UnloadableCode { get; init; } = true;

    /// <summary>
    /// Whether a module is translated on several threads (the analysis, the size estimates and region plans, and the
    /// function bodies; the IL is the same either way): by default when the machine has more than one processor,
    /// unless <c>CILANTRO_PARALLEL_TRANSLATE=0</c>.
    /// </summary>
    public bool ParallelTranslation { get; init; } = ParallelSetting == "force" || (Environment.ProcessorCount > 1 && ParallelSetting != "0");

    /// <summary><c>CILANTRO_PARALLEL_TRANSLATE</c>: <c>0</c> off, <c>force</c> on for modules of any size (tests).</summary>
    private static readonly string? ParallelSetting = Environment.GetEnvironmentVariable("CILANTRO_PARALLEL_TRANSLATE");

    /// <summary>
    /// Fewest bytes of code in a module translated on several threads (below, handing work to other threads costs
    /// more than it saves); 0 with <c>CILANTRO_PARALLEL_TRANSLATE=force</c>.
    /// </summary>
    internal int ParallelMinCodeBytes { get; init; } = ParallelSetting == "force" ? 0 : 16 * 1024;

    /// <summary>A function whose translation throws (tests of the fallback to the interpreter), or -1.</summary>
    internal int FailFunction { get; init; } = -1;

    /// <summary>Most threads translating one module.</summary>
    internal int MaxThreads { get; init; } = ParallelSetting == "force" ? Math.Max(Environment.ProcessorCount, 2) : Math.Min(Environment.ProcessorCount, 8);

    /// <summary>The threads to translate <paramref name="codeBytes"/> bytes of code with (1: on the calling thread only).</summary>
    internal int ThreadsFor(long codeBytes) => ParallelTranslation && codeBytes >= ParallelMinCodeBytes ? Math.Max(1, MaxThreads) : 1;
}

/// <summary>What the size pre-scan found out about a function.</summary>
/// <param name="UsesMemory">It has memory instructions (so it keeps the memory base and length in locals).</param>
/// <param name="HelperMemory">Its loads and stores go through helper calls (inline checks would make it too big).</param>
/// <param name="DupTee">Its local.tee instructions use dup + store (one local reference less each, for functions near the limits).</param>
/// <param name="Split">Its regions, when it is too big for one optimised method (see <see cref="RegionSplitter"/>).</param>
internal readonly record struct FunctionShape(bool UsesMemory, bool HelperMemory, SplitPlan? Split = null, bool DupTee = false);

/// <summary>
/// The CIL of one module definition: a static method per compilable function plus an entry stub, in one collectible
/// assembly. Shared by every instance of the definition (instance state comes in through <see cref="CompiledInstance"/>).
/// </summary>
internal sealed class CompiledModule
{
    private static readonly ConditionalWeakTable<ModuleDefinition, CompiledModule> Cache = new();
    /// <summary>Code built in non-collectible assemblies (<see cref="CompilerLimits.UnloadableCode"/> off).</summary>
    private static readonly ConditionalWeakTable<ModuleDefinition, CompiledModule> PersistentCache = new();
    private static int _counter;

    private CompiledModule(ModuleDefinition def)
    {
        Definition = def;
        ImportedFunctionCount = def.ImportedFunctionCount;
        FuncTypes = new FuncType[def.FunctionCount];
        for (int i = 0; i < FuncTypes.Length; i++) FuncTypes[i] = def.TryGetFuncType(def.GetFunctionTypeIndex(i)) ?? FuncType.Empty;
        GlobalTypes = new GlobalType[def.GlobalCount];
        for (int i = 0; i < GlobalTypes.Length; i++) GlobalTypes[i] = def.GetGlobalType(i);
        TableTypes = new TableType[def.TableCount];
        for (int i = 0; i < TableTypes.Length; i++) TableTypes[i] = def.GetTableType(i);
        Methods = new MethodInfo?[FuncTypes.Length];
        Entries = new EntryStubFactory?[FuncTypes.Length];
        TypeIdsByIndex = new int[def.Types.Count];
        for (int i = 0; i < TypeIdsByIndex.Length; i++)
            TypeIdsByIndex[i] = def.TryGetFuncType(i) is { } ft ? Runtime.TypeIds.Get(ft) : 0;
    }

    public ModuleDefinition Definition { get; }

    /// <summary>Call-graph facts about the module (computed on first use).</summary>
    public ModuleAnalysis Analysis => _analysis ??= ModuleAnalysis.Of(Definition);
    private ModuleAnalysis? _analysis;
    public int ImportedFunctionCount { get; }
    public FuncType[] FuncTypes { get; }
    public GlobalType[] GlobalTypes { get; }
    public TableType[] TableTypes { get; }
    /// <summary>Per function index: the compiled method (a builder while emitting, the runtime method after), or null (import or interpreted).</summary>
    public MethodInfo?[] Methods { get; }
    public EntryStubFactory?[] Entries { get; }
    /// <summary>Why the whole module runs in the interpreter, if it does.</summary>
    public string? FailedReason { get; private set; }

    /// <summary>Number of functions left to the interpreter.</summary>
    public int InterpretedCount { get; private set; }

    /// <summary>The region methods of each split function, by function index (JIT-compiled ahead of the function).</summary>
    public MethodInfo[]?[] RegionMethods { get; private set; } = [];

    /// <summary>Number of functions split into region methods, and the region methods they have.</summary>
    public (int Functions, int Regions) Split { get; private set; }

    /// <summary>The ahead-of-time code object this module runs (kept alive with the module), or null.</summary>
    public Aot.PrecompiledCode? Precompiled { get; private set; }

    /// <summary>Runtime ids (<see cref="Runtime.TypeIds"/>) of the module's types, by type index, for compiled code that cannot embed them.</summary>
    public int[] TypeIdsByIndex { get; }

    /// <summary>
    /// Registers precompiled code for a definition (it must be the code of exactly this module: the caller checked the key).
    /// </summary>
    /// <param name="def">The module definition.</param>
    /// <param name="code">The code object.</param>
    /// <param name="viaReflection">
    /// Find the methods by name through reflection instead of calling <see cref="Aot.PrecompiledCode.GetCode"/>: much
    /// cheaper when the code is JIT-compiled (a GetCode of thousands of <c>ldftn</c> costs RyuJIT tens of milliseconds),
    /// but not for NativeAOT or trimmed apps.
    /// </param>
    public static void AttachPrecompiled(ModuleDefinition def, Aot.PrecompiledCode code, bool viaReflection)
    {
        var cm = new CompiledModule(def) { Precompiled = code };
        int n = cm.FuncTypes.Length;
        var fns = new nint[n];
        var entries = new nint[n];
        if (!viaReflection || !FindByName(code.GetType(), fns, entries, cm)) code.GetCode(fns, entries);
        int interpreted = 0;
        for (int i = cm.ImportedFunctionCount; i < n; i++)
        {
            if (fns[i] != 0 && entries[i] != 0) cm.Entries[i] = new EntryStubFactory(fns[i], entries[i], cm.Methods[i]);
            else interpreted++;
        }
        cm.InterpretedCount = interpreted;
        lock (Cache) Cache.AddOrUpdate(def, cm);
    }

    /// <summary>
    /// Fills the entry points of the methods <c>f</c>N and <c>e</c>N of a generated type, and the module's methods and
    /// region methods; false (and nothing filled) when they do not pair up.
    /// </summary>
    private static bool FindByName(Type type, nint[] fns, nint[] entries, CompiledModule cm)
    {
        var (bodies, stubs, regions) = MethodsByName(type, fns.Length);
        int found = 0;
        for (int i = 0; i < fns.Length; i++)
        {
            if ((bodies[i] is null) != (stubs[i] is null)) return false;
            if (bodies[i] is null) continue;
            found++;
        }
        if (found == 0 && fns.Length > 0) return false;
        for (int i = 0; i < fns.Length; i++)
        {
            if (bodies[i] is not { } m) continue;
            fns[i] = m.MethodHandle.GetFunctionPointer();
            entries[i] = stubs[i]!.MethodHandle.GetFunctionPointer();
            cm.Methods[i] = m;
        }
        cm.RegionMethods = regions;
        return true;
    }

    /// <summary>
    /// The methods of a generated type by function index: bodies <c>f</c>N, entry stubs <c>e</c>N and, in order, the
    /// region methods <c>r</c>N<c>_</c>K of split functions.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2070",
        Justification = "When trimming removed the methods, nothing is found and the caller uses PrecompiledCode.GetCode.")]
    private static (MethodInfo?[] Bodies, MethodInfo?[] Entries, MethodInfo[]?[] Regions) MethodsByName(Type type, int functions)
    {
        var bodies = new MethodInfo?[functions];
        var entries = new MethodInfo?[functions];
        var lists = new List<(int K, MethodInfo M)>?[functions];
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        const System.Globalization.NumberStyles Digits = System.Globalization.NumberStyles.None;
        foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            string name = m.Name;
            if (name.Length < 2 || name[0] is not ('f' or 'e' or 'r')) continue;
            int end = name[0] == 'r' ? name.IndexOf('_') : name.Length;
            int k = 0;
            if (end < 2 || !int.TryParse(name.AsSpan(1, end - 1), Digits, inv, out int i) || i >= functions
                || (name[0] == 'r' && !int.TryParse(name.AsSpan(end + 1), Digits, inv, out k))) continue;
            if (name[0] == 'f') bodies[i] = m;
            else if (name[0] == 'e') entries[i] = m;
            else (lists[i] ??= []).Add((k, m));
        }
        var regions = new MethodInfo[]?[functions];
        for (int i = 0; i < functions; i++)
        {
            if (lists[i] is not { } l) continue;
            l.Sort((a, b) => a.K.CompareTo(b.K));
            regions[i] = [.. l.Select(r => r.M)];
        }
        return (bodies, entries, regions);
    }

    /// <summary>The compiled code of a definition, built on first use.</summary>
    public static CompiledModule Get(ModuleDefinition def, CompilerLimits limits)
    {
        lock (Cache)
        {
            // Precompiled code serves both kinds of engine; code built here is kept apart by collectibility.
            if (Cache.TryGetValue(def, out var cm) && (limits.UnloadableCode || cm.Precompiled is not null)) return cm;
            var cache = limits.UnloadableCode ? Cache : PersistentCache;
            if (cache.TryGetValue(def, out cm)) return cm;
            cm = new CompiledModule(def);
            cm.Build(limits);
            cache.Add(def, cm);
            return cm;
        }
    }

    /// <summary>
    /// Whether the compiler should leave a function to the interpreter: estimates the CIL the compiler will emit
    /// (<see cref="CilCost.Of"/>: bytes, instructions, basic blocks, local references) against <paramref name="limits"/>.
    /// A function over them is split into region methods (<see cref="RegionSplitter"/>); failing that, its memory
    /// accesses become helper calls; failing that, it runs in the interpreter.
    /// </summary>
    private bool TooBig(int func, FunctionBody body, FuncType ft, CompilerLimits limits, out FunctionShape shape)
    {
        shape = default;
        if (ft.Params.Length + body.LocalCount > limits.MaxLocals) return true;
        var a = Analysis; // its walk estimated every body's CIL
        CilCost inline = a.Cost[func], helper = a.HelperCost[func];
        bool usesMemory = a.UsesMemory[func];
        long tees = a.Tees[func];
        if (Trace && body.Code.Length > 10000)
            Console.Error.WriteLine($"compiler: estimate {inline} (helper memory: {helper})");
        // In order of preference: inline checks (store + load tees, then dup tees, one byte and one local reference
        // less each), split into regions, helper-call memory (with either kind of tee).
        var dupSaving = new CilCost(tees, 0, 0, tees);
        var inlineDup = inline;
        inlineDup.Sub(dupSaving);
        var helperDup = helper;
        helperDup.Sub(dupSaving);
        shape = new FunctionShape(usesMemory, false);
        if (inline.Fits(limits.Target)) return false;
        if (limits.SplitDivisor <= 1 && inlineDup.Fits(limits))
        {
            shape = new FunctionShape(usesMemory, false, DupTee: true);
            return false;
        }
        if (limits.Split && RegionSplitter.Plan(Definition, ft, body, limits, FuncTypes) is { } plan)
        {
            if (Trace)
                Console.Error.WriteLine($"compiler: split into {plan.Regions.Count} regions (function method {plan.Residual}, {plan.FrameSlots} frame slots)");
            shape = new FunctionShape(usesMemory, false, plan);
            return false;
        }
        if (limits.SplitDivisor > 1 && inline.Fits(limits)) return false; // (only under the split stress test)
        if (helper.Fits(limits) || helperDup.Fits(limits))
        {
            shape = new FunctionShape(usesMemory, true, DupTee: !helper.Fits(limits));
            return false;
        }
        return true;
    }

    /// <summary>
    /// Compiles a definition ahead of time into the emitter's persisted assembly (not registered in the cache: the
    /// result is saved, not run).
    /// </summary>
    public static CompiledModule BuildAot(ModuleDefinition def, CompilerLimits limits, Aot.AotEmitter aot)
    {
        var cm = new CompiledModule(def) { Aot = aot };
        cm.Build(limits);
        return cm;
    }

    /// <summary>The ahead-of-time emitter while building into a persisted assembly, else null.</summary>
    public Aot.AotEmitter? Aot { get; private set; }

    private void Build(CompilerLimits limits)
    {
        try
        {
            BuildCore(limits, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A function the emitter cannot handle: find which, leave it to the interpreter, and retry once.
            FailedReason = e.Message;
            if (Environment.GetEnvironmentVariable("CILANTRO_COMPILER_TRACE") is not null)
                Console.Error.WriteLine($"compiler: function {_failedFunc} left to the interpreter: {e}");
            var skip = new bool[FuncTypes.Length];
            for (int i = ImportedFunctionCount; i < FuncTypes.Length; i++)
            {
                if (Methods[i] is null) skip[i] = true;
            }
            Array.Clear(Methods);
            Array.Clear(Entries);
            try
            {
                BuildCore(limits, _failedFunc >= 0 ? MarkFailed(skip) : null);
            }
            catch (Exception e2) when (e2 is not OutOfMemoryException)
            {
                FailedReason = e2.Message;
                Array.Clear(Methods);
                Array.Clear(Entries);
                InterpretedCount = FuncTypes.Length - ImportedFunctionCount;
                if (Aot is not null) BuildCore(limits, AllSkipped());
            }
        }
    }

    /// <summary>Largest body (bytes of WebAssembly code) of a self-recursive function with a twin (see Compile), loops allowed.</summary>
    internal const int TwinMaxCodeBytes = 64;

    /// <summary>Defines the region methods of a split function (in the plan's order).</summary>
    private void DefineRegions(TypeBuilder tb, int func, SplitPlan plan)
    {
        int k = 0;
        foreach (var g in plan.Regions)
        {
            var m = tb.DefineMethod("r" + func + "_" + k++, MethodAttributes.Public | MethodAttributes.Static, typeof(int),
                g.TailLevels > 0 ? FunctionCompiler.TailRegionParamTypes : FunctionCompiler.RegionParamTypes);
            if (OptimizeAtOnce) m.SetImplementationFlags(MethodImplAttributes.AggressiveOptimization);
            g.Method = m;
        }
    }

    /// <summary>
    /// Emits the body of a function: its region methods first (inner regions first), then its method and its twin's.
    /// <paramref name="gated"/>: on a thread of <see cref="CompileBodies"/>, steps that reach the module wait their turn.
    /// </summary>
    private void CompileBody(int i, MethodBuilder m, MethodBuilder? twin, MethodBuilder? twin2, FunctionShape shape, bool big, bool gated)
    {
        if (shape.Split is { } plan)
            for (int k = 0; k < plan.Regions.Count; k++) CompileRegion(i, shape, k, gated);
        CompileMain(i, m, twin, twin2, shape, big, gated);
    }

    /// <summary>Emits region <paramref name="k"/> (in the plan's order) of a split function.</summary>
    private void CompileRegion(int i, FunctionShape shape, int k, bool gated)
    {
        if (i == _failFunction) throw new InvalidOperationException("translation of function " + i + " failed (test)");
        var plan = shape.Split!;
        var g = plan.Regions[k];
        var rm = (MethodBuilder)g.Method!;
        var ril = rm.GetILGenerator(Math.Clamp((g.End - g.Start) * 4, 64, 1 << 16)); // about 4 CIL bytes per code byte
        var fc = new FunctionCompiler(this, Generator(ril, rm, gated), i, plan, g);
        fc.CompileRegion(shape);
        fc.ReturnArrays();
    }

    /// <summary>Emits a function's own method (after its regions, if split) and its twins'.</summary>
    private void CompileMain(int i, MethodBuilder m, MethodBuilder? twin, MethodBuilder? twin2, FunctionShape shape, bool big, bool gated)
    {
        if (i == _failFunction) throw new InvalidOperationException("translation of function " + i + " failed (test)");
        if (Trace && shape.Split is { } plan) foreach (var g in plan.Regions) Console.Error.WriteLine($"compiler: function {i} region {g}");
        // The IL stream sized from the estimate up front (it otherwise starts at 16 bytes and doubles).
        int ilSize = (int)Math.Clamp(Analysis.Cost[i].Bytes + 32, 64, 1 << 16);
        var il = m.GetILGenerator(ilSize);
        var fc = new FunctionCompiler(this, Generator(il, m, gated), i) { SelfTarget = twin };
        fc.Compile(big, shape);
        fc.ReturnArrays();
        // Each twin's self-calls call the next twin, the last one's the function.
        if (twin is not null) CompileTwin(twin, (MethodInfo?)twin2 ?? m);
        if (twin2 is not null) CompileTwin(twin2, m);

        void CompileTwin(MethodBuilder t, MethodInfo selfTarget)
        {
            var til = t.GetILGenerator(ilSize);
            var tc = new FunctionCompiler(this, Generator(til, t, gated), i) { SelfTarget = selfTarget, NoStackCheck = true };
            tc.Compile(false, shape);
            tc.ReturnArrays();
        }
    }

    /// <summary>Estimated CIL bytes from which a body counts as big for <see cref="BodyOrder"/>.</summary>
    private const long BigBodyBytes = 16_000;

    /// <summary>
    /// The order to emit the compiled functions' bodies in (on any number of threads: it fixes the order of the
    /// module's tokens). Ahead of time: by index. In memory: by index, but the big bodies (split ones, and those of
    /// <see cref="BigBodyBytes"/> or more) after the first quarter of the others. The first bodies request most of
    /// the helper tokens; a body that needs a new one waits for all bodies before it (<see cref="EmitGate"/>), so a
    /// big body early would hold up the other threads for its whole translation; late, the small ones left balance
    /// the threads while big ones are translated.
    /// </summary>
    private int[] BodyOrder(MethodBuilder?[] builders, FunctionShape[] shapes)
    {
        var small = new List<int>();
        var bigs = new List<int>();
        for (int i = ImportedFunctionCount; i < builders.Length; i++)
        {
            if (builders[i] is null) continue;
            (Aot is null && (shapes[i].Split is not null || Analysis.Cost[i].Bytes >= BigBodyBytes) ? bigs : small).Add(i);
        }
        small.InsertRange(small.Count / 4, bigs);
        return [.. small];
    }

    /// <summary>The IL generator a method is emitted with: its own, recorded (ahead-of-time IL dump) or gated.</summary>
    private ILGenerator Generator(ILGenerator il, MethodBuilder m, bool gated) =>
        gated ? new GatedILGenerator(il) : Aot?.Il(il, m) ?? il;

    /// <summary>
    /// Emits the bodies of the functions in <paramref name="work"/> (ascending indices) on up to <paramref name="threads"/>
    /// threads, in order of index (see <see cref="EmitGate"/>: every step that reaches the module builder happens in
    /// the order of a build on one thread, so the tokens and the IL are the same). A function that fails is reported
    /// as on one thread: the first in index order, with its exception (the functions after it are not emitted).
    /// </summary>
    private void CompileBodies(int threads, int[] work, MethodBuilder?[] builders, MethodBuilder?[] twins, MethodBuilder?[] twins2, FunctionShape[] shapes, bool[] big)
    {
        // The work items: each region method of a split function on its own (in the plan's order), then the
        // function's own method; in the order of CompileBody on one thread (the gate keeps that order of tokens).
        // A region's compilation tells its callers (the regions around it, or the function) how it exits: each waits
        // for its callees' items first (items of the same function, inner regions first: at lower positions).
        var items = new List<(int Func, int Region, int First)>(work.Length);
        foreach (int i in work)
        {
            int first = items.Count;
            if (shapes[i].Split is { } plan)
                for (int k = 0; k < plan.Regions.Count; k++) items.Add((i, k, first));
            items.Add((i, -1, first));
        }
        var gate = new EmitGate(items.Count);
        int failed = int.MaxValue;
        Exception? error = null;
        ParallelWork.For(threads, items.Count, 1, static () => 0, (_, from, to) =>
        {
            for (int p = from; p < to; p++)
            {
                var (i, k, first) = items[p];
                try
                {
                    if (p > Volatile.Read(ref failed)) continue; // (the build is retried without the failed function)
                    if (shapes[i].Split is { } plan)
                    {
                        if (k < 0)
                        {
                            for (int q = first; q < p; q++) gate.WaitDone(q);
                        }
                        else
                        {
                            foreach (var c in plan.Regions[k].Children) gate.WaitDone(first + plan.Regions.IndexOf(c));
                        }
                        if (p > Volatile.Read(ref failed)) continue;
                    }
                    EmitGate.Enter(gate, p);
                    if (k >= 0) CompileRegion(i, shapes[i], k, true);
                    else CompileMain(i, builders[i]!, twins[i], twins2[i], shapes[i], big[i], true);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    lock (gate)
                    {
                        if (p < failed)
                        {
                            failed = p;
                            error = e;
                        }
                    }
                }
                finally
                {
                    EmitGate.Enter(null, 0);
                    gate.Complete(p);
                }
            }
        });
        if (error is null) return;
        _failedFunc = items[failed].Func;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>
    /// Whether functions are marked for full optimisation on first call. Code built in memory always is: a collectible
    /// assembly is never tiered anyway, and in a non-collectible one tier 0 would run first (slow for seconds in a
    /// benchmark-length run). Ahead-of-time code follows its optimisation level.
    /// </summary>
    private bool OptimizeAtOnce => Aot is null || Aot.AggressiveOptimization;

    private bool[] AllSkipped()
    {
        var skip = new bool[FuncTypes.Length];
        Array.Fill(skip, true);
        return skip;
    }

    // Collectible code calls a method that has no machine code yet through a stub that jumps to it (non-collectible code
    // calls through the method's slot): a function calling itself always does, as its call is compiled before it. Its
    // self-calls load the entry point from its slot here instead (the stub first, its machine code once prepared).
    private nint[]? _selfEntries; // pinned: compiled code reads an element's address
    private bool[]? _selfCalled;
    private const string SelfEntriesField = "SelfEntries";

    /// <summary>
    /// The address of the slot a self-call of <paramref name="func"/> calls through, or null where a direct call is
    /// as fast (non-collectible and ahead-of-time code).
    /// </summary>
    internal nint? SelfEntryOf(int func)
    {
        if (_selfEntries is null) return null;
        _selfCalled![func] = true;
        return Marshal.UnsafeAddrOfPinnedArrayElement(_selfEntries, func);
    }

    // Instances bound to this code (weakly: the code outlives none of them), whose call_indirect entry points
    // (FunctionInstance.IndirectFn) move from the stubs to the machine code as it is made; also the lock of binding.
    private readonly List<WeakReference<ModuleInstance>> _bound = [];
    private int _pruneAt = 8;
    private int _unprepared; // compiled functions not yet through Prepared (no instance needs tracking at 0)

    /// <summary>
    /// Sets the entry points of <paramref name="instance"/>'s compiled functions (<see cref="FunctionInstance.IndirectFn"/>)
    /// while no method's entry point changes (see <see cref="Prepared"/>); <paramref name="bind"/> does it.
    /// </summary>
    internal void Bind(ModuleInstance instance, Action bind)
    {
        lock (_bound)
        {
            bind();
            if (_selfEntries is null || _unprepared == 0) return;
            if (_bound.Count >= _pruneAt)
            {
                _bound.RemoveAll(w => !w.TryGetTarget(out _));
                _pruneAt = Math.Max(8, 2 * _bound.Count);
            }
            _bound.Add(new WeakReference<ModuleInstance>(instance));
        }
    }

    /// <summary>
    /// After the method of <paramref name="func"/> got its machine code, in collectible code: its self-calls and
    /// call_indirects of it go there directly rather than through the method's stub.
    /// </summary>
    internal void Prepared(int func)
    {
        if (_selfEntries is null || Methods[func] is not { } m || Entries[func] is not { } entry) return;
        nint fn = m.MethodHandle.GetFunctionPointer();
        if (_selfCalled![func]) Volatile.Write(ref _selfEntries[func], fn);
        lock (_bound)
        {
            _unprepared--;
            entry.Fn = fn;
            foreach (var w in _bound)
                if (w.TryGetTarget(out var instance) && instance.Functions[func] is WasmFunction { Code: CompiledFunction } wf)
                    Volatile.Write(ref wf.IndirectFn, fn);
        }
    }

    private int _failedFunc = -1;
    internal static readonly bool Trace = Environment.GetEnvironmentVariable("CILANTRO_COMPILER_TRACE") is not null;
    private ModuleBuilder? _moduleBuilder;

    // The token caches are read by every thread emitting bodies without waiting (a hit needs nothing from the
    // module); a miss takes the token from the module builder once the body's turn has come (EmitGate), and first
    // looks again: a body before it may have added the token meanwhile (Reflection.Emit may not reuse one).

    /// <summary>Call tokens of helper methods in the module being built (see <c>FunctionCompiler.Call</c>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, (int Token, OpCode Op)>? CallTokens { get; private set; }

    /// <summary>Field tokens in the module being built.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<FieldInfo, int>? FieldTokens { get; private set; }

    /// <summary>Standalone-signature tokens of call_indirect, per type index, in the module being built.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<int, int>? CalliTokens { get; private set; }

    /// <summary>The standalone-signature token of the managed static signature of the functions of a type index in the module being built.</summary>
    public int SignatureTokenOf(int typeIndex, Type ret, Type[] ps)
    {
        EmitGate.WaitTurn();
        if (CalliTokens!.TryGetValue(typeIndex, out int tk)) return tk;
        return _moduleBuilder!.GetSignatureMetadataToken(SignatureHelper.GetMethodSigHelper(_moduleBuilder, ret, ps));
    }

    /// <summary>The member-reference token of a field in the module being built.</summary>
    public int TokenOf(FieldInfo f)
    {
        EmitGate.WaitTurn();
        if (FieldTokens!.TryGetValue(f, out int tk)) return tk;
        return _moduleBuilder!.GetFieldMetadataToken(f);
    }

    /// <summary>The member-reference token of a method in the module being built.</summary>
    public int TokenOf(MethodInfo m)
    {
        EmitGate.WaitTurn();
        if (CallTokens!.TryGetValue(m, out var ct) && ct.Token != 0) return ct.Token;
        return _moduleBuilder!.GetMethodMetadataToken(m);
    }

    private bool[] MarkFailed(bool[] skip)
    {
        skip[_failedFunc] = true;
        return skip;
    }

    /// <summary>
    /// With <c>CILANTRO_COMPILER_TRACE</c>: time spent in each phase of building modules in memory, in
    /// <see cref="System.Diagnostics.Stopwatch"/> ticks, summed over all builds (the trace prints them per module).
    /// </summary>
    internal static readonly long[] PhaseTicks = new long[(int)Phase.Count];

    /// <summary>
    /// The phases of <see cref="BuildCore"/> timed in <see cref="PhaseTicks"/>. Analysis: walking the bodies, sizing
    /// them (region plans included) and declaring their methods, together; Define: the rest of the declarations;
    /// Liveness: the part of the region plans in <see cref="RegionLiveness"/>.
    /// </summary>
    internal enum Phase { Assembly, Analysis, Define, Bodies, CreateType, Bind, Liveness, Count }

    private long _phaseStart;

    /// <summary>Adds the time since the last mark to <paramref name="phase"/> and starts the next.</summary>
    private void Mark(Phase phase)
    {
        if (!Trace) return;
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        Interlocked.Add(ref PhaseTicks[(int)phase], now - _phaseStart);
        _phaseStart = now;
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        Interlocked.Add(ref PhaseBytes[(int)phase], bytes - _phaseBytes);
        _phaseBytes = bytes;
    }

    /// <summary>With the trace: bytes allocated in each phase of <see cref="BuildCore"/> (as <see cref="PhaseTicks"/>).</summary>
    internal static readonly long[] PhaseBytes = new long[(int)Phase.Count];

    private long _phaseBytes;

    private int _failFunction = -1;

    /// <summary>Most functions walked and sized at a time (see BuildCore), and about the most code.</summary>
    private const int ShapeChunk = 16, ShapeChunkBytes = 4096;

    private void BuildCore(CompilerLimits limits, bool[]? skip)
    {
        var def = Definition;
        _failFunction = limits.FailFunction;
        _phaseStart = System.Diagnostics.Stopwatch.GetTimestamp();
        _phaseBytes = GC.GetAllocatedBytesForCurrentThread();
        var ticksBefore = Trace ? (long[])PhaseTicks.Clone() : null;
        var bytesBefore = Trace ? (long[])PhaseBytes.Clone() : null;
        TypeBuilder tb;
        if (Aot is null)
        {
            int id = Interlocked.Increment(ref _counter);
            var ab = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Cilantro.Compiled" + id),
                limits.UnloadableCode ? AssemblyBuilderAccess.RunAndCollect : AssemblyBuilderAccess.Run);
            ab.SetCustomAttribute(new CustomAttributeBuilder(
                typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(CompiledModule).Assembly.GetName().Name!]));
            var mb = ab.DefineDynamicModule("Cilantro.Compiled" + id);
            _moduleBuilder = mb;
            // Keyed by identity (the helpers are static fields): RuntimeMethodInfo's own hash and equality cost more per call.
            CallTokens = new(ReferenceEqualityComparer.Instance);
            FieldTokens = new(ReferenceEqualityComparer.Instance);
            CalliTokens = new();
            tb = mb.DefineType("WasmModule", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);
            if (limits.UnloadableCode)
            {
                _selfEntries = GC.AllocateArray<nint>(FuncTypes.Length, pinned: true);
                _selfCalled = new bool[FuncTypes.Length];
                tb.DefineField(SelfEntriesField, typeof(nint[]), FieldAttributes.Public | FieldAttributes.Static);
            }
        }
        else
        {
            // A persisted assembly: no token caches (its tokens are only fixed when it is saved).
            tb = Aot.DefineAssembly();
        }

        Mark(Phase.Assembly);
        long codeBytes = 0;
        foreach (var b in def.Bodies) codeBytes += b.Code.Length;
        int threads = limits.ThreadsFor(codeBytes);
        // 1. Walk the bodies (ModuleAnalysis), decide which functions compile and how (size estimates, region plans),
        // and declare their methods in function order (direct calls need every callee declared first). Each body is
        // walked and sized on its own: helper threads take chunks of functions in order, and this thread declares the
        // methods of each chunk once it is done, taking chunks itself while some are left.
        bool fresh = _analysis is null;
        var analysis = _analysis ??= ModuleAnalysis.Begin(def);
        int first = ImportedFunctionCount, n = FuncTypes.Length;
        var shapes = new FunctionShape[n];
        var interpret = new bool[n];
        var builders = new MethodBuilder?[n];
        var big = new bool[n];
        // Chunks of up to ShapeChunk functions and about ShapeChunkBytes of code (a big function on its own).
        var starts = new List<int> { 0 };
        for (int k = 0, size = 0; k < n - first; k++)
        {
            int len = def.Bodies[k].Code.Length;
            if (k > starts[^1] && (k - starts[^1] >= ShapeChunk || size + len > ShapeChunkBytes))
            {
                starts.Add(k);
                size = 0;
            }
            size += len;
        }
        starts.Add(n - first);
        int chunks = starts.Count - 1;
        var ready = new int[chunks]; // 1 done, 2 failed
        var errors = new Exception?[chunks];
        int next = 0;
        void Shape(ModuleAnalysis.Walker? w, int c)
        {
            try
            {
                for (int k = starts[c]; k < starts[c + 1]; k++)
                {
                    int i = first + k;
                    var body = def.Bodies[k];
                    w?.Walk(i);
                    if (Trace && body.Code.Length > 10000) Console.Error.WriteLine($"compiler: function {i} ({body.Code.Length} bytes, {body.LocalCount} locals)");
                    interpret[i] = (skip is not null && skip[i]) || TooBig(i, body, FuncTypes[i], limits, out shapes[i]);
                }
                Volatile.Write(ref ready[c], 1);
            }
            catch (Exception e)
            {
                errors[c] = e;
                Volatile.Write(ref ready[c], 2);
            }
        }
        int Claim() => Volatile.Read(ref next) < chunks ? Interlocked.Increment(ref next) - 1 : chunks;
        var helpers = Helpers.Start(Math.Min(threads, chunks) - 1, () =>
        {
            var w = fresh ? analysis.NewWalker() : null;
            for (int c; (c = Claim()) < chunks;) Shape(w, c);
            if (w is not null) analysis.EndWalk(w);
        });
        int interpreted = 0;
        try
        {
            var mine = fresh ? analysis.NewWalker() : null;
            for (int c = 0; c < chunks; c++)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref ready[c]) == 0)
                {
                    int claimed = Claim();
                    if (claimed < chunks) Shape(mine, claimed);
                    else spin.SpinOnce(-1);
                }
                if (ready[c] == 2) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(errors[c]!);
                for (int i = first + starts[c], end = first + starts[c + 1]; i < end; i++)
                {
                    if (interpret[i])
                    {
                        interpreted++;
                        if (Trace) Console.Error.WriteLine($"compiler: function {i} ({def.Bodies[i - first].Code.Length} bytes, {def.Bodies[i - first].LocalCount} locals) left to the interpreter");
                        continue;
                    }
                    var ft = FuncTypes[i];
                    big[i] = analysis.BigFrame[i];
                    var m = tb.DefineMethod("f" + i, MethodAttributes.Public | MethodAttributes.Static,
                        FunctionCompiler.ReturnType(ft), FunctionCompiler.ParamTypes(ft));
                    var flags = analysis.Inline[i] ? MethodImplAttributes.AggressiveInlining : 0;
                    if (OptimizeAtOnce) flags |= MethodImplAttributes.AggressiveOptimization;
                    if (flags != 0) m.SetImplementationFlags(flags);
                    builders[i] = m;
                    Methods[i] = m;
                }
            }
            if (mine is not null) analysis.EndWalk(mine);
        }
        catch when (fresh)
        {
            _analysis = null; // (not all walked)
            throw;
        }
        finally
        {
            Volatile.Write(ref next, chunks); // (after a failure: the helpers take no more)
            helpers.Join();
        }
        if (fresh) analysis.Complete();
        Mark(Phase.Analysis);
        InterpretedCount = interpreted;
        int splitFunctions = 0, regions = 0;
        foreach (var sh in shapes)
        {
            if (sh.Split is not { } p) continue;
            splitFunctions++;
            regions += p.Regions.Count;
        }
        Split = (splitFunctions, regions);

        // A small function that calls itself (marked for inlining, or loops included up to TwinMaxCodeBytes) gets a
        // twin without the stack check for its self-calls: RyuJIT inlines the twin into it (a level of recursion per
        // call, as tiered PGO does for native code), and the inlined copies leave out the checks that their frame,
        // the function's own, has already made. The twin's self-calls call the function again (never inlined: it is
        // their root), so every frame but the inlined ones is checked. Collectible code calls the function through its
        // self-call slot (SelfEntryOf), which RyuJIT cannot inline: there the twin has a twin "j" of its own, inlined
        // into it, whose self-calls call the function, so that a call covers three levels in both kinds of assembly.
        var twins = new MethodBuilder?[n];
        var twins2 = new MethodBuilder?[n];
        for (int i = first; i < n; i++)
        {
            if (builders[i] is null || !(Analysis.Inline[i] || Analysis.CodeSize[i] <= TwinMaxCodeBytes) || !Analysis.StackCheck[i] || big[i] || shapes[i].Split is not null
                || Array.IndexOf(Analysis.Callees[i], i) < 0) continue;
            twins[i] = DefineTwin("i", i);
            if (_selfEntries is not null) twins2[i] = DefineTwin("j", i);
        }
        MethodBuilder DefineTwin(string prefix, int i)
        {
            var t = tb.DefineMethod(prefix + i, MethodAttributes.Public | MethodAttributes.Static,
                FunctionCompiler.ReturnType(FuncTypes[i]), FunctionCompiler.ParamTypes(FuncTypes[i]));
            t.SetImplementationFlags(MethodImplAttributes.AggressiveInlining | (OptimizeAtOnce ? MethodImplAttributes.AggressiveOptimization : 0));
            return t;
        }
        // The region methods of split functions.
        for (int i = first; i < n; i++)
        {
            if (builders[i] is not null && shapes[i].Split is { } plan) DefineRegions(tb, i, plan);
        }

        Mark(Phase.Define);
        // 3. Bodies and entry stubs: on several threads when in memory (see EmitGate; the IL is the same either way).
        var work = BodyOrder(builders, shapes);
        var entries = new MethodBuilder?[n];
        if (Aot is null && threads > 1 && work.Length > 1)
        {
            CompileBodies(threads, work, builders, twins, twins2, shapes, big);
        }
        else
        {
            foreach (int i in work)
            {
                _failedFunc = i;
                CompileBody(i, builders[i]!, twins[i], twins2[i], shapes[i], big[i], false);
                if (Aot is null) continue; // in memory, functions share an entry stub per type (SharedEntries)
                var m = builders[i]!;
                var e = tb.DefineMethod("e" + i, MethodAttributes.Public | MethodAttributes.Static, typeof(void),
                    [typeof(Runtime.ExecContext), typeof(CompiledInstance), typeof(int)]);
                FunctionCompiler.EmitEntry(Aot.Il(e.GetILGenerator(), e) ?? e.GetILGenerator(), this, FuncTypes[i], m);
                entries[i] = e;
                Aot.Report(i - first + 1, n - first);
            }
        }
        _failedFunc = -1;
        if (Aot is not null)
        {
            Aot.Finish(tb, this, builders, entries);
            return;
        }

        Mark(Phase.Bodies);
        var type = tb.CreateType();
        Mark(Phase.CreateType);
        var (bodies, _, regionsByFunction) = MethodsByName(type, FuncTypes.Length);
        for (int i = ImportedFunctionCount; i < FuncTypes.Length; i++)
        {
            if (builders[i] is null) continue;
            Methods[i] = bodies[i];
            Entries[i] = new EntryStubFactory(bodies[i]!, FuncTypes[i]);
            if (_selfCalled is not null && _selfCalled[i]) _selfEntries![i] = bodies[i]!.MethodHandle.GetFunctionPointer();
            _unprepared++;
        }
        // The code's own reference keeps the slots alive as long as the code can run.
        if (_selfEntries is not null) type.GetField(SelfEntriesField)!.SetValue(null, _selfEntries);
        RegionMethods = regionsByFunction;
        CallTokens = null;
        FieldTokens = null;
        CalliTokens = null;
        _moduleBuilder = null;
        Mark(Phase.Bind);
        if (ticksBefore is not null)
        {
            var parts = new System.Text.StringBuilder("compiler: phases (ms)");
            for (int p = 0; p < (int)Phase.Count; p++)
                parts.Append(' ').Append((Phase)p).Append(' ').Append(((PhaseTicks[p] - ticksBefore[p]) * 1000.0 / System.Diagnostics.Stopwatch.Frequency).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))
                    .Append(" (").Append((PhaseBytes[p] - bytesBefore![p]) / 1024).Append(" KB)");
            Console.Error.WriteLine(parts.Append(" threads ").Append(threads).Append(" waits ").Append(Interlocked.Exchange(ref EmitGate.Waits, 0))
                .Append(" (").Append((Interlocked.Exchange(ref EmitGate.WaitTicks, 0) * 1000.0 / System.Diagnostics.Stopwatch.Frequency).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)).Append(" ms)").ToString());
        }
    }
}

/// <summary>
/// The entry stubs of in-memory modules, one per function type for all of them (a <see cref="DynamicMethod"/> that
/// calls the function pointer it is given), built on first use: most functions are never entered from the host, and a
/// method per function (defined, emitted and created with the module) cost about as much as the function's own.
/// </summary>
internal static class SharedEntries
{
    /// <summary>The entry stub of a function type: reads the arguments from the value stack at <paramref name="argBase"/>, calls the typed method at <paramref name="fn"/>, writes the results back.</summary>
    internal delegate void Stub(Runtime.ExecContext ctx, CompiledInstance ci, int argBase, nint fn);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<FuncType, Stub> Stubs = new();

    /// <summary>The shared entry stub of functions of type <paramref name="ft"/>.</summary>
    public static Stub Get(FuncType ft) => Stubs.GetOrAdd(ft, static ft =>
    {
        var dm = new DynamicMethod("entry", typeof(void), [typeof(Runtime.ExecContext), typeof(CompiledInstance), typeof(int), typeof(nint)],
            typeof(CompiledModule).Module, skipVisibility: true);
        FunctionCompiler.EmitEntry(dm.GetILGenerator(), null, ft, null);
        return dm.CreateDelegate<Stub>();
    });
}

/// <summary>The runtime methods of one compiled function: its typed body and its entry stub.</summary>
internal sealed class EntryStubFactory
{
    /// <summary>Code of a function of an in-memory module: its method, entered through the shared stub of its type.</summary>
    public EntryStubFactory(MethodInfo method, FuncType type)
    {
        Method = method;
        _type = type;
    }

    private readonly FuncType? _type;

    /// <summary>Code of a precompiled function: the entry points (from <c>ldftn</c>) of its method and its entry stub, no reflection.</summary>
    /// <param name="fn">Entry point of the typed method.</param>
    /// <param name="entryFn">Entry point of the entry stub.</param>
    /// <param name="method">The typed method when found by reflection (lets eager compilation prepare it), else null.</param>
    public EntryStubFactory(nint fn, nint entryFn, MethodInfo? method)
    {
        _fn = fn;
        EntryFn = entryFn;
        Method = method;
    }

    /// <summary>Entry point of the entry stub of precompiled code (called through a function pointer), else 0.</summary>
    public nint EntryFn { get; }

    private nint _fn;

    /// <summary>The typed method, or null for precompiled code bound without reflection.</summary>
    public MethodInfo? Method { get; }
    /// <summary>Entry point of the typed method (resolved on first use; set to its machine code by <see cref="CompiledModule.Prepared"/>).</summary>
    public nint Fn
    {
        get => _fn != 0 ? _fn : _fn = Method!.MethodHandle.GetFunctionPointer();
        set => _fn = value;
    }

    private SharedEntries.Stub? _shared;

    /// <summary>Calls a function of an in-memory module through the shared entry stub of its type.</summary>
    public void Enter(Runtime.ExecContext ctx, CompiledInstance ci, int argBase)
    {
        if (_type is null) throw new InvalidOperationException("precompiled code has no shared entry stub: call through EntryFn");
        (_shared ??= SharedEntries.Get(_type))(ctx, ci, argBase, Fn);
    }
}
