using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Compiler;

// Split functions (see RegionSplitter): the region methods, the frame buffer and the calls that replace regions.
internal sealed partial class FunctionCompiler
{
    /// <summary>Wasm locals held in CLR arguments (the parameters of a function; none in a region method).</summary>
    private readonly int _argLocals;
    /// <summary>The region this compiler emits, or null for a whole function.</summary>
    private readonly Region? _region;
    /// <summary>The split of the function, or null.</summary>
    private SplitPlan? _plan;
    /// <summary>The frame buffer of a split function (a region method gets it as argument 0).</summary>
    private LocalBuilder? _frame;
    /// <summary>In a region method: where every exit goes with its code on the stack, whether anything does, and the labels left by.</summary>
    private Label _exitLabel;
    private bool _exitReached;
    private readonly SortedSet<int> _exitSet = [];
    /// <summary>The entry code of the tail region called next, where calls to tail regions are in this method.</summary>
    private LocalBuilder? _tailEntry;
    private Dictionary<Region, Label>? _tailCalls;
    /// <summary>Tail regions whose call a br_table's entry-code table jumps to.</summary>
    private HashSet<Region>? _tailTabled;
    private int _codeOffset = -1;
    /// <summary>Whether the memory may have moved since the method began (a call or memory.grow reloaded it).</summary>
    private bool _reloads;

    /// <summary>A compiler for one region of a split function: <c>int r(byte* frame, ExecContext ctx, CompiledInstance ci)</c>.</summary>
    public FunctionCompiler(CompiledModule cm, ILGenerator il, int funcIndex, SplitPlan plan, Region region)
        : this(cm, il, funcIndex)
    {
        _ctxArg = 1;
        _ciArg = 2;
        _argLocals = 0;
        _plan = plan;
        _region = region;
    }

    /// <summary>CLR parameter types of a region method.</summary>
    public static readonly Type[] RegionParamTypes = [typeof(byte*), typeof(Runtime.ExecContext), typeof(CompiledInstance)];

    /// <summary>
    /// CLR parameter types of a tail region's method: a region's, then its entry code (an argument rather than a
    /// transfer slot: the switch on it is the second dispatch of a br_table, and a register makes it resolve sooner).
    /// </summary>
    public static readonly Type[] TailRegionParamTypes = [typeof(byte*), typeof(Runtime.ExecContext), typeof(CompiledInstance), typeof(int)];

    /// <summary>The argument of a tail region's method that holds its entry code.</summary>
    private const int TailEntryArg = 3;

    private LocalBuilder LocalOf(int i) => _locals[i] ??= _il.DeclareLocal(ClrType(_localTypes[i]));

    private void LoadLocal(int i)
    {
        if (i < _argLocals) Ldarg(i); else _il.Emit(OpCodes.Ldloc, LocalOf(i));
    }

    private void StoreLocal(int i)
    {
        if (i < _argLocals) Starg(i); else _il.Emit(OpCodes.Stloc, LocalOf(i));
    }

    /// <summary>A split function's prologue: the frame buffer on the stack (zeroed).</summary>
    private void AllocateFrame()
    {
        if (_plan is null || _region is not null) return;
        _frame = _il.DeclareLocal(typeof(byte*));
        LdcI4(_plan.FrameSlots * 16);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Localloc);
        _il.Emit(OpCodes.Stloc, _frame);
    }

    /// <summary>Pushes the address of a frame slot.</summary>
    private void FrameAddr(int slot)
    {
        if (_region is not null) Ldarg(0); else _il.Emit(OpCodes.Ldloc, _frame!);
        if (slot == 0) return;
        LdcI4(slot * 16);
        _il.Emit(OpCodes.Add);
    }

    private void FrameLoad(ValType t) => FrameAccess(t, false);

    private void FrameStore(ValType t) => FrameAccess(t, true);

    /// <summary>Loads or stores a value of a numeric or vector type through the address on the stack.</summary>
    private void FrameAccess(ValType t, bool store)
    {
        if (t.Kind == ValKind.V128)
        {
            _il.Emit(store ? OpCodes.Stobj : OpCodes.Ldobj, typeof(Vector128<byte>));
            return;
        }
        int k = KindIndex(t);
        _il.Emit(store ? FrameStores[k] : FrameLoads[k]);
    }

    private static readonly OpCode[] FrameLoads = [OpCodes.Ldind_I4, OpCodes.Ldind_I8, OpCodes.Ldind_R4, OpCodes.Ldind_R8];
    private static readonly OpCode[] FrameStores = [OpCodes.Stind_I4, OpCodes.Stind_I8, OpCodes.Stind_R4, OpCodes.Stind_R8];

    /// <summary>Moves the top <paramref name="ts"/>.Length operand values to the transfer slots (bottom one first).</summary>
    private void StoreTransfer(ValType[] ts)
    {
        int t0 = _plan!.TransferBase;
        for (int i = ts.Length - 1; i >= 0; i--)
        {
            var tmp = Temp(ts[i]);
            _il.Emit(OpCodes.Stloc, tmp);
            FrameAddr(t0 + i);
            _il.Emit(OpCodes.Ldloc, tmp);
            FrameStore(ts[i]);
            Free(tmp);
        }
        Pop(ts.Length);
    }

    /// <summary>Pushes values from the transfer slots.</summary>
    private void LoadTransfer(ValType[] ts)
    {
        int t0 = _plan!.TransferBase;
        for (int i = 0; i < ts.Length; i++)
        {
            FrameAddr(t0 + i);
            FrameLoad(ts[i]);
            Push(ts[i]);
        }
    }

    /// <summary>
    /// In place of a region: its inputs and the locals it uses into the frame, the call, the locals it sets back,
    /// then a switch on its exit code to the branches it leaves by, and its outputs.
    /// </summary>
    private void EmitRegionCall(Region g)
    {
        var plan = _plan!;
        LocalBuilder? entry = null;
        if (g.TailLevels > 0)
        {
            // the entry code (a tail region's one input) goes as the last argument
            entry = Temp(ValType.I32);
            _il.Emit(OpCodes.Stloc, entry);
            Pop();
        }
        else StoreTransfer(g.Inputs);
        foreach (int l in g.Used)
        {
            FrameAddr(plan.SlotOf[l]);
            LoadLocal(l);
            FrameStore(_localTypes[l]);
        }
        var kept = g.TailLevels > 0 ? KeptAcross(g) : null;
        if (kept is not null)
            foreach (int l in kept)
            {
                LoadLocal(l);
                _il.Emit(OpCodes.Stloc, Shadow(l));
            }
        FrameAddr(0);
        Ldarg(_ctxArg);
        Ldarg(_ciArg);
        if (entry is not null)
        {
            _il.Emit(OpCodes.Ldloc, entry);
            Free(entry);
        }
        _il.Emit(OpCodes.Call, g.Method!);
        LocalBuilder? code = null;
        if (g.Exits.Count > 0)
        {
            code = Temp(ValType.I32);
            _il.Emit(OpCodes.Stloc, code);
        }
        else
        {
            _il.Emit(OpCodes.Pop);
        }
        foreach (int l in g.Set)
        {
            FrameAddr(plan.SlotOf[l]);
            FrameLoad(_localTypes[l]);
            StoreLocal(l);
            _localVer[l]++;
            _checkedEpoch[l] = 0;
        }
        if (kept is not null)
            foreach (int l in kept)
            {
                _il.Emit(OpCodes.Ldloc, _shadows![l]!);
                StoreLocal(l);
            }
        // A region that neither grows the memory nor calls anything that may leaves its base and length as they were.
        if (g.MayMoveMemory) ReloadMemory();
        ForgetChecks();
        if (code is not null)
        {
            Dispatch(g.Exits, code);
            Free(code);
        }
        LoadTransfer(g.Outputs);
    }

    /// <summary>Most locals a tail region's call copies around itself (see <see cref="KeptAcross"/>).</summary>
    internal const int MaxKeptAcross = 16;

    /// <summary>Per local: the copy it is kept in across tail regions' calls (see <see cref="KeptAcross"/>).</summary>
    private LocalBuilder?[]? _shadows;

    private LocalBuilder Shadow(int l) => (_shadows ??= new LocalBuilder?[_localTypes.Length])[l] ??= _il.DeclareLocal(ClrType(_localTypes[l]));

    /// <summary>
    /// The locals of this method a tail region leaves unchanged (at most <see cref="MaxKeptAcross"/>, else null): its
    /// call copies them to locals of their own and back, so that the locals themselves are not live across the call.
    /// A tail region is called from the dispatch of a switch, often inside the loop around it: RyuJIT keeps a value
    /// live across a call in a callee-saved register or else in memory all the way, and with the context, the instance
    /// and the memory taking most of those registers, the loop's own variables would live in memory, on every path
    /// through the loop (the copies move only on the region's path).
    /// </summary>
    private List<int>? KeptAcross(Region g)
    {
        var kept = new List<int>();
        int s = 0;
        for (int l = 0; l < _localTypes.Length; l++)
        {
            while (s < g.Set.Length && g.Set[s] < l) s++;
            if (s < g.Set.Length && g.Set[s] == l) continue;
            if (l >= _argLocals && _locals[l] is null) continue; // never used in this method
            if (kept.Count == MaxKeptAcross) return null;
            kept.Add(l);
        }
        return kept.Count > 0 ? kept : null;
    }

    /// <summary>Notes a block whose label enters a tail region (its call is in this method: the block begins here).</summary>
    private void TailOf(Ctl c, int offset)
    {
        if (_plan is not { TailEntries.Count: > 0 } plan) return;
        if (_codeOffset < 0) _codeOffset = _m.Bodies[_funcIndex - _cm.ImportedFunctionCount].CodeOffset;
        if (!plan.TailEntries.TryGetValue(offset - _codeOffset, out var t)) return;
        c.Tail = t.Region;
        c.TailEntry = t.Entry;
    }

    /// <summary>Where the call of a tail region is, entered with its entry code in <see cref="_tailEntry"/>.</summary>
    private Label TailCall(Region g)
    {
        _tailCalls ??= [];
        if (!_tailCalls.TryGetValue(g, out var l)) _tailCalls[g] = l = _il.DefineLabel();
        return l;
    }

    /// <summary>
    /// In place of a tail region: the fall-in (entry 0) and a stub per entry block branched to (its entry code), the
    /// call, then the blocks that end inside it are closed (the outermost one's label is here, after the call).
    /// </summary>
    private void EmitTailCall(Region g)
    {
        int n = g.TailLevels, dead = _unreachable ? _deadDepth : 0;
        if (dead >= n)
        {
            // Wholly dead: its blocks were skipped, so are their ends.
            _deadDepth -= n;
            return;
        }
        // The innermost `dead` blocks were skipped as dead code (nothing branches to them); the others are open here.
        int live = n - dead;
        var entry = _tailEntry ??= _il.DeclareLocal(typeof(int));
        var call = TailCall(g);
        bool reached = !_unreachable || (_tailTabled?.Contains(g) ?? false);
        if (!_unreachable)
        {
            LdcI4(0);
            _il.Emit(OpCodes.Stloc, entry);
            _il.Emit(OpCodes.Br, call);
        }
        for (int j = 1; j < live; j++)
        {
            var c = _ctl[^j];
            if (!c.Branched) continue;
            _il.MarkLabel(c.Label);
            LdcI4(j + dead);
            _il.Emit(OpCodes.Stloc, entry);
            _il.Emit(OpCodes.Br, call);
            reached = true;
        }
        var outer = _ctl[^live];
        _tc = outer.Base;
        _deadDepth = 0;
        ForgetChecks();
        if (reached)
        {
            _unreachable = false;
            _il.MarkLabel(call);
            _il.Emit(OpCodes.Ldloc, entry);
            Push(ValType.I32);
            EmitRegionCall(g);
        }
        _ctl.RemoveRange(_ctl.Count - live, live);
        if (outer.Branched)
        {
            _il.MarkLabel(outer.Label);
            _unreachable = false;
        }
    }

    /// <summary>
    /// The start of a tail region's method: the blocks that end in it are open, and the entry code (on the stack)
    /// jumps to the end of one of them, or (0) falls in at the start.
    /// </summary>
    private void TailPrologue(Region g)
    {
        int n = g.TailLevels;
        var entry = Temp(ValType.I32);
        _il.Emit(OpCodes.Stloc, entry);
        Pop();
        for (int k = 0; k < n; k++) _ctl.Add(new Ctl { Kind = Kind.Block, Base = _tc, Label = _il.DefineLabel() });
        if (n > 1)
        {
            var labels = new Label[n - 1];
            for (int e = 1; e < n; e++)
            {
                var c = _ctl[^e];
                c.Branched = true;
                labels[e - 1] = c.Label;
            }
            _il.Emit(OpCodes.Ldloc, entry);
            LdcI4(1);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Switch, labels);
        }
        Free(entry);
    }

    /// <summary>Whether a br_table's branch to a label can take the entry-code table (a tail region's entry, nothing to pop).</summary>
    private bool Tabled(Ctl c) => c.Tail is not null && _tc == c.Base && c.TailEntry < 0xD800;

    /// <summary>
    /// A br_table with several targets that are entries of tail regions called in this method: their entry codes, by
    /// table index, as a string constant (those targets then jump to one stub per region that loads the code and
    /// goes to the region's call), or null when too few targets are such entries.
    /// </summary>
    private string? TailTable(uint[] labels)
    {
        int n = 0;
        var chars = new char[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            var c = Target(labels[i]);
            if (!Tabled(c)) continue;
            chars[i] = (char)c.TailEntry;
            n++;
        }
        return n < 4 ? null : new string(chars);
    }

    /// <summary>
    /// After a region call: exit code 0 falls through; code k is a branch to label k - 1. Labels outside this method
    /// pass the code on to its caller unchanged (their values stay in the transfer slots); the others are the
    /// entries of a switch, straight to the label when no value moves, else through a stub.
    /// </summary>
    private void Dispatch(List<int> exits, LocalBuilder code)
    {
        int outer = _region?.Labels.Length ?? 0;
        var cont = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, code);
        _il.Emit(OpCodes.Brfalse, cont);
        int lo = exits.Count, hi = exits[^1];
        for (int k = 0; k < exits.Count; k++)
        {
            if (exits[k] >= outer) { lo = k; break; }
            _exitSet.Add(exits[k]);
        }
        if (lo > 0)
        {
            var inner = _il.DefineLabel();
            if (lo < exits.Count)
            {
                _il.Emit(OpCodes.Ldloc, code);
                LdcI4(outer);
                _il.Emit(OpCodes.Bgt_Un, inner);
            }
            for (int i = 0; i < _tc; i++) _il.Emit(OpCodes.Pop);
            _il.Emit(OpCodes.Ldloc, code);
            _il.Emit(OpCodes.Br, _exitLabel);
            _exitReached = true;
            if (lo == exits.Count)
            {
                _il.MarkLabel(cont);
                return;
            }
            _il.MarkLabel(inner);
        }
        int first = exits[lo];
        var entries = new Label[hi - first + 1];
        Array.Fill(entries, cont);
        var stubs = new List<(Label, Ctl)>();
        for (int k = lo; k < exits.Count; k++)
        {
            var c = _ctl[exits[k]];
            if (Direct(c)) entries[exits[k] - first] = c.Label;
            else
            {
                var l = _il.DefineLabel();
                entries[exits[k] - first] = l;
                stubs.Add((l, c));
            }
        }
        _il.Emit(OpCodes.Ldloc, code);
        LdcI4(first + 1);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Switch, entries);
        _il.Emit(OpCodes.Br, cont);
        foreach (var (l, c) in stubs)
        {
            _il.MarkLabel(l);
            var ts = LabelTypes(c);
            LoadTransfer(ts);
            BranchTo(c);
            Pop(ts.Length);
        }
        _il.MarkLabel(cont);
    }

    /// <summary>Whether a branch to a label can be a plain jump from here (no values move, nothing to pop); marks it taken.</summary>
    private bool Direct(Ctl c)
    {
        if (LabelTypes(c).Length != 0 || _tc != c.Base) return false;
        if (c.Kind != Kind.Loop) c.Branched = true;
        return true;
    }

    /// <summary>
    /// br_table as a CIL switch: a target with no values and nothing to pop is an entry of its own label, the others
    /// get a stub each. In a region method, many targets outside it go through a table of exit codes first.
    /// </summary>
    private void EmitBrTable(uint[] labels, uint fallback)
    {
        var idx = Temp(ValType.I32);
        _il.Emit(OpCodes.Stloc, idx);
        if (labels.Length == 0)
        {
            Free(idx);
            BranchTo(Target(fallback));
            return;
        }
        int tabled = _region is not null ? ExitTable(labels, fallback, idx) : -1;
        string? tails = _plan is { TailEntries.Count: > 0 } ? TailTable(labels) : null;
        var entries = new Label[labels.Length];
        var stubs = new Dictionary<uint, Label>();
        Dictionary<Region, Label>? tailStubs = null;
        var rest = _il.DefineLabel();
        for (int i = 0; i < labels.Length; i++)
        {
            uint d = labels[i];
            var c = Target(d);
            if (_ctl.Count - 1 - (int)d < tabled) entries[i] = rest; // taken by the exit table
            else if (tails is not null && Tabled(c) && c.Tail is { } t)
            {
                // One stub per region loads the entry code by the index: the code is live only from there to the
                // call, not across the switch (nor held in a register the whole loop long).
                tailStubs ??= [];
                if (!tailStubs.TryGetValue(t, out var l)) tailStubs[t] = l = _il.DefineLabel();
                entries[i] = l;
                (_tailTabled ??= []).Add(t);
            }
            else if (Direct(c)) entries[i] = c.Label;
            else
            {
                if (!stubs.TryGetValue(d, out var l)) stubs[d] = l = _il.DefineLabel();
                entries[i] = l;
            }
        }
        _il.Emit(OpCodes.Ldloc, idx);
        _il.Emit(OpCodes.Switch, entries);
        _il.MarkLabel(rest);
        BranchTo(Target(fallback));
        foreach (var (d, l) in stubs)
        {
            _il.MarkLabel(l);
            BranchTo(Target(d));
        }
        if (tailStubs is not null)
        {
            foreach (var (t, l) in tailStubs)
            {
                _il.MarkLabel(l);
                _il.Emit(OpCodes.Ldstr, tails!);
                _il.Emit(OpCodes.Ldloc, idx);
                _il.Emit(OpCodes.Call, MGetChars);
                _il.Emit(OpCodes.Stloc, _tailEntry ??= _il.DeclareLocal(typeof(int)));
                _il.Emit(OpCodes.Br, TailCall(t));
            }
        }
        Free(idx);
    }

    private static readonly System.Reflection.MethodInfo MGetChars = typeof(string).GetMethod("get_Chars", [typeof(int)])!;

    /// <summary>
    /// In a region method, a br_table with several targets outside it (none carrying values): their exit codes come
    /// from a string constant indexed by the table index, and leave at once. Returns the number of outer labels so
    /// handled (labels below it take this path), or -1 when the table is not used.
    /// </summary>
    private int ExitTable(uint[] labels, uint fallback, LocalBuilder idx)
    {
        int outer = _region!.Labels.Length;
        var seen = new HashSet<int>();
        var chars = new char[labels.Length + 1];
        for (int i = 0; i <= labels.Length; i++)
        {
            int j = _ctl.Count - 1 - (int)(i < labels.Length ? labels[i] : fallback);
            if (j >= outer) continue;
            if (_ctl[j].Results.Length != 0 || j + 1 >= 0xD800) return -1;
            seen.Add(j);
            chars[i] = (char)(j + 1);
        }
        if (seen.Count < 4) return -1;
        var code = Temp(ValType.I32);
        var ok = _il.DefineLabel();
        var inner = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, idx);
        LdcI4(labels.Length);
        _il.Emit(OpCodes.Ble_Un, ok);
        LdcI4(labels.Length);
        _il.Emit(OpCodes.Stloc, idx);
        _il.MarkLabel(ok);
        _il.Emit(OpCodes.Ldstr, new string(chars));
        _il.Emit(OpCodes.Ldloc, idx);
        _il.Emit(OpCodes.Call, MGetChars);
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, code);
        _il.Emit(OpCodes.Brfalse, inner);
        for (int i = 0; i < _tc; i++) _il.Emit(OpCodes.Pop);
        _il.Emit(OpCodes.Ldloc, code);
        _il.Emit(OpCodes.Br, _exitLabel);
        _il.MarkLabel(inner);
        Free(code);
        _exitReached = true;
        foreach (int j in seen) _exitSet.Add(j);
        return outer;
    }

    /// <summary>Emits the method of a region (see <see cref="Region"/>).</summary>
    public void CompileRegion(FunctionShape shape)
    {
        var g = _region!;
        var plan = _plan!;
        var body = SetUp(shape);
        ReloadMemory();
        _reloads = false;
        BeginHandler(typeof(int)); // a trap in a region is its function's: the handler tells the function's where
        _initLabel = _il.DefineLabel();
        _bodyLabel = _il.DefineLabel();
        _il.Emit(OpCodes.Br, _initLabel);
        _il.MarkLabel(_bodyLabel);
        foreach (int l in g.Used)
        {
            FrameAddr(plan.SlotOf[l]);
            FrameLoad(_localTypes[l]);
            _il.Emit(OpCodes.Stloc, LocalOf(l));
        }
        if (g.TailLevels > 0)
        {
            Ldarg(TailEntryArg);
            Push(ValType.I32);
        }
        else LoadTransfer(g.Inputs);
        // The enclosing labels: branches to them leave the method.
        foreach (var ts in g.Labels)
            _ctl.Add(new Ctl { Kind = Kind.Exit, Base = 0, Results = ts, Label = _il.DefineLabel() });
        _exitLabel = _il.DefineLabel();
        int outer = _ctl.Count;
        if (g.TailLevels > 0) TailPrologue(g);

        var r = new CodeReader(body.Code.Span, body.CodeOffset, WasmFeatures.Default) { Position = g.Start };
        TranslateRange(ref r, g.End, g.Children);
        if (_ctl.Count != outer) throw new InvalidOperationException($"compiler: region {g.Start}-{g.End} is not balanced");

        var exit = _exitLabel;
        bool exits = !_unreachable || _exitReached;
        if (!_unreachable)
        {
            StoreTransfer(g.Outputs);
            LdcI4(0);
            _il.Emit(OpCodes.Br, exit);
        }
        for (int j = 0; j < outer; j++)
        {
            var c = _ctl[j];
            if (!c.Branched) continue;
            _il.MarkLabel(c.Label);
            if (c.Slots is { } slots)
            {
                for (int i = 0; i < slots.Length; i++)
                {
                    FrameAddr(plan.TransferBase + i);
                    _il.Emit(OpCodes.Ldloc, slots[i]);
                    FrameStore(c.Results[i]);
                }
            }
            _exitSet.Add(j);
            LdcI4(j + 1);
            _il.Emit(OpCodes.Br, exit);
            exits = true;
        }
        g.Exits.Clear();
        g.Exits.AddRange(_exitSet);
        g.MayMoveMemory = _reloads;
        if (!exits)
        {
            // Never left (an endless loop or a trap): no exit code.
            EmitGlobalInit();
            EndHandler();
            return;
        }
        _il.MarkLabel(exit);
        if (g.Set.Length > 0)
        {
            var code = _il.DeclareLocal(typeof(int));
            _il.Emit(OpCodes.Stloc, code);
            foreach (int l in g.Set)
            {
                FrameAddr(plan.SlotOf[l]);
                _il.Emit(OpCodes.Ldloc, LocalOf(l));
                FrameStore(_localTypes[l]);
            }
            _il.Emit(OpCodes.Ldloc, code);
        }
        EmitReturn();
        EmitGlobalInit();
        EndHandler();
        ReportCheckStats();
    }
}
