using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Compiler;

/// <summary>
/// Backward liveness of the locals of a function over its structured control flow, to narrow what crosses region
/// boundaries: a region loads only the locals it uses that are live at its start, and writes back only the locals it
/// sets that are live at one of its exits (its end, or a label outside it that one of its branches reaches).
/// Loops are handled by repeating the pass with each loop header's set from the previous pass until none grows.
/// </summary>
internal sealed class RegionLiveness
{
    private const int MaxPasses = 64;

    // The decoded body: per instruction its position, end position, opcode, immediate index, br_table labels, and
    // for block/loop/if/else/end the construct it belongs to.
    private Step[] _steps = [];
    private int _count;
    private readonly Dictionary<int, uint[]> _labels = []; // by step: a br_table's labels

    /// <summary>One decoded instruction the pass visits.</summary>
    private struct Step
    {
        public int Pos, End, Construct;
        public uint Index;
        public Opcode Op;
    }
    private readonly List<Opcode> _kind = []; // per construct (the function is construct 0, a block)
    private readonly int _w;
    private ulong[] _sets = [];     // per construct: its label's set (block/if: live after its end; loop: live at its head)
    private ulong[] _elseStart = []; // per construct: live at the start of an if's else arm
    private readonly ulong[] _live;

    private RegionLiveness(int locals)
    {
        _w = Math.Max(1, (locals + 63) >> 6);
        _live = new ulong[_w];
    }

    /// <summary>
    /// Narrows <see cref="Region.Used"/> to the locals live where each region is entered and <see cref="Region.Set"/> to the
    /// locals live at one of its exits. Returns false (and leaves the regions as they are) when the pass does not settle.
    /// </summary>
    public static bool Narrow(FunctionBody body, int locals, List<Region> regions)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var lv = new RegionLiveness(locals);
        lv.Decode(body, regions);
        bool settled = lv.Run(regions);
        t_steps = lv._steps; // (kept for the next pass on this thread, as are the others below)
        if (t_entryAt is { } entryAt) Array.Clear(entryAt, 0, Math.Min(entryAt.Length, lv._count)); // (no regions kept alive)
        if (CompiledModule.Trace) Interlocked.Add(ref CompiledModule.PhaseTicks[(int)CompiledModule.Phase.Liveness], System.Diagnostics.Stopwatch.GetTimestamp() - start);
        return settled;
    }

    /// <summary>
    /// Keeps the instructions the pass looks at: those that read, set or clear locals, branch or delimit constructs,
    /// and any other that starts where a region is entered or ends where one ends (the others leave the live set as
    /// it is, so the pass need not visit them).
    /// </summary>
    private void Decode(FunctionBody body, List<Region> regions)
    {
        int length = body.Code.Length;
        var boundary = Reuse(ref t_boundary, length + 1); // 1: a region is entered here; 2: a region ends here
        foreach (var g in regions)
        {
            foreach (int e in g.Entries.Length > 0 ? g.Entries : [g.Start])
                if ((uint)e <= (uint)length) boundary[e] |= 1;
            if ((uint)g.End <= (uint)length) boundary[g.End] |= 2;
        }
        _kind.Add(Opcode.Block);
        _steps = t_steps is { } steps && steps.Length >= length / 4 + 16 ? steps : new Step[length / 4 + 16];
        t_steps = null; // (while in use)
        var open = new List<int> { 0 };
        var r = new CodeReader(body.Code.Span, body.CodeOffset, WasmFeatures.Default);
        Instruction ins = default;
        while (!r.AtEnd)
        {
            int pos = r.Position;
            r.ReadFast(ref ins); // (only Opcode, Index and Labels are used, and only where the immediate kind sets them)
            int c = -1;
            switch (ins.Opcode)
            {
                case Opcode.Block: case Opcode.Loop: case Opcode.If:
                    c = _kind.Count;
                    _kind.Add(ins.Opcode);
                    open.Add(c);
                    break;
                case Opcode.Else:
                    c = open[^1];
                    break;
                case Opcode.End:
                    c = open[^1];
                    open.RemoveAt(open.Count - 1);
                    break;
                case Opcode.LocalGet: case Opcode.LocalSet: case Opcode.LocalTee: case Opcode.Unreachable:
                case Opcode.Return: case Opcode.Br: case Opcode.BrIf: case Opcode.BrTable:
                    break;
                default:
                    if ((boundary[pos] & 1) == 0 && (boundary[r.Position] & 2) == 0) continue;
                    break;
            }
            if (_count == _steps.Length) Array.Resize(ref _steps, _count * 2);
            _steps[_count] = new Step { Pos = pos, End = r.Position, Construct = c, Index = ins.Index, Op = ins.Opcode };
            if (ins.Opcode == Opcode.BrTable) _labels[_count] = ins.Labels!;
            _count++;
        }
        _sets = new ulong[_kind.Count * _w];
        _elseStart = new ulong[_kind.Count * _w];
    }

    // Per thread, the buffers of the last pass, reused by the next (the splitter may narrow a function's regions
    // more than once): the decoded steps, the region boundaries by position, the regions entered by step.
    [ThreadStatic] private static Step[]? t_steps;
    [ThreadStatic] private static byte[]? t_boundary;
    [ThreadStatic] private static List<Acc>?[]? t_entryAt;

    /// <summary>A cleared array of at least <paramref name="length"/> elements: the thread's buffer, grown when too short (also the splitter's).</summary>
    internal static T[] Reuse<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) return buffer = new T[Math.Max(length, 2 * (buffer?.Length ?? 0))];
        Array.Clear(buffer, 0, length);
        return buffer;
    }

    private sealed class Acc
    {
        public Region Region = null!;
        public ulong[] In = [], Out = [];
    }

    // Per thread, the accumulators of the last pass (their regions dropped), reused by the next.
    [ThreadStatic] private static List<Acc>? t_accs;

    /// <summary>The thread's accumulators for <paramref name="regions"/>, with sets of <see cref="_w"/> words.</summary>
    private Acc[] Accumulators(List<Region> regions)
    {
        var pool = t_accs ??= [];
        var accs = new Acc[regions.Count];
        for (int i = 0; i < accs.Length; i++)
        {
            if (i == pool.Count) pool.Add(new Acc());
            var a = pool[i];
            if (a.In.Length != _w)
            {
                a.In = new ulong[_w];
                a.Out = new ulong[_w];
            }
            a.Region = regions[i];
            accs[i] = a;
        }
        return accs;
    }

    private static void DropRegions(Acc[] accs)
    {
        foreach (var a in accs) a.Region = null!;
    }

    private bool Run(List<Region> regions)
    {
        var accs = Accumulators(regions);
        try
        {
            return Run(accs);
        }
        finally
        {
            DropRegions(accs);
        }
    }

    private bool Run(Acc[] accs)
    {
        var byEnd = (Acc[])accs.Clone();
        Array.Sort(byEnd, (a, b) => b.Region.End.CompareTo(a.Region.End)); // last first
        var active = new List<Acc>();
        // Where each region is entered (its start; a tail region also at the ends of its entry blocks), by the
        // index of the instruction there (a position that starts no instruction enters nothing).
        var entryAt = Reuse(ref t_entryAt, _count);
        foreach (var a in accs)
        {
            foreach (int e in a.Region.Entries.Length > 0 ? a.Region.Entries : [a.Region.Start])
            {
                int at = StepAt(e);
                if (at >= 0) (entryAt[at] ??= []).Add(a);
            }
        }
        var stack = new List<int>();
        var tmp = new ulong[_w];
        for (int pass = 0; pass < MaxPasses; pass++)
        {
            bool changed = false;
            foreach (var a in accs)
            {
                Array.Clear(a.In);
                Array.Clear(a.Out);
            }
            active.Clear();
            stack.Clear();
            Array.Clear(_live);
            int nextEnd = 0;
            for (int i = _count - 1; i >= 0; i--)
            {
                ref readonly var step = ref _steps[i];
                int pos = step.Pos;
                uint index = step.Index;
                while (nextEnd < byEnd.Length && byEnd[nextEnd].Region.End >= step.End)
                {
                    var a = byEnd[nextEnd++];
                    if (a.Region.End == step.End) Or(a.Out, _live, 0);
                    active.Add(a);
                }
                var op = step.Op;
                switch (op)
                {
                    case Opcode.LocalGet:
                        _live[index >> 6] |= 1UL << (int)(index & 63);
                        break;
                    case Opcode.LocalSet: case Opcode.LocalTee:
                        _live[index >> 6] &= ~(1UL << (int)(index & 63));
                        break;
                    case Opcode.Unreachable:
                        Array.Clear(_live);
                        break;
                    case Opcode.Return:
                        Array.Clear(_live); // the function's label: nothing is live after it
                        break;
                    case Opcode.Br:
                        Exit(active, stack, index);
                        Copy(_live, Label(stack, index));
                        break;
                    case Opcode.BrIf:
                        Exit(active, stack, index);
                        Or(_live, _sets, Label(stack, index));
                        break;
                    case Opcode.BrTable:
                        Array.Clear(tmp);
                        Exit(active, stack, index);
                        Or(tmp, _sets, Label(stack, index));
                        foreach (uint l in _labels[i])
                        {
                            Exit(active, stack, l);
                            Or(tmp, _sets, Label(stack, l));
                        }
                        Array.Copy(tmp, _live, _w);
                        break;
                    case Opcode.End:
                    {
                        int c = step.Construct;
                        stack.Add(c);
                        // A block's or if's label is what is live after its end; a loop's stays from the last pass.
                        if (_kind[c] != Opcode.Loop) Array.Copy(_live, 0, _sets, c * _w, _w);
                        break;
                    }
                    case Opcode.Else:
                    {
                        int c = step.Construct;
                        Array.Copy(_live, 0, _elseStart, c * _w, _w);
                        Array.Copy(_sets, c * _w, _live, 0, _w);
                        _kind[c] = Opcode.Else; // an if with an else arm
                        break;
                    }
                    case Opcode.Block:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    case Opcode.Loop:
                    {
                        int c = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        for (int k = 0; k < _w; k++)
                        {
                            ulong grown = _sets[c * _w + k] | _live[k];
                            if (grown != _sets[c * _w + k]) changed = true;
                            _sets[c * _w + k] = grown;
                        }
                        break;
                    }
                    case Opcode.If:
                    {
                        int c = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        // The false path goes to the else arm, or straight to the end.
                        Or(_live, _kind[c] == Opcode.Else ? _elseStart : _sets, c * _w);
                        _kind[c] = Opcode.If;
                        break;
                    }
                }
                if (entryAt[i] is { } entering)
                {
                    foreach (var a in entering)
                    {
                        Or(a.In, _live, 0);
                        if (a.Region.Start == pos) active.Remove(a);
                    }
                }
            }
            if (!changed)
            {
                foreach (var a in accs)
                {
                    a.Region.Used = Filter(a.Region.Used, a.In);
                    a.Region.Set = Filter(a.Region.Set, a.Out);
                }
                return true;
            }
        }
        return false;
    }

    /// <summary>The index of the step that starts at code position <paramref name="pos"/>, or -1.</summary>
    private int StepAt(int pos)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int p = _steps[mid].Pos;
            if (p == pos) return mid;
            if (p < pos) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Offset in <see cref="_sets"/> of the label <paramref name="depth"/> levels out (0 for the function: nothing live).</summary>
    private int Label(List<int> stack, uint depth) => stack[stack.Count - 1 - (int)depth] * _w;

    /// <summary>A branch leaving active regions: what is live at its target is live at their exit.</summary>
    private void Exit(List<Acc> active, List<int> stack, uint depth)
    {
        int abs = stack.Count - 1 - (int)depth;
        foreach (var a in active)
            if (abs < a.Region.Labels.Length) Or(a.Out, _sets, stack[abs] * _w);
    }

    private void Or(ulong[] dst, ulong[] src, int offset)
    {
        for (int k = 0; k < _w; k++) dst[k] |= src[offset + k];
    }

    private void Copy(ulong[] dst, int offset) => Array.Copy(_sets, offset, dst, 0, _w);

    private static int[] Filter(int[] locals, ulong[] set)
    {
        int n = 0;
        foreach (int l in locals)
            if ((set[l >> 6] >> (l & 63) & 1) != 0) n++;
        if (n == locals.Length) return locals;
        var r = new int[n];
        n = 0;
        foreach (int l in locals)
            if ((set[l >> 6] >> (l & 63) & 1) != 0) r[n++] = l;
        return r;
    }
}
