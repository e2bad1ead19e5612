using System.Reflection.Emit;
using Cilantro.Instructions;
using Cilantro.Model;

namespace Cilantro.Compiler;

/// <summary>Loop versioning (see <see cref="VersionedLoop"/>): one entry test instead of a bounds check per access.</summary>
internal sealed partial class FunctionCompiler
{
    /// <summary><c>CILANTRO_LOOP_VERSIONING=0</c>: no loop versioning (for comparisons).</summary>
    private static readonly bool NoVersioning = Environment.GetEnvironmentVariable("CILANTRO_LOOP_VERSIONING") == "0";

    /// <summary><c>CILANTRO_LOOP_BOUNDS=0</c>: no counter bounds at loop headers (see <see cref="FindCounter"/>; for comparisons).</summary>
    private static readonly bool NoCounterBounds = Environment.GetEnvironmentVariable("CILANTRO_LOOP_BOUNDS") == "0";

    /// <summary><c>CILANTRO_CHECK_STATS=1</c>: prints per function the bounds checks emitted and the loops versioned (for measurements).</summary>
    internal static readonly bool CheckStats = Environment.GetEnvironmentVariable("CILANTRO_CHECK_STATS") == "1";

    /// <summary>
    /// A function grows by its versioned loops' second copies only while its estimated CIL stays within this share
    /// of the limits (the estimate the splitter planned with does not count them: far below the limits, no plan changes).
    /// </summary>
    private const double VersionScale = 0.5;
    private static readonly CompilerLimits VersionLimits = new();

    /// <summary>Loops that run fewer iterations (known at entry) take the checked copy without the rest of the test.</summary>
    private const int MinIterations = 4;

    /// <summary>Estimated CIL of the entry test, and per address group (twice: lowest and highest address).</summary>
    private static readonly CilCost TestCost = new(40, 20, 4, 6), TermCost = new(16, 8, 1, 2);

    // Inside the unchecked copy of a versioned loop: the offsets of the accesses its entry test covers.
    private HashSet<int>? _unchecked;
    private CilCost _versionCost;
    private int _checksEmitted, _checksInCheckedCopies, _versionedLoops, _versionedAccesses;
    private bool _inCheckedCopy;

    /// <summary>Writes this function's check counts (<see cref="CheckStats"/>).</summary>
    internal void ReportCheckStats()
    {
        if (CheckStats)
            Console.Error.WriteLine($"checks: f{_funcIndex} emitted {_checksEmitted} versioned-loops {_versionedLoops} versioned-accesses {_versionedAccesses} in-checked-copies {_checksInCheckedCopies}");
    }

    /// <summary>
    /// At a <c>loop</c> (read from <paramref name="r"/>): when it is a counted loop whose accesses an entry test can
    /// prove in bounds, emits the test, an unchecked copy of the loop for when it holds and the checked loop for when
    /// it fails, and leaves the reader after the loop.
    /// </summary>
    private bool TryVersionLoop(ref CodeReader r, ref Instruction loop)
    {
        if (NoVersioning || _unchecked is not null || _plan is not null || _region is not null || _helperMemory || _dupTee
            || _memLen is null || _tc != 0)
            return false;
        var body = _m.Bodies[_funcIndex - _cm.ImportedFunctionCount];
        int start = r.Position;
        if (!MayVersion(body, in loop, start) || LoopAnalysis.Analyze(_m, _cm.FuncTypes, body, _localTypes, in loop, start) is not { } vl || BoundedByCounter(vl, in loop))
            return false;
        var cost = vl.Cost;
        cost.Add(TestCost);
        for (int i = 0; i < vl.Groups.Count * 2; i++) cost.Add(TermCost);
        var total = _cm.Analysis.Cost[_funcIndex];
        total.Add(_versionCost);
        total.Add(cost);
        if (!total.Fits(VersionLimits, VersionScale)) return false;
        _versionCost.Add(cost);
        _versionedLoops++;
        _versionedAccesses += vl.Offsets.Count;

        var checkedCopy = _il.DefineLabel();
        var join = _il.DefineLabel();
        EmitEntryTest(vl, checkedCopy);

        // The unchecked copy, from the state before the loop; then the checked one from that state again.
        int epoch = _epoch;
        var checkedEnd = (long[])_checkedEnd.Clone();
        var checkedEpoch = (int[])_checkedEpoch.Clone();
        var localMax = ((long, int, int)[])_localMax.Clone();
        _unchecked = vl.Offsets;
        Translate(ref loop);
        TranslateRange(ref r, vl.End, null);
        _unchecked = null;
        if (!_unreachable) _il.Emit(OpCodes.Br, join);

        _il.MarkLabel(checkedCopy);
        _epoch = epoch;
        _checkedEnd = checkedEnd;
        _checkedEpoch = checkedEpoch;
        _localMax = localMax;
        _unreachable = false;
        _deadDepth = 0;
        r.Position = start;
        _inCheckedCopy = true;
        Translate(ref loop);
        TranslateRange(ref r, vl.End, null);
        _inCheckedCopy = false;
        _il.MarkLabel(join);
        return true;
    }

    /// <summary>
    /// Whether every access the loop would version is through the counter alone and below the memory's minimum size
    /// at the counter's largest value at the header (see <see cref="FindCounter"/>): the checked loop has no checks left.
    /// </summary>
    private bool BoundedByCounter(VersionedLoop vl, in Instruction loop)
    {
        if (!ScanLoop(in loop) || _counter != vl.Counter) return false;
        long bound = CounterBound(LocalBound(_counter));
        if (bound < 0) return false;
        foreach (var g in vl.Groups)
            if (g.Terms is not [(int l, long c)] || l != _counter || bound * c + g.MaxKEnd > MinMemory) return false;
        return true;
    }

    /// <summary>Branches to <paramref name="fail"/> unless every access the unchecked copy leaves unchecked is in bounds in every iteration.</summary>
    private void EmitEntryTest(VersionedLoop vl, Label fail)
    {
        long k = vl.Step, ak = Math.Abs(k);
        var j = Temp(ValType.I64);
        // D = |limit - c0| in the direction of the step: as 64-bit values of the u32s (the counter stays below the
        // limit), or for ne modulo 2^32 (it may wrap around on the way: c0 + step * m is the limit modulo 2^32 first
        // for m = D / |step| when |step| divides D).
        if (k > 0)
        {
            EmitLimit(vl);
            LoadU32(vl.Counter);
        }
        else
        {
            LoadU32(vl.Counter);
            EmitLimit(vl);
        }
        _il.Emit(OpCodes.Sub);
        if (vl.Test == Opcode.I32Ne)
        {
            _il.Emit(OpCodes.Conv_U4);
            _il.Emit(OpCodes.Conv_U8);
        }
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, j);
        LdcI8(MinIterations * ak); // (at least 1: c0 below the limit; fewer iterations run checked, the rest of the test costs more than it saves)
        _il.Emit(OpCodes.Blt, fail);
        if (vl.Test != Opcode.I32Ne)
        {
            // No wrap-around past the limit: limit + step - 1 < 2^32 (2^31 for a signed test, which also makes the
            // test unsigned: every value it sees is then in [0, 2^31)).
            EmitLimit(vl);
            if (vl.StepLocal >= 0)
            {
                LoadU32(vl.StepLocal);
                _il.Emit(OpCodes.Add);
                LdcI8(1);
                _il.Emit(OpCodes.Sub);
            }
            else
            {
                LdcI8(k - 1);
                _il.Emit(OpCodes.Add);
            }
            LdcI8(vl.Test == Opcode.I32LtS ? int.MaxValue : uint.MaxValue);
            _il.Emit(OpCodes.Bgt, fail);
        }
        else if (ak > 1)
        {
            // The counter meets the limit exactly.
            _il.Emit(OpCodes.Ldloc, j);
            LdcI8(ak);
            _il.Emit(OpCodes.Rem_Un);
            _il.Emit(OpCodes.Brtrue, fail);
        }
        // J = (D - 1) / |step|: the last iteration's number.
        _il.Emit(OpCodes.Ldloc, j);
        LdcI8(1);
        _il.Emit(OpCodes.Sub);
        if (ak > 1)
        {
            LdcI8(ak);
            _il.Emit(OpCodes.Div_Un);
        }
        _il.Emit(OpCodes.Stloc, j);
        // Per group: lo = the lowest sum (over its constants and j = 0..J) modulo 2^32, every address is lo + d
        // modulo 2^32 for a d in [0, span] (span = MaxKEnd - MinK - end + |slope| J): when lo + span + end fits in
        // the memory, lo + d is below 2^32 and is the address.
        foreach (var g in vl.Groups)
        {
            LdcI8(g.MinK);
            foreach (var (l, c) in g.Terms)
            {
                LoadU32(l);
                if (c != 1)
                {
                    LdcI8(c);
                    _il.Emit(OpCodes.Mul);
                }
                _il.Emit(OpCodes.Add);
            }
            if (g.Slope < 0) AddSlope(g.Slope, j);
            _il.Emit(OpCodes.Conv_U4);
            _il.Emit(OpCodes.Conv_U8);
            LdcI8(g.MaxKEnd - g.MinK);
            _il.Emit(OpCodes.Add);
            if (g.Slope != 0) AddSlope(Math.Abs(g.Slope), j);
            _il.Emit(OpCodes.Ldloc, _memLen!);
            _il.Emit(OpCodes.Bgt_Un, fail);
        }
        Free(j);
    }

    private void AddSlope(long slope, LocalBuilder j)
    {
        _il.Emit(OpCodes.Ldloc, j);
        LdcI8(slope);
        _il.Emit(OpCodes.Mul);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>The loop's limit as a 64-bit value of its u32 (plus one for <c>le_u</c>: continue while below it).</summary>
    private void EmitLimit(VersionedLoop vl)
    {
        if (vl.LimitLocal >= 0) LoadU32(vl.LimitLocal);
        else LdcI8(vl.LimitConst);
        if (vl.Test == Opcode.I32LeU)
        {
            LdcI8(1);
            _il.Emit(OpCodes.Add);
        }
    }

    private void LoadU32(int local)
    {
        LoadLocal(local);
        _il.Emit(OpCodes.Conv_U8);
    }

    private void LdcI8(long v)
    {
        if (v is >= int.MinValue and <= int.MaxValue)
        {
            LdcI4((int)v);
            _il.Emit(OpCodes.Conv_I8);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I8, v);
        }
    }
}
