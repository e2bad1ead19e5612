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
    private const long MaxCoef = 1 << 12;
    private const long MaxStep = 1 << 16;

    private sealed class AVal
    {
        public static readonly AVal Unknown = new();
        public bool Affine;
        public (int Local, long Coef)[] Terms = [];
        public long K;
        // A comparison of two affine values (for the exit test).
        public Opcode Cmp;
        public AVal? A, B;
    }

    private struct Frame
    {
        public int Height, Params, Results;
    }

    /// <summary>
    /// Analyses the loop whose <c>loop</c> instruction ends at <paramref name="start"/> (the reader's position after it);
    /// null when it is not a counted innermost loop with versionable accesses.
    /// </summary>
    public static VersionedLoop? Analyze(ModuleDefinition m, FuncType[] funcTypes, FunctionBody body, ValType[] localTypes, in Instruction loop, int start)
    {
        var (lp, lr) = m.BlockSignature(loop.Block);
        if (lp.Length > 0 || lr.Length > 0) return null;
        var code = body.Code.Span;
        // Pass 1: the loop's extent, no nested loop, assignments per local, top-level increments.
        var r = new CodeReader(code, body.CodeOffset, WasmFeatures.Default) { Position = start };
        int depth = 1, end = -1;
        var sets = new Dictionary<int, int>();
        var steps = new Dictionary<int, long>();
        var stepLocals = new Dictionary<int, int>(); // local = local + another local
        Instruction ins = default;
        Instruction p1 = default, p2 = default, p3 = default; // the three instructions before
        bool accesses = false;
        var cost = CilCost.Of(in loop, false);
        while (!r.AtEnd && r.Position - start <= MaxLoopBytes)
        {
            r.Read(out ins);
            cost.Add(CilCost.Of(in ins, false));
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
                    sets[l] = sets.GetValueOrDefault(l) + 1;
                    if (depth == 1 && p3.Opcode == Opcode.LocalGet && p3.Index == ins.Index && p2.Opcode == Opcode.I32Const
                        && (p1.Opcode == Opcode.I32Add || p1.Opcode == Opcode.I32Sub) && localTypes[l] == ValType.I32)
                    {
                        long k = p1.Opcode == Opcode.I32Add ? p2.I32 : -(long)p2.I32;
                        if (k != 0 && Math.Abs(k) <= MaxStep) steps[l] = k;
                    }
                    else if (depth == 1 && p3.Opcode == Opcode.LocalGet && p3.Index == ins.Index && p2.Opcode == Opcode.LocalGet
                        && p2.Index != ins.Index && p1.Opcode == Opcode.I32Add && localTypes[l] == ValType.I32
                        && localTypes[p2.Index] == ValType.I32)
                    {
                        stepLocals[l] = (int)p2.Index;
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
            p1 = ins;
        }
        // Cheap filters before the abstract interpretation: memory accesses, an increment, br_if 0 right before the end.
        if (end < 0 || !accesses || p1.Opcode != Opcode.BrIf || p1.Index != 0) return null;
        foreach (var (l, n) in sets)
            if (n != 1) steps.Remove(l);
        foreach (var (l, sl) in stepLocals)
            if (sets[l] != 1 || sets.ContainsKey(sl)) stepLocals.Remove(l);
        if (steps.Count == 0 && stepLocals.Count == 0) return null;
        var ind = new Inductions(steps, stepLocals);

        // Pass 2: abstract interpretation of the body (affine address expressions).
        var vl = new VersionedLoop { End = end, Cost = cost };
        r.Position = start;
        var stack = new List<AVal>();
        var frames = new List<Frame> { new() { Height = 0 } };
        var incremented = new HashSet<int>();
        bool dead = false;
        int deadDepth = 0, memoryAccesses = 0;
        while (r.Position < end)
        {
            int pos = r.Position;
            r.Read(out ins);
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
                    if (op == Opcode.If && !Pop(stack, 1)) return null;
                    var (bp, br) = m.BlockSignature(ins.Block);
                    if (stack.Count < bp.Length) return null;
                    frames.Add(new Frame { Height = stack.Count - bp.Length, Params = bp.Length, Results = br.Length });
                    for (int i = stack.Count - bp.Length; i < stack.Count; i++) stack[i] = AVal.Unknown;
                    continue;
                }
                case Opcode.Else:
                {
                    var f = frames[^1];
                    Reset(stack, f.Height, f.Params);
                    continue;
                }
                case Opcode.End:
                {
                    var f = frames[^1];
                    frames.RemoveAt(frames.Count - 1);
                    if (frames.Count == 0)
                    {
                        if (r.Position != end) return null;
                        break;
                    }
                    Reset(stack, f.Height, f.Results);
                    continue;
                }
                case Opcode.Br: case Opcode.BrIf: case Opcode.BrTable:
                {
                    int levels = frames.Count - 1; // relative label of the loop itself
                    bool back = ins.Index == levels;
                    if (op == Opcode.BrTable)
                        foreach (var t in ins.Labels!) back |= t == levels;
                    if (back)
                    {
                        // The one back edge: br_if 0 at the top level, right before the end.
                        if (op != Opcode.BrIf || levels != 0 || !AtLoopEnd(code, body.CodeOffset, r.Position, end)) return null;
                        if (stack.Count == 0 || !ExitTest(vl, stack[^1], ind, sets, localTypes)) return null;
                    }
                    if (op != Opcode.Br && !Pop(stack, 1)) return null;
                    if (op != Opcode.BrIf) dead = true;
                    continue;
                }
                case Opcode.LocalGet:
                {
                    int l = (int)ins.Index;
                    if (localTypes[l] != ValType.I32 || (sets.ContainsKey(l) && !ind.Has(l))) { stack.Add(AVal.Unknown); continue; }
                    stack.Add(incremented.Contains(l) ? ind.NewValue(l) : new AVal { Affine = true, Terms = [(l, 1)] });
                    continue;
                }
                case Opcode.LocalSet: case Opcode.LocalTee:
                {
                    int l = (int)ins.Index;
                    if (stack.Count == 0) return null;
                    if (ind.Has(l))
                    {
                        // Its one assignment (the increment at the top level, see pass 1).
                        if (!ind.IsNewValue(stack[^1], l) || frames.Count != 1) return null;
                        incremented.Add(l);
                    }
                    if (op == Opcode.LocalSet) stack.RemoveAt(stack.Count - 1);
                    continue;
                }
                case Opcode.I32Const:
                    stack.Add(new AVal { Affine = true, K = ins.I32 });
                    continue;
                case Opcode.I32Add: case Opcode.I32Sub: case Opcode.I32Mul: case Opcode.I32Shl:
                case Opcode.I32Ne: case Opcode.I32LtU: case Opcode.I32LtS: case Opcode.I32LeU: case Opcode.I32GtU: case Opcode.I32GtS:
                {
                    if (stack.Count < 2) return null;
                    var b = stack[^1];
                    var a = stack[^2];
                    stack.RemoveRange(stack.Count - 2, 2);
                    stack.Add(Combine(op, a, b));
                    continue;
                }
                case Opcode.Return: case Opcode.Unreachable:
                    dead = true;
                    continue;
            }
            if (frames.Count == 0) break;
            if (!RegionSplitter.StackEffect(m, in ins, funcTypes, out int pops, out int pushes, out _) || stack.Count < pops) return null;
            var info = ins.Info;
            if (info.AccessSize > 0 && pops >= 1 && info.Params is { Length: > 0 } ps && ps[0] == ValType.I32)
            {
                memoryAccesses++;
                var addr = stack[stack.Count - pops];
                if (addr.Affine && addr.Terms.Length > 0) AddAccess(vl, addr, (long)ins.Value + info.AccessSize, ins.Offset, ind);
            }
            Pop(stack, pops);
            Push(stack, pushes);
        }
        // One check less per iteration does not pay for the entry test and the second copy (whose extra code and
        // live ranges can make the register allocation of a big function worse).
        // Nor does a copy that keeps checks, or a test of many groups: shootout-matrix's inner loop (10 iterations
        // through 11 groups of addresses) ran 1.7x slower versioned, its bases spilled in both copies.
        if (vl.Offsets.Count < MinAccesses || vl.Offsets.Count < memoryAccesses || vl.Test == default) return null;
        // A step local: the counter is the only induction variable in the addresses (see StepLocal).
        foreach (var g in vl.Groups)
            foreach (var (l, _) in g.Terms)
                if (stepLocals.ContainsKey(l) ? l != vl.Counter : vl.StepLocal >= 0 && steps.ContainsKey(l))
                    return null;
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

    private static bool Pop(List<AVal> stack, int n)
    {
        if (stack.Count < n) return false;
        stack.RemoveRange(stack.Count - n, n);
        return true;
    }

    private static void Push(List<AVal> stack, int n)
    {
        for (int i = 0; i < n; i++) stack.Add(AVal.Unknown);
    }

    private static void Reset(List<AVal> stack, int height, int n)
    {
        if (stack.Count > height) stack.RemoveRange(height, stack.Count - height);
        Push(stack, n);
    }

    private static AVal Combine(Opcode op, AVal a, AVal b)
    {
        switch (op)
        {
            case Opcode.I32Add:
            case Opcode.I32Sub when b.Affine && b.Terms.Length == 0:
            {
                if (!a.Affine || !b.Affine) return AVal.Unknown;
                if (op == Opcode.I32Sub) return new AVal { Affine = true, Terms = a.Terms, K = a.K - b.K };
                var terms = new List<(int, long)>(a.Terms);
                foreach (var (l, c) in b.Terms)
                {
                    int i = terms.FindIndex(t => t.Item1 == l);
                    if (i >= 0) terms[i] = (l, terms[i].Item2 + c);
                    else terms.Add((l, c));
                }
                if (terms.Count > MaxTerms) return AVal.Unknown;
                foreach (var (_, c) in terms)
                    if (c > MaxCoef) return AVal.Unknown;
                terms.Sort((x, y) => x.Item1.CompareTo(y.Item1));
                return new AVal { Affine = true, Terms = [.. terms], K = a.K + b.K };
            }
            case Opcode.I32Mul: case Opcode.I32Shl:
            {
                if (!a.Affine || !b.Affine) return AVal.Unknown;
                if (op == Opcode.I32Mul && a.Terms.Length == 0) (a, b) = (b, a);
                if (b.Terms.Length != 0) return AVal.Unknown;
                long f;
                if (op == Opcode.I32Shl)
                {
                    int s = (int)(b.K & 31);
                    if (s > 12) return AVal.Unknown;
                    f = 1L << s;
                }
                else
                {
                    if (b.K < 1 || b.K > MaxCoef) return AVal.Unknown;
                    f = b.K;
                }
                var terms = new (int, long)[a.Terms.Length];
                for (int i = 0; i < terms.Length; i++)
                {
                    terms[i] = (a.Terms[i].Local, a.Terms[i].Coef * f);
                    if (terms[i].Item2 > MaxCoef) return AVal.Unknown;
                }
                // The constant: i32 arithmetic keeps it modulo 2^32 (any representative will do, see VersionedLoop).
                return new AVal { Affine = true, Terms = terms, K = (int)(a.K * f) };
            }
            case Opcode.I32GtU: return new AVal { Cmp = Opcode.I32LtU, A = b, B = a };
            case Opcode.I32GtS: return new AVal { Cmp = Opcode.I32LtS, A = b, B = a };
            case Opcode.I32Ne: case Opcode.I32LtU: case Opcode.I32LtS: case Opcode.I32LeU:
                return new AVal { Cmp = op, A = a, B = b };
            default:
                return AVal.Unknown;
        }
    }

    /// <summary>Recognises the exit test (see <see cref="VersionedLoop"/>) in the back edge's condition.</summary>
    private static bool ExitTest(VersionedLoop vl, AVal cond, Inductions ind, Dictionary<int, int> sets, ValType[] localTypes)
    {
        AVal? x, y;
        Opcode test;
        if (cond.Affine) // br_if on the value itself: continue while it is not 0
        {
            x = cond;
            y = new AVal { Affine = true };
            test = Opcode.I32Ne;
        }
        else if (cond.Cmp != default)
        {
            x = cond.A;
            y = cond.B;
            test = cond.Cmp;
        }
        else return false;
        if (x is null || y is null) return false;
        if (test == Opcode.I32Ne && ind.IsCounter(y, out _)) (x, y) = (y, x);
        if (!ind.IsCounter(x, out int c)) return false;
        if (ind.StepLocals.TryGetValue(c, out int sl))
        {
            if (test == Opcode.I32Ne) return false;
            vl.StepLocal = sl;
            vl.Step = 1;
        }
        else
        {
            vl.Step = ind.Steps[c];
            if (vl.Step < 0 && test != Opcode.I32Ne) return false;
        }
        vl.Counter = c;
        vl.Test = test;
        if (!y.Affine) return false;
        if (y.Terms.Length == 0)
        {
            vl.LimitConst = (uint)y.K;
        }
        else if (y.Terms.Length == 1 && y.Terms[0].Coef == 1 && y.K == 0 && !sets.ContainsKey(y.Terms[0].Local)
                 && localTypes[y.Terms[0].Local] == ValType.I32)
        {
            vl.LimitLocal = y.Terms[0].Local;
        }
        else return false;
        return true;
    }

    /// <summary>Induction variables: local + constant step, or local + step local.</summary>
    private sealed class Inductions(Dictionary<int, long> steps, Dictionary<int, int> stepLocals)
    {
        public readonly Dictionary<int, long> Steps = steps;
        public readonly Dictionary<int, int> StepLocals = stepLocals;

        public bool Has(int l) => Steps.ContainsKey(l) || StepLocals.ContainsKey(l);

        /// <summary>Its value after its increment (in terms of its header value).</summary>
        public AVal NewValue(int l)
        {
            if (Steps.TryGetValue(l, out long k)) return new AVal { Affine = true, Terms = [(l, 1)], K = k };
            int s = StepLocals[l];
            return new AVal { Affine = true, Terms = s < l ? [(s, 1), (l, 1)] : [(l, 1), (s, 1)] };
        }

        public bool IsNewValue(AVal v, int l)
        {
            if (!v.Affine) return false;
            var n = NewValue(l);
            return v.K == n.K && v.Terms.AsSpan().SequenceEqual(n.Terms);
        }

        /// <summary>Whether <paramref name="v"/> is the new value of an induction variable (after its increment).</summary>
        public bool IsCounter(AVal v, out int counter)
        {
            counter = -1;
            if (!v.Affine) return false;
            foreach (var (l, _) in v.Terms)
            {
                if (Has(l) && IsNewValue(v, l))
                {
                    counter = l;
                    return true;
                }
            }
            return false;
        }

        /// <summary>Its step per iteration in the entry test's terms (1 for a step local: see <see cref="VersionedLoop.StepLocal"/>).</summary>
        public long SlopeOf(int l) => Steps.TryGetValue(l, out long k) ? k : StepLocals.ContainsKey(l) ? 1 : 0;
    }

    private static void AddAccess(VersionedLoop vl, AVal addr, long end, int offset, Inductions ind)
    {
        long slope = 0;
        foreach (var (l, c) in addr.Terms) slope += c * ind.SlopeOf(l);
        AddressGroup? g = null;
        foreach (var x in vl.Groups)
            if (x.Slope == slope && x.Terms.AsSpan().SequenceEqual(addr.Terms)) g = x;
        if (g is null)
        {
            if (vl.Groups.Count == MaxGroups) return;
            vl.Groups.Add(g = new AddressGroup { Terms = addr.Terms, Slope = slope });
        }
        g.MinK = Math.Min(g.MinK, addr.K);
        g.MaxKEnd = Math.Max(g.MaxKEnd, addr.K + end);
        vl.Offsets.Add(offset);
    }
}
