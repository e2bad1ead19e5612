using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Compiler;

/// <summary>
/// Module-level facts the function compiler cannot see from one body: the static call graph (direct calls), which
/// functions make no calls at all, and which may grow (and so move) the linear memory, directly or through a callee.
/// One pass over the code; conservative where the callee is unknown (imports, and <c>call_indirect</c> through tables
/// that may hold functions the element segments do not list, run code that may grow memory).
/// </summary>
internal sealed class ModuleAnalysis
{
    private ModuleAnalysis(int functionCount, int imported)
    {
        ImportedFunctionCount = imported;
        Callees = new int[functionCount][];
        _indirect = new int[functionCount][];
        Leaf = new bool[functionCount];
        Calls = new int[functionCount];
        TrapsInHelper = new bool[functionCount];
        BigFrame = new bool[functionCount];
        StackCheck = new bool[functionCount];
        Inline = new bool[functionCount];
        MayGrowMemory = new bool[functionCount];
        CodeSize = new int[functionCount];
        Cost = new CilCost[functionCount];
        HelperCost = new CilCost[functionCount];
        Tees = new long[functionCount];
        UsesMemory = new bool[functionCount];
    }

    /// <summary>Number of imported functions (they come first in the function index space).</summary>
    public int ImportedFunctionCount { get; }

    /// <summary>Per function index: the distinct functions it calls directly (empty for imports).</summary>
    public int[][] Callees { get; }

    /// <summary>
    /// Per function index: its direct callees, then the functions of element segments its <c>call_indirect</c>s may
    /// reach (by type). Built on first use (by <see cref="JitOrder"/>): a table of many functions reached from many
    /// callers makes it big, and compiling the module needs none of it.
    /// </summary>
    public int[][] Edges => _edges ??= BuildEdges();

    private int[][]? _edges;

    // Per function index: the type ids of its call_indirects that element segments list functions for; those functions by type id.
    private readonly int[]?[] _indirect;
    private readonly Dictionary<int, int[]> _targets = [];

    private int[][] BuildEdges()
    {
        var edges = new int[Callees.Length][];
        var list = new List<int>();
        for (int i = 0; i < edges.Length; i++)
        {
            if (_indirect[i] is not { } ids)
            {
                edges[i] = Callees[i];
                continue;
            }
            list.Clear();
            list.AddRange(Callees[i]);
            foreach (int id in ids) list.AddRange(_targets[id]);
            edges[i] = [.. list];
        }
        return edges;
    }

    /// <summary>Per function index: a defined function without <c>call</c> or <c>call_indirect</c>.</summary>
    public bool[] Leaf { get; }

    /// <summary>Per function index: how many <c>call</c> and <c>call_indirect</c> instructions it has.</summary>
    public int[] Calls { get; }

    /// <summary>Per function index: it runs a helper that may trap (see <see cref="FunctionCompiler.TrapsInHelper"/>).</summary>
    public bool[] TrapsInHelper { get; }

    /// <summary>Per function index: a defined function whose .NET frame may be big (many locals or much code).</summary>
    public bool[] BigFrame { get; }

    /// <summary>
    /// Per function index: its prologue compares the native stack with the probe limit (and so bounds call depth).
    /// The others are the functions with a small frame from which no chain of calls longer than
    /// <see cref="UncheckedChain"/> frames (themselves included) reaches a function without the check: no recursion
    /// (a cycle of direct calls never ends, so its functions are checked), no <c>call_indirect</c> (unknown callee),
    /// and only a few small frames below their caller's check, within the headroom the stack probe keeps. Calls to
    /// imports count as one frame: whatever they run re-enters compiled code through a probe.
    /// </summary>
    public bool[] StackCheck { get; }

    /// <summary>Most frames of a chain of calls made of functions without a stack check.</summary>
    public const int UncheckedChain = 4;

    /// <summary>Largest body (in bytes of WebAssembly code) of a loop-free function marked for inlining.</summary>
    public const int InlineMaxCodeBytes = 64;

    /// <summary>Largest body of a leaf function (loops allowed) marked for inlining.</summary>
    public const int InlineLeafBytes = 48;

    /// <summary>
    /// Per function index: its method is marked AggressiveInlining. Small loop-free functions: RyuJIT inlines small
    /// callees by itself, but never a recursive call (emitted methods get no tiering, hence no profile data); the
    /// flag lets a small recursive function be inlined one level into itself, halving its calls the way tiered PGO
    /// does for native C# (the call-depth limit is unchanged: the inlined body keeps its stack check). Tiny
    /// leaves, loops allowed (character tests, min/max), are worth inlining wherever they are called.
    /// </summary>
    public bool[] Inline { get; }

    /// <summary>
    /// Per function index: calling it may grow the memory (it executes <c>memory.grow</c>, is an import, or calls
    /// something that may, through <c>call_indirect</c> too: see <see cref="IndirectMayGrowMemory"/>). Callers of
    /// other functions keep the memory base and length.
    /// </summary>
    public bool[] MayGrowMemory { get; }

    /// <summary>Per function index: the size of its body in bytes (0 for imports).</summary>
    public int[] CodeSize { get; }

    /// <summary>
    /// Per function index: the estimated CIL of its body (<see cref="CilCost.Of"/>) with inline memory checks, from
    /// the same walk (the compiler's size pre-scan reads these instead of decoding every body again).
    /// </summary>
    public CilCost[] Cost { get; }

    /// <summary>Per function index: as <see cref="Cost"/>, with its memory accesses as helper calls.</summary>
    public CilCost[] HelperCost { get; }

    /// <summary>Per function index: its number of <c>local.tee</c> instructions.</summary>
    public long[] Tees { get; }

    /// <summary>Per function index: it has memory instructions (loads, stores, memory.*).</summary>
    public bool[] UsesMemory { get; }

    /// <summary>What the walk needs of an instruction, per opcode (one lookup per instruction).</summary>
    private struct WalkEntry
    {
        // The estimates with inline checks and with helper calls (see CilCost.Of; the same but for memory accesses),
        // unless ReadsImmediates.
        public CilCost Inline, Helper;
        public byte Flags;
    }

    // WalkEntry.Flags: the estimate depends on immediates (CilCost.Of), a memory access, a trap in a helper
    // (FunctionCompiler.TrapsInHelper), local.tee, an instruction the walk's switch looks at.
    private const byte ReadsImmediates = 1, MemoryAccess = 2, HelperTrap = 4, Tee = 8, Switched = 16;

    private static readonly WalkEntry[] WalkTable = OpcodeInfo.PerOpcode(info =>
    {
        var ins = new Instruction { Opcode = info.Opcode };
        bool immediates = info.Immediate is Imm.BrTable or Imm.Func or Imm.CallIndirect or Imm.BlockType;
        bool memoryAccess = CilCost.IsMemoryAccess(in ins);
        return new WalkEntry
        {
            Inline = immediates ? default : CilCost.OfCached(in ins, false, out _),
            Helper = immediates ? default : CilCost.OfCached(in ins, true, out _),
            Flags = (byte)((immediates ? ReadsImmediates : 0) | (memoryAccess ? MemoryAccess : 0)
                | (FunctionCompiler.TrapsInHelper(info.Opcode) ? HelperTrap : 0) | (info.Opcode == Opcode.LocalTee ? Tee : 0)
                | (info.Opcode is Opcode.Call or Opcode.CallIndirect or Opcode.MemoryGrow or Opcode.TableSet or Opcode.TableGrow
                    or Opcode.TableFill or Opcode.Loop ? Switched : 0)),
        };
    });

    /// <summary>Analyses the code of <paramref name="def"/> (the bodies on up to <paramref name="threads"/> threads).</summary>
    public static ModuleAnalysis Of(ModuleDefinition def, int threads = 1)
    {
        var a = Begin(def);
        ParallelWork.For(threads, a.Callees.Length - a.ImportedFunctionCount, 32, a.NewWalker, static (w, from, to) =>
        {
            for (int i = from; i < to; i++) w.Walk(w.Imported + i);
        }, a.EndWalk);
        a.Complete();
        return a;
    }

    // Between Begin and Complete: the module, the functions element segments list by type id, which bodies have a
    // call_indirect, and whether some code stores a reference of any origin into a table.
    private ModuleDefinition? _def;
    private Dictionary<int, List<int>>? _walkTargets;
    private bool[]? _hasIndirect;
    private int _storesRefs;

    /// <summary>
    /// Starts the analysis of <paramref name="def"/>: every body is then walked once (<see cref="NewWalker"/>: the
    /// per-function facts, each body on its own, on any thread), then <see cref="Complete"/> derives the module-wide ones.
    /// </summary>
    internal static ModuleAnalysis Begin(ModuleDefinition def)
    {
        int imported = def.ImportedFunctionCount;
        int n = def.FunctionCount;
        var a = new ModuleAnalysis(n, imported) { _def = def, _hasIndirect = new bool[n] };
        // Possible call_indirect targets by type id: the functions listed in element segments (the usual targets,
        // for the JIT order; all of them when the tables are closed, for the memory-growth facts).
        var targets = a._walkTargets = [];
        foreach (var seg in def.Elements)
        {
            if (seg.FunctionIndices is null) continue;
            foreach (int f in seg.FunctionIndices)
            {
                if ((uint)f >= (uint)n || def.TryGetFuncType(def.GetFunctionTypeIndex(f)) is not { } ft) continue;
                int id = Runtime.TypeIds.Get(ft);
                if (!targets.TryGetValue(id, out var l)) targets[id] = l = [];
                l.Add(f);
            }
        }
        for (int i = 0; i < imported; i++)
        {
            a.Callees[i] = [];
            a.MayGrowMemory[i] = true;
        }
        return a;
    }

    /// <summary>A walker of bodies (one per thread).</summary>
    internal Walker NewWalker() => new(_def!, this, _walkTargets!, _hasIndirect!);

    /// <summary>Takes in what a walker found beyond its functions' entries.</summary>
    internal void EndWalk(Walker w)
    {
        if (w.StoresRefs) Volatile.Write(ref _storesRefs, 1);
    }

    /// <summary>Derives the module-wide facts once every body has been walked (and every walker ended).</summary>
    internal void Complete()
    {
        foreach (var (id, l) in _walkTargets!) _targets[id] = [.. l];
        ClosedTables = _storesRefs == 0 && ClosedTablesOf(_def!);
        IndirectGrowth(_hasIndirect!);
        FindStackChecks(_hasIndirect!);
        _def = null;
        _walkTargets = null;
        _hasIndirect = null;
    }

    /// <summary>The walk over one body at a time, with scratch reused from one body to the next.</summary>
    internal sealed class Walker(ModuleDefinition def, ModuleAnalysis a, Dictionary<int, List<int>> targets, bool[] hasIndirect)
    {
        private readonly List<int> _list = [];
        private readonly List<int> _indirect = [];
        private int[]? _seen; // per callee: 1 + the index of the last function found calling it

        public int Imported => a.ImportedFunctionCount;

        /// <summary>Whether some body walked stores a reference into a table (table.set, table.grow, table.fill).</summary>
        public bool StoresRefs;

        /// <summary>Sets the per-function entries of function <paramref name="i"/> (a defined one).</summary>
        public void Walk(int i)
        {
            int n = a.Callees.Length;
            var body = def.Bodies[i - a.ImportedFunctionCount];
            a.CodeSize[i] = body.Code.Length;
            bool leaf = true, grows = false, loops = false, usesMemory = false, trapsInHelper = false;
            int calls = 0;
            CilCost inline = default, helper = default;
            long tees = 0;
            var list = _list;
            var indirect = _indirect;
            list.Clear();
            indirect.Clear();
            Instruction ins = default;
            var r = new CodeReader(body.Code.Span, body.CodeOffset, def.Features);
            while (!r.AtEnd)
            {
                r.ReadFast(ref ins); // (the fields each immediate kind sets are the only ones read)
                ref readonly var e = ref WalkTable[(ushort)ins.Opcode];
                int flags = e.Flags;
                if (flags == 0)
                {
                    inline.Add(in e.Inline);
                    helper.Add(in e.Helper);
                    continue;
                }
                if ((flags & ReadsImmediates) != 0)
                {
                    var cost = CilCost.Of(in ins, false); // (none of these accesses memory: the same with helpers)
                    inline.Add(in cost);
                    helper.Add(in cost);
                }
                else
                {
                    inline.Add(in e.Inline);
                    helper.Add(in e.Helper);
                }
                usesMemory |= (flags & MemoryAccess) != 0;
                tees += (flags & Tee) >> 3;
                trapsInHelper |= (flags & HelperTrap) != 0;
                if ((flags & Switched) == 0) continue;
                switch (ins.Opcode)
                {
                    case Opcode.Call:
                        leaf = false;
                        calls++;
                        if (ins.Index < (uint)n)
                        {
                            var seen = _seen ??= new int[n];
                            if (seen[ins.Index] != i + 1)
                            {
                                seen[ins.Index] = i + 1;
                                list.Add((int)ins.Index);
                            }
                        }
                        break;
                    case Opcode.CallIndirect:
                        leaf = false;
                        calls++;
                        hasIndirect[i] = true; // whether it may grow the memory: see IndirectGrowth
                        if (def.TryGetFuncType((int)ins.Index) is { } it && Runtime.TypeIds.Get(it) is int id
                            && targets.ContainsKey(id) && !indirect.Contains(id))
                        {
                            indirect.Add(id);
                        }
                        break;
                    case Opcode.MemoryGrow:
                        grows = true;
                        break;
                    case Opcode.TableSet: case Opcode.TableGrow: case Opcode.TableFill:
                        StoresRefs = true;
                        break;
                    case Opcode.Loop:
                        loops = true;
                        break;
                }
            }
            a.Callees[i] = [.. list];
            if (indirect.Count > 0) a._indirect[i] = [.. indirect];
            a.Leaf[i] = leaf;
            a.Calls[i] = calls;
            a.TrapsInHelper[i] = trapsInHelper;
            a.BigFrame[i] = body.LocalCount + (long)(def.TryGetFuncType(def.GetFunctionTypeIndex(i))?.Params.Length ?? 0) > 48 || body.Code.Length > 4000;
            a.Inline[i] = (!loops && body.Code.Length <= InlineMaxCodeBytes) || (leaf && body.Code.Length <= InlineLeafBytes);
            a.MayGrowMemory[i] = grows;
            a.Cost[i] = inline;
            a.HelperCost[i] = helper;
            a.Tees[i] = tees;
            a.UsesMemory[i] = usesMemory;
        }
    }

    /// <summary>
    /// Sets <see cref="StackCheck"/>: an upper bound of the longest chain of unchecked frames from each function, by
    /// relaxation to a fixed point (values only grow, up to the cap past <see cref="UncheckedChain"/>, which marks a
    /// checked function; a cycle's values grow until one of its functions is checked). At the fixed point every
    /// unchecked function's value exceeds those of its unchecked callees, so it bounds their chains. Conservative
    /// (a value may stay higher than the chain once a callee turned checked) and, should the passes run out, all checked.
    /// </summary>
    private void FindStackChecks(bool[] hasIndirect)
    {
        int n = Callees.Length, cap = UncheckedChain + 1;
        var chain = new int[n];
        for (int i = 0; i < n; i++)
            chain[i] = i < ImportedFunctionCount ? 1 : BigFrame[i] || hasIndirect[i] ? cap : 1;
        bool changed = true;
        for (int pass = 0; changed && pass < 64; pass++)
        {
            changed = false;
            for (int i = ImportedFunctionCount; i < n; i++)
            {
                if (chain[i] >= cap) continue;
                int longest = 0;
                foreach (int c in Callees[i])
                {
                    // a checked callee starts a new chain
                    if ((uint)c < (uint)n && chain[c] < cap && chain[c] > longest) longest = chain[c];
                }
                int v = Math.Min(cap, 1 + longest);
                if (v > chain[i])
                {
                    chain[i] = v;
                    changed = true;
                }
            }
        }
        for (int i = ImportedFunctionCount; i < n; i++) StackCheck[i] = changed || chain[i] >= cap;
    }

    /// <summary>
    /// The tables hold only the functions the element segments list (so <c>call_indirect</c> reaches no other): no
    /// table is imported or exported (nothing outside changes them), none has an initialiser expression, every
    /// segment lists functions by index, and no code stores a reference into a table (table.set, table.grow,
    /// table.fill); table.init and table.copy only move those functions around.
    /// </summary>
    public bool ClosedTables { get; private set; }

    /// <summary>Type ids whose <c>call_indirect</c> may reach a function that may grow the memory (with closed tables).</summary>
    private readonly HashSet<int> _growingTypes = [];

    private static bool ClosedTablesOf(ModuleDefinition def)
    {
        if (def.ImportedTableCount > 0) return false;
        foreach (var t in def.Tables)
            if (t.Init is not null) return false;
        foreach (var e in def.Exports)
            if (e.Kind == ExternKind.Table) return false;
        foreach (var seg in def.Elements)
            if (seg.FunctionIndices is null) return false;
        return true;
    }

    /// <summary>
    /// Whether a <c>call_indirect</c> of this type may grow (and so move) the memory: always unless the tables are
    /// closed (<see cref="ClosedTables"/>); then only when a function of that type in an element segment may.
    /// </summary>
    public bool IndirectMayGrowMemory(FuncType ft) => !ClosedTables || _growingTypes.Contains(Runtime.TypeIds.Get(ft));

    /// <summary>
    /// <see cref="MayGrowMemory"/> through calls of both kinds: a function with a <c>call_indirect</c> may grow the
    /// memory when the tables are open, else when one of the functions the segments list for its type may (to a
    /// fixed point: each round adds the types that now reach a growing function and their callers).
    /// </summary>
    private void IndirectGrowth(bool[] hasIndirect)
    {
        if (!ClosedTables)
        {
            for (int i = 0; i < hasIndirect.Length; i++)
                if (hasIndirect[i]) MayGrowMemory[i] = true;
            PropagateGrowth();
            return;
        }
        while (true)
        {
            PropagateGrowth();
            foreach (var (id, fs) in _targets)
            {
                if (_growingTypes.Contains(id)) continue;
                foreach (int f in fs)
                {
                    if (!MayGrowMemory[f]) continue;
                    _growingTypes.Add(id);
                    break;
                }
            }
            bool changed = false;
            for (int i = 0; i < _indirect.Length; i++)
            {
                if (MayGrowMemory[i] || _indirect[i] is not { } ids) continue;
                foreach (int id in ids)
                {
                    if (!_growingTypes.Contains(id)) continue;
                    MayGrowMemory[i] = changed = true;
                    break;
                }
            }
            if (!changed) return;
        }
    }

    /// <summary>Marks the callers of functions that may grow the memory, transitively (a worklist over the reversed call graph).</summary>
    private void PropagateGrowth()
    {
        int n = Callees.Length;
        // Callers of each function, in one array (start offsets per function).
        var start = new int[n + 1];
        foreach (var cs in Callees)
            foreach (int c in cs)
                if ((uint)c < (uint)n) start[c + 1]++;
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        var callers = new int[start[n]];
        var fill = start[..n];
        for (int i = 0; i < n; i++)
            foreach (int c in Callees[i])
                if ((uint)c < (uint)n) callers[fill[c]++] = i;
        var work = new Stack<int>();
        for (int i = 0; i < n; i++)
            if (MayGrowMemory[i]) work.Push(i);
        while (work.Count > 0)
        {
            int f = work.Pop();
            for (int k = start[f]; k < start[f + 1]; k++)
            {
                int caller = callers[k];
                if (MayGrowMemory[caller]) continue;
                MayGrowMemory[caller] = true;
                work.Push(caller);
            }
        }
    }

    /// <summary>
    /// The order to turn the defined functions into machine code when <paramref name="entry"/> is called first: the
    /// functions nearest to it through direct calls (breadth first) until their code reaches <paramref name="budget"/>
    /// bytes, callees before callers, then all the others, also callees first. A caller compiled after its callees calls
    /// them directly; one compiled first calls through a stub that jumps to the code once it exists.
    /// </summary>
    /// <param name="entry">The function called first.</param>
    /// <param name="budget">Most body bytes in the first part.</param>
    /// <param name="ahead">Set to the length of the first part.</param>
    public List<int> JitOrder(int entry, long budget, out int ahead)
    {
        int n = Edges.Length;
        var order = new List<int>(n - ImportedFunctionCount);
        var state = new byte[n]; // 0 not yet, 1 on the DFS stack, 2 ordered, 3 selected for the first part
        var stack = new Stack<(int Func, int Next)>();
        if (entry >= ImportedFunctionCount && entry < n)
        {
            var queue = new Queue<int>();
            queue.Enqueue(entry);
            state[entry] = 3;
            long size = CodeSize[entry];
            while (queue.Count > 0 && size < budget)
            {
                foreach (int c in Edges[queue.Dequeue()])
                {
                    if ((uint)c >= (uint)n || c < ImportedFunctionCount || state[c] != 0) continue;
                    state[c] = 3;
                    size += CodeSize[c];
                    queue.Enqueue(c);
                    if (size >= budget) break;
                }
            }
            PostOrder(entry, 3, state, stack, order);
        }
        ahead = order.Count;
        for (int i = ImportedFunctionCount; i < n; i++)
        {
            if (state[i] == 0) PostOrder(i, 0, state, stack, order);
        }
        return order;
    }

    /// <summary>Appends the functions in state <paramref name="eligible"/> reachable from <paramref name="root"/> through them, callees first.</summary>
    private void PostOrder(int root, byte eligible, byte[] state, Stack<(int Func, int Next)> stack, List<int> order)
    {
        int n = Edges.Length;
        state[root] = 1;
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (f, next) = stack.Pop();
            var cs = Edges[f];
            if (next < cs.Length)
            {
                stack.Push((f, next + 1));
                int c = cs[next];
                if ((uint)c < (uint)n && c >= ImportedFunctionCount && state[c] == eligible)
                {
                    state[c] = 1;
                    stack.Push((c, 0));
                }
                continue;
            }
            state[f] = 2;
            order.Add(f);
        }
    }
}
