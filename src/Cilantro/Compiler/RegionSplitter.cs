using System.Reflection;
using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Compiler;

/// <summary>Estimated CIL of some code, in the four measures RyuJIT's MinOpts switch looks at.</summary>
internal struct CilCost
{
    public long Bytes, Instrs, Blocks, Refs;

    public CilCost(long bytes, long instrs, long blocks, long refs)
    {
        Bytes = bytes;
        Instrs = instrs;
        Blocks = blocks;
        Refs = refs;
    }

    public void Add(in CilCost c)
    {
        Bytes += c.Bytes;
        Instrs += c.Instrs;
        Blocks += c.Blocks;
        Refs += c.Refs;
    }

    public void Sub(in CilCost c)
    {
        Bytes -= c.Bytes;
        Instrs -= c.Instrs;
        Blocks -= c.Blocks;
        Refs -= c.Refs;
    }

    /// <summary>Whether the cost stays within <paramref name="scale"/> times the limits.</summary>
    public readonly bool Fits(CompilerLimits l, double scale = 1.0) =>
        Bytes <= l.MaxILBytes * scale && Instrs <= l.MaxILInstructions * scale && Blocks <= l.MaxBasicBlocks * scale && Refs <= l.MaxLocalRefs * scale;

    /// <summary>The largest fraction of a limit the cost uses (for ordering candidates).</summary>
    public readonly double Ratio(CompilerLimits l) => Math.Max(
        Math.Max((double)Bytes / l.MaxILBytes, (double)Instrs / l.MaxILInstructions),
        Math.Max((double)Blocks / l.MaxBasicBlocks, (double)Refs / l.MaxLocalRefs));

    public override readonly string ToString() => $"{Bytes} bytes, {Instrs} instructions, {Blocks} blocks, {Refs} references";

    /// <summary>
    /// The estimated CIL the compiler emits for one instruction (the single estimate used both to decide whether a
    /// function fits and to pick the regions of a split function). Memory accesses are counted with inline checks
    /// (about 32 bytes, 15 instructions, 2 blocks, 3 references, a store's value through a temporary) or, with
    /// <paramref name="helperMemory"/>, as helper calls (about 23 bytes, 7 instructions, 3 references).
    /// </summary>
    public static CilCost Of(in Instruction ins, bool helperMemory)
    {
        var op = ins.Opcode;
        switch (op)
        {
            case Opcode.LocalGet: case Opcode.LocalSet: return new(2, 1, 0, 1);
            case Opcode.LocalTee: return new(4, 2, 0, 2); // store + load (see FunctionCompiler: LocalTee)
            case Opcode.I32Const: case Opcode.F32Const: return new(3, 1, 0, 0);
            case Opcode.Block: case Opcode.Nop: case Opcode.Drop: return new(1, 1, 0, 0);
            case Opcode.Loop: case Opcode.End: return new(2, 1, 1, 0);
            case Opcode.Else: case Opcode.BrIf: return new(6, 2, 1, 0);
            // An unconditional branch starts no block of its own: what follows it is dead code (not emitted) up to an
            // end or else, whose label is counted there (RyuJIT counts a block per leader: a label, or the instruction
            // after a branch; the two coincide). A case of a switch is then one block, not two.
            case Opcode.Br: case Opcode.Return: return new(6, 2, 0, 0);
            // Traps and calls store their site for the backtrace handler (about 7 bytes, 2 instructions, 1 reference).
            case Opcode.Unreachable: return new(15, 5, 0, 1);
            case Opcode.If: return new(5, 1, 2, 0);
            case Opcode.BrTable:
            {
                // A CIL switch over the table (4 bytes an entry), straight to the targets' labels except for those
                // that carry values or pop some (a stub each: at most a few, counted as up to 8).
                int entries = ins.Labels!.Length, d = Math.Min(DistinctTargets(ins.Labels, ins.Index), 8);
                return new(12 + 4 * entries + 6 * d, 4 + 2 * d, 2 + d, 2);
            }
            case Opcode.Call: return new(37, 16, 0, 8);
            case Opcode.CallIndirect: return new(97, 42, 4, 21);
            case Opcode.Select: case Opcode.SelectTyped: return new(16, 9, 3, 6);
            case Opcode.GlobalGet: case Opcode.GlobalSet: return new(10, 4, 0, 3);
            case Opcode.I32DivS: case Opcode.I32RemS: case Opcode.I64DivS: case Opcode.I64RemS: return new(48, 22, 4, 10);
            case Opcode.I32DivU: case Opcode.I32RemU: case Opcode.I64DivU: case Opcode.I64RemU: return new(21, 9, 2, 1);
            case >= Opcode.I32TruncF32S and <= Opcode.I32TruncF64U: case >= Opcode.I64TruncF32S and <= Opcode.I64TruncF64U: return new(14, 4, 0, 1);
        }
        if (IsMemoryAccess(in ins))
        {
            bool store = ins.Info.Results!.Length == 0;
            return helperMemory ? new(23, 7, 0, 3) : new(store ? 36 : 32, store ? 17 : 15, 2, store ? 5 : 3);
        }
        (int b, int n) = op switch
        {
            Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul or Opcode.I32And or Opcode.I32Or or Opcode.I32Xor or
            Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul or Opcode.I64And or Opcode.I64Or or Opcode.I64Xor or
            Opcode.I32Eq or Opcode.I32LtS or Opcode.I32LtU or Opcode.I32GtS or Opcode.I32GtU or
            Opcode.I64Eq or Opcode.I64LtS or Opcode.I64LtU or Opcode.I64GtS or Opcode.I64GtU or
            Opcode.I32WrapI64 or Opcode.I64ExtendI32S or Opcode.I64ExtendI32U => (1, 1),
            Opcode.I64Const or Opcode.F64Const => (9, 1),
            Opcode.I32Rotl or Opcode.I32Rotr => (5, 1),
            Opcode.I32Shl or Opcode.I32ShrS or Opcode.I32ShrU => (4, 3),
            Opcode.I64Shl or Opcode.I64ShrS or Opcode.I64ShrU => (5, 4),
            _ => (7, 2), // helper or intrinsic calls with a conversion or an immediate
        };
        return new(b, n, 0, 0);
    }

    [ThreadStatic] private static HashSet<uint>? _targets;

    /// <summary>The number of distinct labels of a br_table (its default included).</summary>
    private static int DistinctTargets(uint[] labels, uint fallback)
    {
        var set = _targets ??= [];
        set.Clear();
        set.Add(fallback);
        foreach (uint l in labels) set.Add(l);
        return set.Count;
    }

    /// <summary>Whether an instruction reads or writes linear memory through a memarg.</summary>
    public static bool IsMemoryAccess(in Instruction ins) =>
        ins.Opcode is >= Opcode.I32Load and <= Opcode.I64Store32 || ins.Info.Immediate is Imm.MemArg or Imm.MemArgLane;

    /// <summary>
    /// <see cref="Of"/> through a table per opcode, for the instructions whose estimate depends on the opcode alone
    /// (all but br_table, calls and the block-typed ones, which go to <see cref="Of"/>); also whether it is a memory access.
    /// </summary>
    public static CilCost OfCached(in Instruction ins, bool helperMemory, out bool memoryAccess)
    {
        int op = (ushort)ins.Opcode;
        memoryAccess = MemoryAccessTable[op];
        if (!ByOpcode[op]) return Of(in ins, helperMemory);
        return (helperMemory ? HelperTable : InlineTable)[op];
    }

    // Per opcode: whether its estimate depends on the opcode alone (br_table, calls and block types read immediates),
    // whether it accesses memory, and its estimates.
    private static readonly bool[] ByOpcode = OpcodeInfo.PerOpcode(ByOpcodeAlone);
    private static readonly bool[] MemoryAccessTable = OpcodeInfo.PerOpcode(info => IsMemoryAccess(new Instruction { Opcode = info.Opcode }));
    private static readonly CilCost[] InlineTable = OpcodeInfo.PerOpcode(info => ByOpcodeAlone(info) ? Of(new Instruction { Opcode = info.Opcode }, false) : default);
    private static readonly CilCost[] HelperTable = OpcodeInfo.PerOpcode(info => ByOpcodeAlone(info) ? Of(new Instruction { Opcode = info.Opcode }, true) : default);

    private static bool ByOpcodeAlone(OpcodeInfo info) => info.Immediate is not (Imm.BrTable or Imm.Func or Imm.CallIndirect or Imm.BlockType);
}

/// <summary>
/// A run of instructions of a function outlined into its own CIL method: either one whole block, loop or if
/// (its parameters, and an if's condition, come in through the frame buffer, its results go out through it), or a
/// run of code at one nesting level between two points where the operand stack is at the enclosing block's base.
/// The method is <c>int r(byte* frame, ExecContext ctx, CompiledInstance ci)</c>: it loads the locals it
/// uses from the frame, writes back the ones it sets, and returns 0 (fall through) or k (branch to the label
/// <c>Exits[k - 1]</c> outside it, its values in the frame's transfer slots; a return is a branch to label 0).
/// </summary>
internal sealed class Region
{
    /// <summary>Code position (relative to the start of the body's code) of its first instruction.</summary>
    public int Start;
    /// <summary>Code position just after its last instruction.</summary>
    public int End;
    /// <summary>Values taken from the operand stack on entry (bottom first).</summary>
    public ValType[] Inputs = [];
    /// <summary>Values left on the operand stack on fall-through exit (bottom first).</summary>
    public ValType[] Outputs = [];
    /// <summary>Label types of the enclosing constructs, the function's results first (absolute label indices).</summary>
    public ValType[][] Labels = [];
    /// <summary>Locals loaded on entry, ascending: those it reads or writes (narrowed to those live at its start once planned).</summary>
    public int[] Used = [];
    /// <summary>Locals stored back on exit, ascending: those it writes (narrowed to those live at one of its exits once planned).</summary>
    public int[] Set = [];
    /// <summary>Regions directly inside it, by position.</summary>
    public List<Region> Children = [];
    /// <summary>The emitted method (set by the module compiler).</summary>
    public MethodInfo? Method;
    /// <summary>Absolute label index of each exit code minus one (filled when the region is compiled).</summary>
    public List<int> Exits = [];
    /// <summary>Estimated CIL of the region's method.</summary>
    public CilCost Cost;
    /// <summary>Loops around the region (each iteration of the innermost calls it again).</summary>
    public int LoopDepth;
    /// <summary>Labels its branches leave by (found by the splitter; <see cref="Exits"/> is what the compiler emitted).</summary>
    public int[] ExitLabels = [];
    /// <summary>
    /// For a tail region, the number of blocks (without parameters or results) that end inside it though they begin
    /// outside (the innermost last in <see cref="Labels"/>'s order: they are not among its labels); else 0. It starts
    /// in the innermost of them, right after the end of one of its child blocks; its input is an entry code: 0 starts
    /// at <see cref="Start"/>, e (1 to TailLevels - 1) at the end of the block e levels above the one it starts in
    /// (the outermost one's end is the region's end, its fall-through exit).
    /// </summary>
    public int TailLevels;
    /// <summary>Where it can be entered (its start, and for a tail region the ends of its entry blocks).</summary>
    public int[] Entries = [];
    /// <summary>Whether it may grow the memory, itself or through a call (set when the region is compiled).</summary>
    public bool MayMoveMemory = true;

    public override string ToString() =>
        $"[{Start}, {End}){(TailLevels > 0 ? $" tail of {TailLevels} blocks" : "")} in {LoopDepth} loops: {Used.Length} locals in, {Set.Length} out, {Inputs.Length}/{Outputs.Length} values, {Exits.Count} exits; {Cost}";
}

/// <summary>How a function too big for RyuJIT's optimiser is split into region methods.</summary>
internal sealed class SplitPlan
{
    /// <summary>Every region, inner ones before the regions containing them (the order to compile them in).</summary>
    public List<Region> Regions = [];
    /// <summary>Regions directly in the function body, by position.</summary>
    public List<Region> TopLevel = [];
    /// <summary>Frame slot (16 bytes each) of each local that crosses a region boundary, else -1.</summary>
    public int[] SlotOf = [];
    /// <summary>First transfer slot (inputs, outputs and branch values).</summary>
    public int TransferBase;
    /// <summary>Slots in the frame buffer.</summary>
    public int FrameSlots;
    /// <summary>Estimated CIL of what stays in the function's own method.</summary>
    public CilCost Residual;
    /// <summary>Blocks whose labels are entries of a tail region, by the position of their <c>block</c> instruction: the region and the entry code.</summary>
    public Dictionary<int, (Region Region, int Entry)> TailEntries = [];
}

/// <summary>
/// Picks the regions of a function too big for RyuJIT's optimiser, bottom-up: when a construct's code (after
/// splitting its children) exceeds the limits, the biggest candidates inside it are outlined until it fits. The
/// candidates are runs of consecutive code between points where the operand stack is at the construct's base,
/// grouped greedily up to the limits, and whole child constructs where no such point exists.
/// </summary>
internal sealed class RegionSplitter
{
    private const double NodeScale = 0.8;
    private const double DeferScale = 0.92;

    /// <summary><c>CILANTRO_SPLIT_DEFER=0</c>: constructs are split as soon as they exceed the limits (for comparisons).</summary>
    private static readonly bool NoDefer = Environment.GetEnvironmentVariable("CILANTRO_SPLIT_DEFER") == "0";

    /// <summary><c>CILANTRO_SPLIT_LIVENESS=0</c>: every local a region uses crosses its boundary (for comparisons).</summary>
    private static readonly bool NoLiveness = Environment.GetEnvironmentVariable("CILANTRO_SPLIT_LIVENESS") == "0";

    /// <summary><c>CILANTRO_SPLIT_TAILS=0</c>: no tail regions (for comparisons).</summary>
    private static readonly bool NoTails = Environment.GetEnvironmentVariable("CILANTRO_SPLIT_TAILS") == "0";

    private sealed class Node
    {
        public Opcode Kind;
        public int StartPos;
        public ValType[] Params = [];
        public ValType[] Results = [];
        public int Height;
        public bool Unreachable;
        public required List<Item> Seq;
        public List<Item>? ThenSeq;
        public CilCost Own;
        /// <summary>Its end is inside a tail region.</summary>
        public bool Covered;
        public bool StartCut => Params.Length == 0;
        public ValType[] LabelTypes => Kind == Opcode.Loop ? Params : Results;
    }

    private struct Item
    {
        public int StartPos, EndPos;
        public CilCost Cost;
        public bool CutAfter;
        public bool IsNode;
        public bool IsIf;
        public ValType[] Params, Results;
        /// <summary>The construct (for a construct item).</summary>
        public Node? Child;
        /// <summary>It is (in) an outlined region.</summary>
        public bool Outlined;
    }

    private readonly ModuleDefinition _m;
    private readonly FunctionBody _body;
    private readonly bool _defer;
    private readonly CompilerLimits _limits, _target;
    private readonly ValType[] _localTypes;
    private readonly List<Node> _stack;
    private readonly List<Region> _regions = [];
    private readonly List<Region> _top; // regions not (yet) inside another
    // In code order: (position, local, written) of every local access; (position, absolute label) of every branch.
    private readonly List<int> _localPos, _branchPos, _branchLabels;
    private readonly List<bool> _branchTable;
    private readonly List<(int Pos, Region Region, int Entry)> _tails;
    private readonly List<(int Local, bool Set)> _localUses;
    private readonly int[] _mark;
    private int _markGen;
    private readonly Scratch _scratch;

    /// <summary>
    /// Per thread, the buffers of the last plan, reused by the next: the lists above, the items of the constructs'
    /// sequences (rented per construct, returned when the plan is done) and the temporaries of <see cref="OutlineRange"/>.
    /// </summary>
    private sealed class Scratch
    {
        public readonly List<Node> Stack = [];
        public readonly List<Region> Top = [];
        public readonly List<int> LocalPos = [], BranchPos = [], BranchLabels = [];
        public readonly List<bool> BranchTable = [];
        public readonly List<(int Pos, Region Region, int Entry)> Tails = [];
        public readonly List<(int Local, bool Set)> LocalUses = [];
        public readonly List<int> Used = [], Set = [];
        public readonly HashSet<int> Exits = [], Stubbed = [];
        public int[]? Mark;
        private readonly List<List<Item>> _seqs = [];
        private int _rented;

        /// <summary>An empty sequence (one of the thread's until <see cref="Release"/>).</summary>
        public List<Item> Rent()
        {
            if (_rented == _seqs.Count) _seqs.Add([]);
            return _seqs[_rented++];
        }

        /// <summary>Clears every buffer (dropping the references they hold) and takes the rented sequences back.</summary>
        public void Release()
        {
            for (int i = 0; i < _rented; i++) _seqs[i].Clear();
            _rented = 0;
            Stack.Clear();
            Top.Clear();
            LocalPos.Clear();
            BranchPos.Clear();
            BranchLabels.Clear();
            BranchTable.Clear();
            Tails.Clear();
            LocalUses.Clear();
        }
    }

    [ThreadStatic] private static Scratch? t_scratch;

    private RegionSplitter(ModuleDefinition m, CompilerLimits limits, ValType[] localTypes, FunctionBody body, bool defer)
    {
        _m = m;
        _defer = defer;
        _body = body;
        _limits = limits;
        _target = limits.Target;
        _localTypes = localTypes;
        var sc = _scratch = t_scratch ??= new Scratch();
        sc.Release();
        _mark = RegionLiveness.Reuse(ref sc.Mark, localTypes.Length);
        _stack = sc.Stack;
        _top = sc.Top;
        _localPos = sc.LocalPos;
        _branchPos = sc.BranchPos;
        _branchLabels = sc.BranchLabels;
        _branchTable = sc.BranchTable;
        _tails = sc.Tails;
        _localUses = sc.LocalUses;
    }

    /// <summary>Plans the split of a function, or returns null when no split brings every method within the limits.</summary>
    public static SplitPlan? Plan(ModuleDefinition m, FuncType ft, FunctionBody body, CompilerLimits limits, FuncType[] funcTypes)
    {
        long n = ft.Params.Length + body.LocalCount;
        if (n > limits.MaxLocals) return null;
        var types = new ValType[n];
        for (int i = 0; i < ft.Params.Length; i++) types[i] = ft.Params[i];
        int li = ft.Params.Length;
        foreach (var d in body.Locals)
            for (uint k = 0; k < d.Count; k++) types[li++] = d.Type;
        try
        {
            // First with cuts as far out as they go (outside the loops of a construct that fits one method), then,
            // should that leave the function's method too big, as deep as needed.
            return new RegionSplitter(m, limits, types, body, !NoDefer).Run(ft, funcTypes)
                ?? (NoDefer ? null : new RegionSplitter(m, limits, types, body, false).Run(ft, funcTypes));
        }
        catch (Exception e) when (e is InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            // Not expected for a validated body; the caller falls back to helper calls or the interpreter.
            return null;
        }
        finally
        {
            t_scratch?.Release();
        }
    }

    private SplitPlan? Run(FuncType ft, FuncType[] funcTypes)
    {
        var fn = new Node { Kind = Opcode.Block, Results = ft.Results, Seq = _scratch.Rent() };
        _stack.Add(fn);
        var r = new CodeReader(_body.Code.Span, _body.CodeOffset, WasmFeatures.Default);
        Instruction ins = default;
        while (!r.AtEnd)
        {
            int pos = r.Position;
            r.ReadFast(ref ins); // (the fields each immediate kind sets are the only ones read)
            int end = r.Position;
            var cost = CilCost.OfCached(in ins, false, out _);
            var top = _stack[^1];
            var op = ins.Opcode;
            switch (op)
            {
                case Opcode.Block: case Opcode.Loop: case Opcode.If:
                {
                    var (p, rs) = _m.BlockSignature(ins.Block);
                    top.Height -= p.Length + (op == Opcode.If ? 1 : 0);
                    _stack.Add(new Node { Kind = op, StartPos = pos, Params = p, Results = rs, Height = p.Length, Own = cost, Seq = _scratch.Rent() });
                    continue;
                }
                case Opcode.Else:
                    top.Own.Add(cost);
                    top.ThenSeq = top.Seq;
                    top.Seq = _scratch.Rent();
                    top.Height = top.Params.Length;
                    top.Unreachable = false;
                    continue;
                case Opcode.End:
                {
                    top.Own.Add(cost);
                    if (_stack.Count == 1) return Finish(fn, ft);
                    Close(top);
                    _stack.RemoveAt(_stack.Count - 1);
                    var parent = _stack[^1];
                    parent.Height += top.Results.Length;
                    var residual = top.Own;
                    Sum(top.Seq, ref residual);
                    if (top.ThenSeq is not null) Sum(top.ThenSeq, ref residual);
                    parent.Seq.Add(new Item
                    {
                        StartPos = top.StartPos, EndPos = end, Cost = residual, IsNode = true, IsIf = top.Kind == Opcode.If,
                        Params = top.Params, Results = top.Results, Child = top,
                        CutAfter = !parent.Unreachable && parent.Height == 0,
                    });
                    continue;
                }
                case Opcode.LocalGet: case Opcode.LocalSet: case Opcode.LocalTee:
                    _localPos.Add(pos);
                    _localUses.Add(((int)ins.Index, op != Opcode.LocalGet));
                    break;
                case Opcode.Br: case Opcode.BrIf:
                    Branch(pos, _stack.Count - 1 - (int)ins.Index);
                    break;
                case Opcode.Return:
                    Branch(pos, 0);
                    break;
                case Opcode.BrTable:
                    Branch(pos, _stack.Count - 1 - (int)ins.Index, true);
                    foreach (var l in ins.Labels!) Branch(pos, _stack.Count - 1 - (int)l, true);
                    break;
            }
            if (!StackEffect(_m, in ins, funcTypes, out int pops, out int pushes, out bool ends)) return null;
            top.Height += pushes - pops;
            if (ends) top.Unreachable = true;
            bool cut = !top.Unreachable && top.Height == 0;
            // Consecutive plain instructions without a cut point between them form one item.
            var items = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(top.Seq);
            if (items.Length > 0)
            {
                ref var last = ref items[^1];
                if (!last.IsNode && !last.CutAfter && last.EndPos == pos)
                {
                    last.EndPos = end;
                    last.Cost.Add(cost);
                    last.CutAfter = cut;
                    continue;
                }
            }
            top.Seq.Add(new Item { StartPos = pos, EndPos = end, Cost = cost, CutAfter = cut, Params = [], Results = [] });
        }
        return null;
    }

    private void Branch(int pos, int label, bool table = false)
    {
        _branchPos.Add(pos);
        _branchLabels.Add(label);
        _branchTable.Add(table);
    }

    private static void Sum(List<Item> seq, ref CilCost c)
    {
        foreach (var it in seq) c.Add(it.Cost);
    }

    private SplitPlan? Finish(Node fn, FuncType ft)
    {
        Close(fn);
        var residual = fn.Own;
        Sum(fn.Seq, ref residual);
        residual.Add(new CilCost(60, 25, 4, 4));
        if (!residual.Fits(_limits) || _regions.Count == 0) return null;

        // Nest the regions (they are disjoint or nested), then order them children first.
        var plan = new SplitPlan { Residual = residual };
        _regions.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var open = new List<Region>();
        foreach (var g in _regions)
        {
            while (open.Count > 0 && open[^1].End <= g.Start) open.RemoveAt(open.Count - 1);
            (open.Count > 0 ? open[^1].Children : plan.TopLevel).Add(g);
            open.Add(g);
        }
        foreach (var g in plan.TopLevel) PostOrder(g, plan.Regions);

        // Only the locals live across a boundary move: those live at a region's start that it uses, and those live
        // at one of its exits that it sets.
        if (!NoLiveness) RegionLiveness.Narrow(_body, _localTypes.Length, _regions);

        // Frame slots: the locals that cross a boundary, then the transfer area.
        plan.SlotOf = new int[_localTypes.Length];
        Array.Fill(plan.SlotOf, -1);
        int slots = 0, transfer = ft.Results.Length;
        foreach (var g in _regions)
        {
            foreach (int l in g.Used)
                if (plan.SlotOf[l] < 0) plan.SlotOf[l] = slots++;
            foreach (int l in g.Set)
                if (plan.SlotOf[l] < 0) plan.SlotOf[l] = slots++;
            transfer = Math.Max(transfer, Math.Max(g.Inputs.Length, g.Outputs.Length));
            foreach (var ts in g.Labels) transfer = Math.Max(transfer, ts.Length);
        }
        foreach (var (pos, g, e) in _tails) plan.TailEntries[pos] = (g, e);
        plan.TransferBase = slots;
        plan.FrameSlots = slots + transfer;
        return plan;
    }

    private static void PostOrder(Region g, List<Region> order)
    {
        foreach (var c in g.Children) PostOrder(c, order);
        order.Add(g);
    }

    /// <summary>At the end of a construct: while its code exceeds the limits, outline the biggest candidates inside it.</summary>
    private void Close(Node node)
    {
        var total = node.Own;
        Sum(node.Seq, ref total);
        if (node.ThenSeq is not null) Sum(node.ThenSeq, ref total);
        if (total.Fits(_target, NodeScale)) return;
        // A construct that fits a region method whole is left to its parent, which outlines it whole: the cut is
        // then outside its loops (one call per run of the construct, not one per iteration of a loop inside it).
        if (_defer && _stack.Count > 1 && total.Fits(_target, DeferScale)) return;
        if (!NoTails) TailRegions(node, ref total);
        if (total.Fits(_target, NodeScale)) return;

        var cands = new List<Candidate>();
        if (node.ThenSeq is not null) Candidates(node.ThenSeq, node.StartCut, cands);
        Candidates(node.Seq, node.StartCut, cands);
        cands.Sort((a, b) => b.Cost.Ratio(_target).CompareTo(a.Cost.Ratio(_target)));
        foreach (var c in cands)
        {
            if (total.Fits(_target, NodeScale)) break;
            if (Outline(c) is not { } call) continue;
            total.Sub(c.Cost);
            total.Add(call);
        }
    }

    private readonly record struct Candidate(List<Item> Seq, int From, int To, CilCost Cost, bool IsRun);

    /// <summary>
    /// Candidate regions of one sequence: greedy groups of consecutive atoms (the code between two cut points) up to
    /// the node scale of the limits; the child constructs of code outside such groups (an atom too big alone, or
    /// code before the first or after the last cut point).
    /// </summary>
    private void Candidates(List<Item> seq, bool startCut, List<Candidate> cands)
    {
        int atomStart = startCut ? 0 : -1;
        int groupStart = -1;
        var group = default(CilCost);
        for (int i = 0; i < seq.Count; i++)
        {
            if (!seq[i].CutAfter) continue;
            if (atomStart < 0)
            {
                // Code before the first cut point: only its constructs can go.
                Constructs(seq, 0, i + 1, cands);
                atomStart = i + 1;
                continue;
            }
            var atom = default(CilCost);
            for (int k = atomStart; k <= i; k++) atom.Add(seq[k].Cost);
            if (!atom.Fits(_target, NodeScale))
            {
                if (groupStart >= 0) cands.Add(new(seq, groupStart, atomStart, group, true));
                groupStart = -1;
                Constructs(seq, atomStart, i + 1, cands);
            }
            else
            {
                var merged = group;
                merged.Add(atom);
                if (groupStart >= 0 && !merged.Fits(_target, NodeScale))
                {
                    cands.Add(new(seq, groupStart, atomStart, group, true));
                    groupStart = -1;
                    merged = atom;
                }
                if (groupStart < 0) groupStart = atomStart;
                group = merged;
            }
            atomStart = i + 1;
        }
        if (groupStart >= 0) cands.Add(new(seq, groupStart, atomStart, group, true));
        Constructs(seq, Math.Max(atomStart, 0), seq.Count, cands);
    }

    private static void Constructs(List<Item> seq, int from, int to, List<Candidate> cands)
    {
        for (int k = from; k < to; k++)
            if (seq[k].IsNode) cands.Add(new(seq, k, k + 1, seq[k].Cost, false));
    }

    /// <summary>Outlines a candidate of the innermost open construct; returns the cost of the call left in its place, or null.</summary>
    private CilCost? Outline(Candidate c)
    {
        var seq = c.Seq;
        int start = seq[c.From].StartPos, end = seq[c.To - 1].EndPos;
        ValType[] inputs = [], outputs = [];
        if (!c.IsRun)
        {
            // A single construct: its parameters (and an if's condition) come from the stack, its results go back.
            var it = seq[c.From];
            inputs = it.IsIf ? [.. it.Params, ValType.I32] : it.Params;
            outputs = it.Results;
        }
        if (OutlineRange(start, end, inputs, outputs, c.Cost, 0, 0, default) is not { } o) return null;

        // The items become one atomic item: the call (the others keep their place with no cost).
        var head = seq[c.From];
        head.Cost = o.Call;
        head.IsNode = true;
        head.Outlined = true;
        seq[c.From] = head;
        for (int k = c.From + 1; k < c.To; k++)
        {
            var it = seq[k];
            it.Cost = default;
            it.IsNode = false;
            it.Outlined = true;
            seq[k] = it;
        }
        return o.Call;
    }

    /// <summary>
    /// Makes a region of the code in [<paramref name="start"/>, <paramref name="end"/>) of the innermost open
    /// construct, or (<paramref name="innerLabels"/> &gt; 0: a tail region) of blocks below it; returns it and the cost
    /// of its call, or null when it cannot be outlined. <paramref name="extraCall"/> is added to the call's cost.
    /// </summary>
    private (Region Region, CilCost Call)? OutlineRange(int start, int end, ValType[] inputs, ValType[] outputs, CilCost cost, int tailLevels, int innerLabels, CilCost extraCall)
    {
        var g = new Region { Start = start, End = end, Inputs = inputs, Outputs = outputs, TailLevels = tailLevels, Entries = [start] };
        // Labels: the open constructs (the function first), then the blocks (without results) around a tail region.
        g.Labels = new ValType[_stack.Count + innerLabels][];
        for (int i = 0; i < _stack.Count; i++)
        {
            g.Labels[i] = _stack[i].LabelTypes;
            if (_stack[i].Kind == Opcode.Loop) g.LoopDepth++;
        }
        for (int i = _stack.Count; i < g.Labels.Length; i++) g.Labels[i] = [];

        // Locals.
        _markGen++;
        var used = _scratch.Used;
        var set = _scratch.Set;
        used.Clear();
        set.Clear();
        for (int i = LowerBound(_localPos, start); i < _localPos.Count && _localPos[i] < end; i++)
        {
            var (l, s) = _localUses[i];
            if (_mark[l] >> 2 != _markGen) _mark[l] = _markGen << 2;
            if ((_mark[l] & 3) == 0) used.Add(l);
            if (s && (_mark[l] & 2) == 0) set.Add(l);
            _mark[l] |= s ? 2 : 1;
        }
        used.Sort();
        set.Sort();
        g.Used = [.. used];
        g.Set = [.. set];
        foreach (int l in g.Used)
            if (!Scalar(_localTypes[l])) return null;
        if (HasRef(g.Inputs) || HasRef(g.Outputs)) return null;

        // Exits: distinct labels outside the region.
        var exits = _scratch.Exits;
        exits.Clear();
        for (int i = LowerBound(_branchPos, start); i < _branchPos.Count && _branchPos[i] < end; i++)
        {
            int lab = _branchLabels[i];
            if (lab < g.Labels.Length && exits.Add(lab) && HasRef(g.Labels[lab])) return null;
        }
        // Exits: in the method, an exit stub per label left by plain branches (many labels of one br_table share a
        // table of codes instead); at the call, a stub for those that carry values, and one switch entry per exit in
        // the method that holds the label (charged to the label's construct below: codes of labels outside the
        // calling method pass on unchanged).
        int nx = exits.Count, stubs = Math.Min(nx, 16);
        int moved = g.Used.Length + g.Set.Length + g.Inputs.Length + g.Outputs.Length;
        int carried = 0, carrying = 0;
        foreach (int lab in exits)
        {
            carried += g.Labels[lab].Length;
            if (g.Labels[lab].Length > 0) carrying++;
        }
        var method = cost;
        method.Add(new CilCost(60 + 10 * moved + 8 * stubs + 10 * carried, 30 + 5 * moved + 2 * stubs + 5 * carried, 4 + stubs, 4 + moved + carried));
        if (!method.Fits(_limits)) return null;
        g.Cost = method;
        var call = new CilCost(40 + 10 * moved + 10 * carried, 16 + 5 * moved + 3 * carrying + 5 * carried, 4 + carrying, 6 + 2 * moved + carried);
        call.Add(extraCall);
        _regions.Add(g);
        g.ExitLabels = [.. exits];
        // Regions now inside this one dispatch their exits in its method: the entries for labels outside it go.
        for (int i = _top.Count - 1; i >= 0; i--)
        {
            var inner = _top[i];
            if (inner.Start < start || inner.End > end) continue;
            foreach (int lab in inner.ExitLabels)
                if (lab < _stack.Count) _stack[lab].Own.Sub(DispatchEntry);
            _top.RemoveAt(i);
        }
        _top.Add(g);
        foreach (int lab in exits)
        {
            if (lab < _stack.Count) _stack[lab].Own.Add(DispatchEntry);
            else call.Add(DispatchEntry);
        }
        return (g, call);
    }

    /// <summary>The fewest nested blocks worth tail regions (fewer under the split stress test, to exercise them).</summary>
    private int TailMinLevels => _limits.SplitDivisor > 1 ? 2 : 8;

    /// <summary>
    /// A chain of blocks nested in one another (each without parameters or results, at an empty operand stack), as a
    /// br_table over many cases compiles to: the code after the end of each block (the cases' bodies) goes into tail
    /// regions, siblings entered through an entry code, so a branch to any of those labels costs one region call
    /// (nested construct regions would cost one call per nesting level). Stops when the construct fits.
    /// </summary>
    private void TailRegions(Node n, ref CilCost total)
    {
        var lv = new List<Node> { n };
        var at = new List<int>(); // at[k]: the index of lv[k + 1]'s item in lv[k].Seq
        while (true)
        {
            var cur = lv[^1];
            int best = -1;
            double bestRatio = -1;
            for (int i = 0; i < cur.Seq.Count; i++)
            {
                var it = cur.Seq[i];
                if (!it.IsNode || it.Outlined || it.Child is not { Kind: Opcode.Block } || it.Params.Length != 0 ||
                    it.Results.Length != 0 || !it.CutAfter || (i == 0 ? !cur.StartCut : !cur.Seq[i - 1].CutAfter)) continue;
                double r = it.Cost.Ratio(_target);
                if (r > bestRatio)
                {
                    bestRatio = r;
                    best = i;
                }
            }
            if (best < 0) break;
            at.Add(best);
            lv.Add(cur.Seq[best].Child!);
        }
        if (lv.Count - 1 < TailMinLevels) return;
        // The levels whose ends are already in tail regions are the innermost ones: the next starts above them.
        int f = lv.Count - 1;
        while (f > 1 && lv[f - 1].Covered) f--;
        // Only where the cases are most of the construct (else other cuts, with the chain whole in one region method,
        // cost no more calls).
        var cases = default(CilCost);
        for (int k = f - 1; k >= 1; k--)
        {
            cases.Add(lv[k].Own);
            for (int i = at[k] + 1; i < lv[k].Seq.Count; i++) cases.Add(lv[k].Seq[i].Cost);
        }
        if (cases.Ratio(_target) < 0.5 * total.Ratio(_target)) return;
        while (!total.Fits(_target, NodeScale) && f > 1)
        {
            var moved = new CilCost(12, 4, 1, 1); // the entry switch
            int g = f;
            for (int k = f - 1; k >= 1; k--)
            {
                var m = moved;
                m.Add(lv[k].Own);
                for (int i = at[k] + 1; i < lv[k].Seq.Count; i++) m.Add(lv[k].Seq[i].Cost);
                m.Add(DispatchEntry);
                if (!m.Fits(_target, NodeScale)) break;
                moved = m;
                g = k;
            }
            if (f - g < 2) return;
            int start = lv[f - 1].Seq[at[f - 1]].EndPos, end = lv[g - 1].Seq[at[g - 1]].EndPos;
            // The caller's plain branches to its entry labels (from before it) go through a stub each; the call copies
            // up to MaxKeptAcross locals around itself and back (FunctionCompiler.KeptAcross: a load and a store each way,
            // about 8 bytes, 4 instructions and 4 references a local).
            int first = _stack.Count - 1 + g + 1, last = _stack.Count - 1 + f - 1;
            var stubbed = _scratch.Stubbed;
            stubbed.Clear();
            for (int i = LowerBound(_branchPos, lv[g].StartPos); i < _branchPos.Count && _branchPos[i] < start; i++)
            {
                int lab = _branchLabels[i];
                if (!_branchTable[i] && lab >= first && lab <= last) stubbed.Add(lab);
            }
            int stubs = stubbed.Count;
            const int kept = FunctionCompiler.MaxKeptAcross;
            var extra = new CilCost(24 + 10 * stubs + 8 * kept, 10 + 4 * stubs + 4 * kept, 1 + stubs, 4 + 4 * kept);
            if (OutlineRange(start, end, [ValType.I32], [], moved, f - g, g - 1, extra) is not { } o) return;
            var entries = new int[f - g];
            entries[0] = start;
            for (int e = 1; e < f - g; e++)
            {
                entries[e] = lv[f - e - 1].Seq[at[f - e - 1]].EndPos;
                _tails.Add((lv[f - e].StartPos, o.Region, e));
            }
            o.Region.Entries = entries;
            for (int k = g; k < f; k++) lv[k].Covered = true;
            for (int k = g - 1; k >= 0; k--)
            {
                var it = lv[k].Seq[at[k]];
                it.Cost.Sub(moved);
                it.Cost.Add(o.Call);
                lv[k].Seq[at[k]] = it;
            }
            total.Sub(moved);
            total.Add(o.Call);
            f = g;
        }
    }

    private static readonly CilCost DispatchEntry = new(4, 0, 0, 0);

    private static bool Scalar(ValType t) => t.Kind is ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64 or ValKind.V128;

    private static int LowerBound(List<int> list, int pos)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (list[mid] < pos) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static bool HasRef(ValType[] ts)
    {
        foreach (var t in ts)
            if (!Scalar(t)) return true;
        return false;
    }

    /// <summary>
    /// What an instruction other than a block, loop, if, else or end does to the operand stack; false for one not
    /// known here (the splitter then does not split, the loop analysis does not version).
    /// </summary>
    internal static bool StackEffect(ModuleDefinition m, in Instruction ins, FuncType[] funcTypes, out int pops, out int pushes, out bool ends)
    {
        pops = 0;
        pushes = 0;
        ends = false;
        switch (ins.Opcode)
        {
            case Opcode.Unreachable: case Opcode.Br: case Opcode.Return:
                ends = true;
                return true;
            case Opcode.BrTable:
                pops = 1;
                ends = true;
                return true;
            case Opcode.BrIf: case Opcode.Drop: case Opcode.LocalSet: case Opcode.GlobalSet:
                pops = 1;
                return true;
            case Opcode.Nop: case Opcode.LocalTee: case Opcode.MemoryGrow: case Opcode.DataDrop: case Opcode.ElemDrop:
            case Opcode.RefIsNull: case Opcode.TableGet:
                return true;
            case Opcode.LocalGet: case Opcode.GlobalGet: case Opcode.I32Const: case Opcode.I64Const: case Opcode.F32Const:
            case Opcode.F64Const: case Opcode.V128Const: case Opcode.RefNull: case Opcode.RefFunc: case Opcode.MemorySize:
            case Opcode.TableSize:
                pushes = 1;
                return true;
            case Opcode.Select: case Opcode.SelectTyped:
                pops = 3;
                pushes = 1;
                return true;
            case Opcode.I8x16Shuffle:
                pops = 2;
                pushes = 1;
                return true;
            case Opcode.Call:
            {
                var ft = funcTypes[ins.Index];
                pops = ft.Params.Length;
                pushes = ft.Results.Length;
                return true;
            }
            case Opcode.CallIndirect:
            {
                if (m.TryGetFuncType((int)ins.Index) is not { } ft) return false;
                pops = ft.Params.Length + 1;
                pushes = ft.Results.Length;
                return true;
            }
            case Opcode.TableSet:
                pops = 2;
                return true;
            case Opcode.TableGrow:
                pops = 2;
                pushes = 1;
                return true;
            case Opcode.MemoryInit: case Opcode.MemoryCopy: case Opcode.MemoryFill: case Opcode.TableFill:
            case Opcode.TableCopy: case Opcode.TableInit:
                pops = 3;
                return true;
        }
        var info = ins.Info;
        if (info.Params is null || info.Results is null) return false;
        pops = info.Params.Length;
        pushes = info.Results.Length;
        return true;
    }
}
