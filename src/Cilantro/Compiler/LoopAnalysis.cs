using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Compiler;

/// <summary>
/// A small innermost counted loop whose memory accesses through induction-variable addresses can all be proven in
/// bounds by one test at its entry (loop versioning: the compiler emits an unchecked copy of the loop for when the
/// test holds and the ordinary checked copy for when it fails).
/// </summary>
/// <remarks>
/// The loop has one back edge, a <c>br_if 0</c> right before its <c>end</c>, whose condition compares the counter's
/// new value (after its increment) with a constant or a local the loop never sets. The counter and the other
/// induction variables are i32 locals set exactly once in the loop, at its top level (so once per iteration), as
/// <c>local = local + step</c>. At entry the test computes J, the last iteration's number (the counter's header values
/// are c0 + step * j modulo 2^32 for j = 0..J and nothing else), and checks that each versioned access's address (a
/// sum of induction variables and loop-invariant locals times small constants plus a constant, linear in j) stays
/// within [0, length - end] over the range. Wasm's i32 arithmetic computes an address modulo 2^32 (whether or not a
/// variable wrapped around on the way), so the addresses of a group are lo + d modulo 2^32 for d in [0, span], lo
/// being the smallest 64-bit sum modulo 2^32: when lo + span + end is within the memory, they are lo + d.
/// Other i32 locals the loop sets are temporaries: after a set to an affine value (whose terms, header values of
/// induction variables and invariant locals, do not change within an iteration) they hold that value until the end
/// (or else) of the frame the set is in, or the next set; before their first set in an iteration they are unknown.
/// (A set at the loop's top level dominates the rest of the iteration: the only branch back is the final br_if.)
/// </remarks>
internal sealed class VersionedLoop
{
    /// <summary>Code position (in the body) right after the loop's <c>end</c>.</summary>
    public int End;
    /// <summary>The counter local and its step (1 with a step local: see <see cref="StepLocal"/>).</summary>
    public int Counter;
    public long Step;
    /// <summary>
    /// A local the loop never sets that is the counter's step, or -1. Then the test is not <c>ne</c> and the only
    /// induction variable the addresses use is the counter, whose header values lie in [c0, limit - 1]: the entry test
    /// takes them as c0 + j for j up to limit - 1 - c0 (step 1).
    /// </summary>
    public int StepLocal = -1;
    /// <summary>The exit test (continue while Counter Test Limit): <see cref="Opcode.I32Ne"/>, <see cref="Opcode.I32LtU"/>, <see cref="Opcode.I32LtS"/> or <see cref="Opcode.I32LeU"/>.</summary>
    public Opcode Test;
    /// <summary>The limit: a local the loop never sets (or -1), else the constant.</summary>
    public int LimitLocal = -1;
    public uint LimitConst;
    /// <summary>Groups of versioned accesses with the same variable part: terms, slope per iteration, smallest constant, largest constant plus access end.</summary>
    public readonly List<AddressGroup> Groups = [];
    /// <summary>Offsets (module positions) of the memory instructions the entry test covers.</summary>
    public readonly HashSet<int> Offsets = [];
    /// <summary>Estimated CIL of the loop (what the second copy adds).</summary>
    public CilCost Cost;
}

/// <summary>Versioned accesses with the same terms: address(j) = Σ coef * local0 + k + Slope * j, k in [MinK, MaxKEnd - end].</summary>
internal sealed class AddressGroup
{
    public (int Local, long Coef)[] Terms = [];
    public long Slope;
    public long MinK = long.MaxValue;
    public long MaxKEnd = long.MinValue;
}

/// <summary>Finds loops worth versioning (see <see cref="VersionedLoop"/>).</summary>
internal static class LoopAnalysis
{
    /// <summary>Most bytes of Wasm code in a versioned loop (its code is emitted twice).</summary>
    public const int MaxLoopBytes = 600;
    private const int MaxTerms = 4;
    private const int MinAccesses = 2;
    private const int MaxGroups = 4; // (see the end of Analyze)
    /// <summary>Most groups of a loop whose trip count is known statically to be at least <see cref="ManyGroupsTrips"/>.</summary>
    private const int MaxGroupsLong = 8;
    private const long ManyGroupsTrips = 64;
    /// <summary>Longest function body searched for the counter's entry value (the search decodes the body up to the loop).</summary>
    private const int MaxEntrySearch = 1 << 16;
    private const long MaxCoef = 1 << 12;
    private const long MaxStep = 1 << 16;

    /// <summary>
    /// An abstract value: unknown, affine (Σ coef * local + K, at most <see cref="MaxTerms"/> terms sorted by local),
    /// or a comparison of two values (for the exit test; its operands in the scratch's pool).
    /// </summary>
    private struct AVal
    {
        public bool Affine;
        public int Count;
        public Terms T;
        public long K;
        // A comparison of two values: its operator (default: not one) and its operands' pool indices.
        public Opcode Cmp;
        public int A, B;

        [System.Diagnostics.CodeAnalysis.UnscopedRef]
        public readonly ReadOnlySpan<(int Local, long Coef)> Terms => ((ReadOnlySpan<(int, long)>)T)[..Count];

        public static AVal Const(long k) => new() { Affine = true, K = k };

        public static AVal Local(int l)
        {
            var v = new AVal { Affine = true, Count = 1 };
            v.T[0] = (l, 1);
            return v;
        }

        public readonly bool SameTerms(in AVal o) => Terms.SequenceEqual(o.Terms);
    }

    [System.Runtime.CompilerServices.InlineArray(MaxTerms)]
    private struct Terms
    {
        private (int Local, long Coef) _first;
    }

    private struct Frame
    {
        public int Height, Params, Results;
    }

    /// <summary>An address group while analysing (see <see cref="AddressGroup"/>).</summary>
    private struct Group
    {
        public AVal Addr;
        public long Slope, MinK, MaxKEnd;
    }

    /// <summary>
    /// Per thread, the analysis's working storage, reused from loop to loop: per local arrays valid where their stamp
    /// is the current analysis's (no clearing), the abstract stack, the frames, the comparison operands, the groups.
    /// </summary>
    private sealed class Scratch
    {
        public int Stamp;
        public int[] Mark = [], Sets = [], StepLocal = [], Incremented = [];
        public long[] Step = [];
        // Temporaries (pass 2): a local the loop sets that is no induction variable holds Known[l] (affine in the
        // header values of induction variables and in invariant locals) where KnownMark[l] is the stamp; KnownLevel
        // is the frame count at its set (the end or else of that frame forgets it). Temps lists the locals set so.
        public int[] KnownMark = [], KnownLevel = [];
        public AVal[] Known = [];
        public readonly List<int> Temps = [];
        public readonly List<int> Candidates = [];
        public AVal[] Stack = new AVal[32];
        public int Height;
        public AVal[] Pool = new AVal[16];
        public int PoolCount;
        public Frame[] Frames = new Frame[8];
        public int FrameCount;
        public readonly Group[] Groups = new Group[MaxGroupsLong];
        public int GroupCount, Accesses;
        public readonly List<int> Offsets = [];
        // The exit test found (see VersionedLoop).
        public int Counter, StepLocalOfCounter, LimitLocal;
        public long CounterStep;
        public Opcode Test;
        public uint LimitConst;

        // StaticTrips's entry values of the body decoded last (weakly held: the scratch outlives its module).
        private readonly WeakReference<FunctionBody?> _entryBody = new(null);
        private readonly List<(int Loop, int Local, int Value)> _entries = [];

        /// <summary>
        /// The loops of <paramref name="body"/> (up to <see cref="MaxEntrySearch"/>) right after <c>i32.const k;
        /// local.set c</c>: their body positions (ascending), c and k. Decoded once per body, so that a function of
        /// many such loops stays linear; the same for any thread, so the IL is too.
        /// </summary>
        public List<(int Loop, int Local, int Value)> EntryValues(FunctionBody body)
        {
            if (_entryBody.TryGetTarget(out var last) && ReferenceEquals(last, body)) return _entries;
            _entries.Clear();
            var r = new CodeReader(body.Code.Span, body.CodeOffset, WasmFeatures.Default);
            Instruction ins = default;
            (Opcode Opcode, uint Index, int I32) p1 = default, p2 = default;
            while (!r.AtEnd && r.Position <= MaxEntrySearch)
            {
                int at = r.Position;
                r.ReadFast(ref ins);
                if (ins.Opcode == Opcode.Loop && p1.Opcode == Opcode.LocalSet && p2.Opcode == Opcode.I32Const)
                    _entries.Add((at, (int)p1.Index, p2.I32));
                p2 = p1;
                p1 = (ins.Opcode, ins.Index, ins.I32);
            }
            _entryBody.SetTarget(body);
            return _entries;
        }

        public void Begin(int locals)
        {
            if (Mark.Length < locals)
            {
                int n = Math.Max(locals, 2 * Mark.Length);
                Mark = new int[n];
                Sets = new int[n];
                StepLocal = new int[n];
                Incremented = new int[n];
                Step = new long[n];
                KnownMark = new int[n];
                KnownLevel = new int[n];
                Known = new AVal[n];
                Stamp = 0;
            }
            if (++Stamp == int.MaxValue)
            {
                Array.Clear(Mark);
                Array.Clear(Incremented);
                Array.Clear(KnownMark);
                Stamp = 1;
            }
            Candidates.Clear();
            Temps.Clear();
            Offsets.Clear();
            Height = PoolCount = FrameCount = GroupCount = Accesses = 0;
            Test = default;
            StepLocalOfCounter = LimitLocal = -1;
            LimitConst = 0;
        }

        /// <summary>How many times the loop sets the local (pass 1).</summary>
        public int SetsOf(int l) => Mark[l] == Stamp ? Sets[l] : 0;

        public bool IsStep(int l) => Mark[l] == Stamp && Step[l] != 0;

        public bool IsStepLocal(int l) => Mark[l] == Stamp && StepLocal[l] >= 0;

        /// <summary>An induction variable: local + constant step, or local + step local.</summary>
        public bool Has(int l) => Mark[l] == Stamp && (Step[l] != 0 || StepLocal[l] >= 0);

        /// <summary>Its step per iteration in the entry test's terms (1 for a step local: see <see cref="VersionedLoop.StepLocal"/>).</summary>
        public long SlopeOf(int l) => Mark[l] != Stamp ? 0 : Step[l] != 0 ? Step[l] : StepLocal[l] >= 0 ? 1 : 0;

        /// <summary>An induction variable's value after its increment (in terms of its header value).</summary>
        public AVal NewValue(int l)
        {
            if (Step[l] != 0)
            {
                var v = AVal.Local(l);
                v.K = Step[l];
                return v;
            }
            int s = StepLocal[l];
            var w = new AVal { Affine = true, Count = 2 };
            w.T[0] = (Math.Min(s, l), 1);
            w.T[1] = (Math.Max(s, l), 1);
            return w;
        }

        public bool IsNewValue(in AVal v, int l)
        {
            if (!v.Affine) return false;
            var n = NewValue(l);
            return v.K == n.K && v.SameTerms(in n);
        }

        /// <summary>Whether <paramref name="v"/> is the new value of an induction variable (after its increment).</summary>
        public bool IsCounter(in AVal v, out int counter)
        {
            counter = -1;
            if (!v.Affine) return false;
            foreach (var (l, _) in v.Terms)
            {
                if (Has(l) && IsNewValue(in v, l))
                {
                    counter = l;
                    return true;
                }
            }
            return false;
        }

        /// <summary>Forgets the temporaries set at frame level <paramref name="level"/> or deeper (at that frame's end or else).</summary>
        public void Forget(int level)
        {
            foreach (int l in Temps)
                if (KnownMark[l] == Stamp && KnownLevel[l] >= level) KnownMark[l] = 0;
        }

        public void Push(in AVal v)
        {
            if (Height == Stack.Length) Array.Resize(ref Stack, 2 * Stack.Length);
            Stack[Height++] = v;
        }

        public void PushUnknown(int n)
        {
            for (int i = 0; i < n; i++) Push(default);
        }

        public bool Pop(int n)
        {
            if (Height < n) return false;
            Height -= n;
            return true;
        }

        public void Reset(int height, int n)
        {
            if (Height > height) Height = height;
            PushUnknown(n);
        }

        public int AddToPool(in AVal v)
        {
            if (PoolCount == Pool.Length) Array.Resize(ref Pool, 2 * Pool.Length);
            Pool[PoolCount] = v;
            return PoolCount++;
        }

        public void PushFrame(Frame f)
        {
            if (FrameCount == Frames.Length) Array.Resize(ref Frames, 2 * Frames.Length);
            Frames[FrameCount++] = f;
        }
    }

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>The parameter and result counts of a block type (as <see cref="ModuleDefinition.BlockSignature"/>, without its arrays).</summary>
    private static (int Params, int Results) BlockArity(ModuleDefinition m, BlockType bt)
    {
        if (bt.IsEmpty) return (0, 0);
        if (bt.IsSingle) return (0, 1);
        var (p, r) = m.BlockSignature(bt);
        return (p.Length, r.Length);
    }

    /// <summary>
    /// Analyses the loop whose <c>loop</c> instruction ends at <paramref name="start"/> (the reader's position after it);
    /// null when it is not a counted innermost loop with versionable accesses.
    /// </summary>
    public static VersionedLoop? Analyze(ModuleDefinition m, FuncType[] funcTypes, FunctionBody body, ValType[] localTypes, in Instruction loop, int start)
    {
        var (lp, lr) = BlockArity(m, loop.Block);
        if (lp > 0 || lr > 0) return null;
        var code = body.Code.Span;
        var s = t_scratch ??= new Scratch();
        s.Begin(localTypes.Length);
        // Pass 1: the loop's extent, no nested loop, assignments per local, top-level increments.
        var r = new CodeReader(code, body.CodeOffset, WasmFeatures.Default) { Position = start };
        int depth = 1, end = -1;
        Instruction ins = default;
        (Opcode Opcode, uint Index, int I32) p1 = default, p2 = default, p3 = default; // the three instructions before
        bool accesses = false;
        while (!r.AtEnd && r.Position - start <= MaxLoopBytes)
        {
            r.ReadFast(ref ins); // (the fields each immediate kind sets are the only ones read)
            switch (ins.Opcode)
            {
                case Opcode.Loop:
                    return null;
                case Opcode.Block: case Opcode.If:
                    depth++;
                    break;
                case Opcode.End:
                    depth--;
                    break;
                case Opcode.LocalSet: case Opcode.LocalTee:
                {
                    int l = (int)ins.Index;
                    if (s.Mark[l] != s.Stamp)
                    {
                        s.Mark[l] = s.Stamp;
                        s.Sets[l] = 0;
                        s.Step[l] = 0;
                        s.StepLocal[l] = -1;
                    }
                    s.Sets[l]++;
                    if (depth == 1 && p3.Opcode == Opcode.LocalGet && p3.Index == ins.Index && p2.Opcode == Opcode.I32Const
                        && (p1.Opcode == Opcode.I32Add || p1.Opcode == Opcode.I32Sub) && localTypes[l] == ValType.I32)
                    {
                        long k = p1.Opcode == Opcode.I32Add ? p2.I32 : -(long)p2.I32;
                        if (k != 0 && Math.Abs(k) <= MaxStep)
                        {
                            if (s.Step[l] == 0 && s.StepLocal[l] < 0) s.Candidates.Add(l);
                            s.Step[l] = k;
                        }
                    }
                    else if (depth == 1 && p3.Opcode == Opcode.LocalGet && p3.Index == ins.Index && p2.Opcode == Opcode.LocalGet
                        && p2.Index != ins.Index && p1.Opcode == Opcode.I32Add && localTypes[l] == ValType.I32
                        && localTypes[p2.Index] == ValType.I32)
                    {
                        if (s.Step[l] == 0 && s.StepLocal[l] < 0) s.Candidates.Add(l);
                        s.StepLocal[l] = (int)p2.Index;
                    }
                    break;
                }
            }
            if (depth == 0)
            {
                end = r.Position;
                break;
            }
            accesses |= ins.Opcode is >= Opcode.I32Load and <= Opcode.I64Store32 || (ins.Opcode > Opcode.I64Store32 && ins.Info.AccessSize > 0);
            p3 = p2;
            p2 = p1;
            p1 = (ins.Opcode, ins.Index, ins.I32);
        }
        // Cheap filters before the abstract interpretation: memory accesses, an increment, br_if 0 right before the end.
        if (end < 0 || !accesses || p1.Opcode != Opcode.BrIf || p1.Index != 0) return null;
        // Induction variables: the candidates the loop sets once; a step local must be one the loop never sets.
        int inductions = 0;
        foreach (int l in s.Candidates)
        {
            if (s.Sets[l] != 1)
            {
                s.Step[l] = 0;
                s.StepLocal[l] = -1;
            }
            else if (s.StepLocal[l] >= 0 && s.SetsOf(s.StepLocal[l]) > 0)
            {
                s.StepLocal[l] = -1;
            }
            if (s.Step[l] != 0 || s.StepLocal[l] >= 0) inductions++;
        }
        if (inductions == 0) return null;

        // Pass 2: abstract interpretation of the body (affine address expressions).
        r.Position = start;
        s.PushFrame(new Frame { Height = 0 });
        bool dead = false;
        int deadDepth = 0, memoryAccesses = 0;
        while (r.Position < end)
        {
            r.ReadFast(ref ins);
            var op = ins.Opcode;
            if (dead)
            {
                switch (op)
                {
                    case Opcode.Block: case Opcode.If: deadDepth++; continue;
                    case Opcode.Else when deadDepth == 0: break;
                    case Opcode.End when deadDepth == 0: break;
                    case Opcode.End: deadDepth--; continue;
                    default: continue;
                }
                dead = false;
            }
            switch (op)
            {
                case Opcode.Block: case Opcode.If:
                {
                    if (op == Opcode.If && !s.Pop(1)) return null;
                    var (bp, br) = BlockArity(m, ins.Block);
                    if (s.Height < bp) return null;
                    s.PushFrame(new Frame { Height = s.Height - bp, Params = bp, Results = br });
                    for (int i = s.Height - bp; i < s.Height; i++) s.Stack[i] = default;
                    continue;
                }
                case Opcode.Else:
                {
                    s.Forget(s.FrameCount);
                    var f = s.Frames[s.FrameCount - 1];
                    s.Reset(f.Height, f.Params);
                    continue;
                }
                case Opcode.End:
                {
                    s.Forget(s.FrameCount);
                    var f = s.Frames[--s.FrameCount];
                    if (s.FrameCount == 0)
                    {
                        if (r.Position != end) return null;
                        break;
                    }
                    s.Reset(f.Height, f.Results);
                    continue;
                }
                case Opcode.Br: case Opcode.BrIf: case Opcode.BrTable:
                {
                    int levels = s.FrameCount - 1; // relative label of the loop itself
                    bool back = ins.Index == levels;
                    if (op == Opcode.BrTable)
                        foreach (var t in ins.Labels!) back |= t == levels;
                    if (back)
                    {
                        // The one back edge: br_if 0 at the top level, right before the end.
                        if (op != Opcode.BrIf || levels != 0 || !AtLoopEnd(code, body.CodeOffset, r.Position, end)) return null;
                        if (s.Height == 0 || !ExitTest(s, s.Stack[s.Height - 1], localTypes)) return null;
                    }
                    if (op != Opcode.Br && !s.Pop(1)) return null;
                    if (op != Opcode.BrIf) dead = true;
                    continue;
                }
                case Opcode.LocalGet:
                {
                    int l = (int)ins.Index;
                    if (localTypes[l] != ValType.I32) s.Push(default);
                    else if (s.SetsOf(l) > 0 && !s.Has(l)) s.Push(s.KnownMark[l] == s.Stamp ? s.Known[l] : default);
                    else s.Push(s.Incremented[l] == s.Stamp ? s.NewValue(l) : AVal.Local(l));
                    continue;
                }
                case Opcode.LocalSet: case Opcode.LocalTee:
                {
                    int l = (int)ins.Index;
                    if (s.Height == 0) return null;
                    if (s.Has(l))
                    {
                        // Its one assignment (the increment at the top level, see pass 1).
                        if (!s.IsNewValue(in s.Stack[s.Height - 1], l) || s.FrameCount != 1) return null;
                        s.Incremented[l] = s.Stamp;
                    }
                    else if (localTypes[l] == ValType.I32 && s.Stack[s.Height - 1].Affine)
                    {
                        // A temporary: until its frame ends (or it is set again), it holds the value (in terms that
                        // do not change within the iteration). Before its first set in an iteration it is unknown.
                        if (s.KnownMark[l] != s.Stamp) s.Temps.Add(l);
                        s.Known[l] = s.Stack[s.Height - 1];
                        s.KnownMark[l] = s.Stamp;
                        s.KnownLevel[l] = s.FrameCount;
                    }
                    else s.KnownMark[l] = 0;
                    if (op == Opcode.LocalSet) s.Height--;
                    continue;
                }
                case Opcode.I32Const:
                    s.Push(AVal.Const(ins.I32));
                    continue;
                case Opcode.I32Add: case Opcode.I32Sub: case Opcode.I32Mul: case Opcode.I32Shl:
                case Opcode.I32Ne: case Opcode.I32LtU: case Opcode.I32LtS: case Opcode.I32LeU: case Opcode.I32GtU: case Opcode.I32GtS:
                {
                    if (s.Height < 2) return null;
                    s.Height -= 2;
                    var v = Combine(s, op, in s.Stack[s.Height], in s.Stack[s.Height + 1]);
                    s.Push(in v);
                    continue;
                }
                case Opcode.Return: case Opcode.Unreachable:
                    dead = true;
                    continue;
            }
            if (s.FrameCount == 0) break;
            if (!RegionSplitter.StackEffect(m, in ins, funcTypes, out int pops, out int pushes, out _) || s.Height < pops) return null;
            var info = ins.Info;
            if (info.AccessSize > 0 && pops >= 1 && info.Params is { Length: > 0 } ps && ps[0] == ValType.I32)
            {
                memoryAccesses++;
                // An access it cannot version fails the test at the end (every access must be versioned).
                ref var addr = ref s.Stack[s.Height - pops];
                if (!addr.Affine || addr.Count == 0 || !AddAccess(s, in addr, (long)ins.Value + info.AccessSize, ins.Offset)) return null;
            }
            s.Pop(pops);
            s.PushUnknown(pushes);
        }
        // One check less per iteration does not pay for the entry test and the second copy (whose extra code and
        // live ranges can make the register allocation of a big function worse).
        // Nor does a copy that keeps checks, or a test of many groups: shootout-matrix's inner loop (10 iterations
        // through 11 groups of addresses) ran 1.7x slower versioned, its bases spilled in both copies.
        if (s.Offsets.Count < MinAccesses || s.Offsets.Count < memoryAccesses || s.Test == default) return null;
        // More groups (up to MaxGroupsLong) only for a loop known to be long: a constant limit and a constant entry
        // value set right before the loop, ManyGroupsTrips iterations or more (gcc-loops' example10a: 6 groups, 1024
        // iterations; matrix: 10).
        if (s.GroupCount > MaxGroups && StaticTrips(s, body, loop.Offset - body.CodeOffset) < ManyGroupsTrips) return null;
        // A step local: the counter is the only induction variable in the addresses (see StepLocal).
        for (int gi = 0; gi < s.GroupCount; gi++)
            foreach (var (l, _) in s.Groups[gi].Addr.Terms)
                if (s.IsStepLocal(l) ? l != s.Counter : s.StepLocalOfCounter >= 0 && s.IsStep(l))
                    return null;
        return Result(s, code, body.CodeOffset, in loop, start, end);
    }

    /// <summary>
    /// The loop's trip count when known statically (else 0): the counter's entry value set by <c>i32.const k; local.set
    /// c</c> right before the <c>loop</c> at <paramref name="loopAt"/> (a body position) and a constant limit. (An
    /// estimate for a heuristic: the entry test decides soundness.)
    /// </summary>
    private static long StaticTrips(Scratch s, FunctionBody body, int loopAt)
    {
        if (s.LimitLocal >= 0 || s.StepLocalOfCounter >= 0 || loopAt > MaxEntrySearch) return 0;
        var entries = s.EntryValues(body);
        int at = entries.BinarySearch((loopAt, int.MinValue, int.MinValue)); // (the first entry at loopAt, if any)
        if (at < 0) at = ~at;
        if (at == entries.Count || entries[at].Loop != loopAt || entries[at].Local != s.Counter) return 0;
        long c0 = entries[at].Value, limit = s.LimitConst, step = s.CounterStep;
        switch (s.Test)
        {
            case Opcode.I32Ne:
            {
                // c0 + step * t = limit (mod 2^32) for the trip count t.
                long diff = (uint)((step > 0 ? limit - c0 : c0 - limit) & 0xFFFFFFFF), st = Math.Abs(step);
                return diff % st == 0 ? diff / st : 0;
            }
            case Opcode.I32LtU: case Opcode.I32LeU:
                c0 = (uint)c0;
                if (s.Test == Opcode.I32LeU) limit++;
                return c0 < limit ? (limit - c0 + step - 1) / step : 1;
            case Opcode.I32LtS:
                limit = (int)(uint)limit;
                return c0 < limit ? (limit - c0 + step - 1) / step : 1;
            default:
                return 0;
        }
    }

    /// <summary>The analysis's result (a loop that gets versioned: rare, so the allocations are here).</summary>
    private static VersionedLoop Result(Scratch s, ReadOnlySpan<byte> code, int codeOffset, in Instruction loop, int start, int end)
    {
        var cost = CilCost.Of(in loop, false);
        var r = new CodeReader(code, codeOffset, WasmFeatures.Default) { Position = start };
        while (r.Position < end)
        {
            r.Read(out var ins);
            cost.Add(CilCost.Of(in ins, false));
        }
        var vl = new VersionedLoop
        {
            End = end, Cost = cost, Counter = s.Counter, Step = s.CounterStep, StepLocal = s.StepLocalOfCounter, Test = s.Test,
            LimitLocal = s.LimitLocal, LimitConst = s.LimitConst,
        };
        for (int gi = 0; gi < s.GroupCount; gi++)
        {
            ref var g = ref s.Groups[gi];
            vl.Groups.Add(new AddressGroup { Terms = g.Addr.Terms.ToArray(), Slope = g.Slope, MinK = g.MinK, MaxKEnd = g.MaxKEnd });
        }
        foreach (int o in s.Offsets) vl.Offsets.Add(o);
        return vl;
    }

    /// <summary>Whether the instruction at <paramref name="pos"/> is the loop's <c>end</c>.</summary>
    private static bool AtLoopEnd(ReadOnlySpan<byte> code, int codeOffset, int pos, int end)
    {
        if (pos >= end) return false;
        var r = new CodeReader(code, codeOffset, WasmFeatures.Default) { Position = pos };
        r.Read(out var next);
        return next.Opcode == Opcode.End && r.Position == end;
    }

    private static AVal Combine(Scratch s, Opcode op, in AVal a, in AVal b)
    {
        switch (op)
        {
            case Opcode.I32Add:
            case Opcode.I32Sub when b.Affine && b.Count == 0:
            {
                if (!a.Affine || !b.Affine) return default;
                if (op == Opcode.I32Sub)
                {
                    var d = a;
                    d.K = a.K - b.K;
                    return d;
                }
                // The terms of both, merged by local (both sorted by local).
                var v = new AVal { Affine = true, K = a.K + b.K };
                int i = 0, j = 0;
                var at = a.Terms;
                var bt = b.Terms;
                while (i < at.Length || j < bt.Length)
                {
                    (int, long) t;
                    if (j == bt.Length || (i < at.Length && at[i].Local < bt[j].Local)) t = at[i++];
                    else if (i == at.Length || bt[j].Local < at[i].Local) t = bt[j++];
                    else t = (at[i].Local, at[i++].Coef + bt[j++].Coef);
                    if (v.Count == MaxTerms) return default;
                    v.T[v.Count++] = t;
                }
                foreach (var (_, c) in v.Terms)
                    if (c > MaxCoef) return default;
                return v;
            }
            case Opcode.I32Mul: case Opcode.I32Shl:
            {
                if (!a.Affine || !b.Affine) return default;
                ref readonly var x = ref a;
                ref readonly var y = ref b;
                if (op == Opcode.I32Mul && a.Count == 0)
                {
                    x = ref b;
                    y = ref a;
                }
                if (y.Count != 0) return default;
                long f;
                if (op == Opcode.I32Shl)
                {
                    int sh = (int)(y.K & 31);
                    if (sh > 12) return default;
                    f = 1L << sh;
                }
                else
                {
                    if (y.K < 1 || y.K > MaxCoef) return default;
                    f = y.K;
                }
                var v = new AVal { Affine = true, Count = x.Count };
                for (int i = 0; i < x.Count; i++)
                {
                    v.T[i] = (x.T[i].Local, x.T[i].Coef * f);
                    if (v.T[i].Coef > MaxCoef) return default;
                }
                // The constant: i32 arithmetic keeps it modulo 2^32 (any representative will do, see VersionedLoop).
                v.K = (int)(x.K * f);
                return v;
            }
            case Opcode.I32GtU: return Compare(s, Opcode.I32LtU, in b, in a);
            case Opcode.I32GtS: return Compare(s, Opcode.I32LtS, in b, in a);
            case Opcode.I32Ne: case Opcode.I32LtU: case Opcode.I32LtS: case Opcode.I32LeU:
                return Compare(s, op, in a, in b);
            default:
                return default;
        }
    }

    private static AVal Compare(Scratch s, Opcode op, in AVal a, in AVal b)
    {
        int ia = s.AddToPool(in a);
        int ib = s.AddToPool(in b);
        return new AVal { Cmp = op, A = ia, B = ib };
    }

    /// <summary>Recognises the exit test (see <see cref="VersionedLoop"/>) in the back edge's condition.</summary>
    private static bool ExitTest(Scratch s, AVal cond, ValType[] localTypes)
    {
        AVal x, y;
        Opcode test;
        if (cond.Affine) // br_if on the value itself: continue while it is not 0
        {
            x = cond;
            y = AVal.Const(0);
            test = Opcode.I32Ne;
        }
        else if (cond.Cmp != default)
        {
            x = s.Pool[cond.A];
            y = s.Pool[cond.B];
            test = cond.Cmp;
        }
        else return false;
        if (test == Opcode.I32Ne && s.IsCounter(in y, out _)) (x, y) = (y, x);
        if (!s.IsCounter(in x, out int c)) return false;
        if (s.IsStepLocal(c))
        {
            if (test == Opcode.I32Ne) return false;
            s.StepLocalOfCounter = s.StepLocal[c];
            s.CounterStep = 1;
        }
        else
        {
            s.CounterStep = s.Step[c];
            if (s.CounterStep < 0 && test != Opcode.I32Ne) return false;
        }
        s.Counter = c;
        s.Test = test;
        if (!y.Affine) return false;
        if (y.Count == 0)
        {
            s.LimitConst = (uint)y.K;
        }
        else if (y.Count == 1 && y.T[0].Coef == 1 && y.K == 0 && s.SetsOf(y.T[0].Local) == 0
                 && localTypes[y.T[0].Local] == ValType.I32)
        {
            s.LimitLocal = y.T[0].Local;
        }
        else return false;
        return true;
    }

    /// <summary>Adds an access to its group (false: a group too many).</summary>
    private static bool AddAccess(Scratch s, in AVal addr, long end, int offset)
    {
        long slope = 0;
        foreach (var (l, c) in addr.Terms) slope += c * s.SlopeOf(l);
        int gi = -1;
        for (int i = 0; i < s.GroupCount; i++)
            if (s.Groups[i].Slope == slope && s.Groups[i].Addr.SameTerms(in addr)) gi = i;
        if (gi < 0)
        {
            if (s.GroupCount == MaxGroupsLong) return false;
            gi = s.GroupCount++;
            s.Groups[gi] = new Group { Addr = addr, Slope = slope, MinK = long.MaxValue, MaxKEnd = long.MinValue };
        }
        ref var g = ref s.Groups[gi];
        g.MinK = Math.Min(g.MinK, addr.K);
        g.MaxKEnd = Math.Max(g.MaxKEnd, addr.K + end);
        s.Offsets.Add(offset);
        return true;
    }
}
