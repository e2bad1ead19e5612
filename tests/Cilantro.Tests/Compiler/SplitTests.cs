using System.Text;
using Cilantro.Compiler;
using Cilantro.Model;
using Xunit;

namespace Cilantro.Tests.Compiler;

/// <summary>
/// Functions split into region methods (RegionSplitter): small functions are split with the splitter aiming at a
/// fraction of the limits (<see cref="CompilerLimits.SplitDivisor"/>), and every result is checked against the
/// interpreter.
/// </summary>
public partial class SplitTests
{
    private static readonly EngineOptions CompilerOptions = new() { Kind = EngineKind.Compiler };
    private static readonly EngineOptions InterpreterOptions = new() { Kind = EngineKind.Interpreter };

    /// <summary>Compiles a module with its functions split hard, and an interpreter instance of the same text.</summary>
    private static (Instance Split, Instance Reference, CompiledModule Compiled) Load(string wat, int divisor = 2000)
    {
        var engine = new Engine(CompilerOptions);
        var module = Module.FromText(engine, wat, "m");
        var cm = CompiledModule.Get(module.Definition, new CompilerLimits { SplitDivisor = divisor });
        var split = new Linker(engine).Instantiate(new Store(engine), module);
        var ie = new Engine(InterpreterOptions);
        var reference = new Linker(ie).Instantiate(new Store(ie), Module.FromText(ie, wat, "m"));
        return (split, reference, cm);
    }

    private static void Same(Instance split, Instance reference, string name, params Value[] args)
    {
        var expected = reference.GetFunction(name).Call(args);
        var actual = split.GetFunction(name).Call(args);
        Assert.Equal(expected, actual);
    }

    private const string Locals = """
        (module
          (func (export "mix") (param i32 i64 f32 f64) (result i64)
            (local i32 i64 f32 f64 v128 i32)
            (local.set 4 (local.get 0))
            (local.set 8 (v128.const i32x4 1 2 3 4))
            (block
              (loop
                (local.set 5 (i64.add (local.get 5) (i64.extend_i32_u (local.get 4))))
                (local.set 6 (f32.add (local.get 6) (local.get 2)))
                (if (i32.and (local.get 4) (i32.const 1))
                  (then (local.set 7 (f64.add (local.get 7) (local.get 3)))
                        (local.set 8 (i32x4.add (local.get 8) (local.get 8))))
                  (else (local.set 1 (i64.mul (local.get 1) (i64.const 3)))))
                (local.set 9 (i32.add (local.get 9) (i32x4.extract_lane 3 (local.get 8))))
                (br_if 1 (i32.eqz (local.get 4)))
                (local.set 4 (i32.sub (local.get 4) (i32.const 1)))
                (br 0)))
            (i64.add (i64.add (local.get 1) (local.get 5))
              (i64.add (i64.trunc_f32_s (local.get 6))
                (i64.add (i64.trunc_f64_s (local.get 7)) (i64.extend_i32_s (local.get 9)))))))
        """;

    [Fact]
    public void LocalsOfEveryTypeCrossRegionBoundaries()
    {
        var (split, reference, cm) = Load(Locals);
        Assert.Equal(0, cm.InterpretedCount);
        Assert.Equal(1, cm.Split.Functions);
        Assert.True(cm.Split.Regions >= 3, $"{cm.Split.Regions} regions");
        foreach (int n in new[] { 0, 1, 5, 17 })
            Same(split, reference, "mix", n, 7L, 1.5f, 2.25);
    }

    private const string Branches = """
        (module
          (func (export "br") (param i32) (result i32 i64)
            (local i32)
            (block $out (result i32 i64)
              (block $a (result i32)
                (block $b (result i32)
                  (loop $l
                    (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                    (if (i32.eq (local.get 1) (local.get 0))
                      (then (br $b (i32.mul (local.get 1) (i32.const 10)))))
                    (br_if $l (i32.lt_u (local.get 1) (i32.const 5))))
                  (if (i32.eq (local.get 0) (i32.const 8)) (then (br $out (i32.const 5) (i64.const 6))))
                  (br_table $a $b $a (i32.const 100) (i32.and (local.get 0) (i32.const 3))))
                (return (i32.add (i32.const 1000)) (i64.const 1)))
              (i64.const 2)))
          (func (export "table") (param i32) (result i32)
            (block $d (block $c3 (block $c2 (block $c1 (block $c0
              (br_table $c0 $c1 $c2 $c3 $d (local.get 0)))
              (return (i32.const 10)))
              (return (i32.const 11)))
              (return (i32.const 12)))
              (return (i32.const 13)))
            (i32.const 99)))
        """;

    [Fact]
    public void BranchesLeaveRegionsWithValues()
    {
        var (split, reference, cm) = Load(Branches);
        Assert.Equal(0, cm.InterpretedCount);
        Assert.Equal(2, cm.Split.Functions);
        for (int n = 0; n < 9; n++)
        {
            Same(split, reference, "br", n);
            Same(split, reference, "table", n);
        }
        Same(split, reference, "table", -1);
    }

    private const string Returns = """
        (module
          (func $deep (export "deep") (param i32) (result i32 f64)
            (block
              (loop
                (if (i32.gt_s (local.get 0) (i32.const 3))
                  (then (block (block
                    (if (i32.eq (local.get 0) (i32.const 7)) (then (return (i32.const 7) (f64.const 0.5))))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 2)))))))
                (br_if 1 (i32.lt_s (local.get 0) (i32.const 5)))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br 0)))
            (local.get 0) (f64.convert_i32_s (local.get 0)))
          (func $fac (export "fac") (param i64) (result i64)
            (if (result i64) (i64.eqz (local.get 0))
              (then (i64.const 1))
              (else (block (result i64) (loop (result i64)
                (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))))
          (func (export "runaway") (param i32) (result i32)
            (block (result i32) (block (result i32)
              (call 2 (i32.add (local.get 0) (i32.const 1)))))))
        """;

    [Fact]
    public void ReturnsAndRecursionThroughSplitFunctions()
    {
        var (split, reference, cm) = Load(Returns);
        Assert.Equal(0, cm.InterpretedCount);
        Assert.Equal(3, cm.Split.Functions);
        foreach (int n in new[] { 0, 4, 5, 7, 9, 12, 100 })
            Same(split, reference, "deep", n);
        Assert.Equal(7034535277573963776L, split.GetFunction<long, long>("fac")(25));
        var e = Assert.Throws<TrapException>(() => split.GetFunction<int, int>("runaway")(0));
        Assert.Equal(TrapKind.CallStackExhausted, e.Kind);
        Assert.Equal(120L, split.GetFunction<long, long>("fac")(5)); // still usable
    }

    private const string Traps = """
        (module
          (memory 1)
          (func (export "trap") (param i32 i32) (result i32)
            (local i32)
            (block
              (loop
                (local.set 2 (i32.add (local.get 2) (i32.div_s (i32.const 100) (local.get 1))))
                (if (i32.eq (local.get 1) (i32.const 13)) (then unreachable))
                (if (i32.eq (local.get 0) (i32.const 4))
                  (then (drop (memory.grow (i32.const 1)))))
                (i32.store (i32.mul (local.get 0) (i32.const 16384)) (local.get 2))
                (br_if 1 (i32.eqz (local.get 0)))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br 0)))
            (i32.add (local.get 2) (i32.load (i32.const 65536)))))
        """;

    [Fact]
    public void TrapsAndMemoryGrowthInsideRegions()
    {
        var (split, reference, cm) = Load(Traps);
        Assert.Equal(0, cm.InterpretedCount);
        Assert.Equal(1, cm.Split.Functions);
        Assert.Equal("unreachable", Assert.Throws<TrapException>(() => split.GetFunction<int, int, int>("trap")(3, 13)).Message);
        Assert.Equal("integer divide by zero", Assert.Throws<TrapException>(() => split.GetFunction<int, int, int>("trap")(2, 0)).Message);
        // 4 * 16384 = 65536 is out of bounds before the grow and in bounds after it (the memory base is reloaded).
        Assert.Equal("out of bounds memory access", Assert.Throws<TrapException>(() => split.GetFunction<int, int, int>("trap")(5, 1)).Message);
        Same(split, reference, "trap", 4, 1);
        Same(split, reference, "trap", 2, 7);
    }

    /// <summary>A C-style switch: n nested blocks, a br_table over all of them, a case after each block's end.</summary>
    private static string Switch(int n)
    {
        var sb = new StringBuilder("(module (func (export \"switch\") (param i32) (result i32) (local i32)\n block\n");
        for (int i = 0; i < n; i++) sb.Append("block\n");
        sb.Append("local.get 0\nbr_table");
        for (int i = 0; i < n; i++) sb.Append(' ').Append(i);
        sb.Append(' ').Append(n).Append('\n');
        for (int i = 0; i < n; i++)
            sb.Append("end\ni32.const ").Append(i * 7 + 3).Append("\nlocal.set 1\nbr ").Append(n - 1 - i).Append('\n');
        sb.Append("end\nlocal.get 1))");
        return sb.ToString();
    }

    [Fact]
    public void ASwitchCaseIsEstimatedAsOneBasicBlock()
    {
        // RyuJIT counts a block per leader (a label, or the instruction after a branch): a case's label and the
        // leader after the previous case's br are one, so n cases are about n blocks, not 2n.
        const int n = 3000;
        var engine = new Engine(InterpreterOptions);
        var a = ModuleAnalysis.Of(Module.FromText(engine, Switch(n)).Definition);
        long blocks = a.Cost[0].Blocks;
        Assert.InRange(blocks, n, n + 20);
    }

    [Fact]
    public void AHugeSwitchIsSplitAcrossMethods()
    {
        // 5,000 cases: about 10,000 basic blocks, five times RyuJIT's limit, with the default limits.
        const int n = 5000;
        var engine = new Engine(CompilerOptions);
        var module = Module.FromText(engine, Switch(n), "m");
        var cm = CompiledModule.Get(module.Definition, new CompilerLimits());
        Assert.Equal(0, cm.InterpretedCount);
        Assert.Equal(1, cm.Split.Functions);
        var f = new Linker(engine).Instantiate(new Store(engine), module).GetFunction<int, int>("switch");
        foreach (int i in new[] { 0, 1, 2, 1000, 2500, 4998, 4999 }) Assert.Equal(i * 7 + 3, f(i));
        Assert.Equal(0, f(n));
        Assert.Equal(0, f(-1));
    }

    /// <summary>
    /// A switch of n cases in a loop (the index from a random generator, out of range at both ends now and then):
    /// cases add to an accumulator and leave to the switch's end, some continue the loop, some leave the function's
    /// outer block with a value; an f64 and a v128 local change in the loop, outside the cases.
    /// </summary>
    private static string LoopedSwitch(int n)
    {
        var sb = new StringBuilder("(module (func (export \"run\") (param i32 i32) (result i64) (local i32 i64 f64 v128)\n");
        sb.Append("v128.const i64x2 3 5\nlocal.set 5\nblock (result i64)\nloop\n");
        // leaving: the accumulator, the f64 and the vector (both kept across the cases' calls, not changed there)
        sb.Append("local.get 0\ni32.eqz\nif\nlocal.get 3\nlocal.get 4\ni64.trunc_sat_f64_s\ni64.add\n");
        sb.Append("local.get 5\ni64x2.extract_lane 1\ni64.add\nbr 2\nend\n");
        sb.Append("local.get 0\ni32.const 1\ni32.sub\nlocal.set 0\n");
        sb.Append("local.get 1\ni32.const 1103515245\ni32.mul\ni32.const 12345\ni32.add\nlocal.tee 1\n");
        sb.Append("i32.const 8\ni32.shr_u\ni32.const ").Append(n + 3).Append("\ni32.rem_u\ni32.const 1\ni32.sub\nlocal.set 2\n");
        sb.Append("block\n");
        for (int i = 0; i < n; i++) sb.Append("block\n");
        sb.Append("local.get 2\nbr_table");
        for (int i = 0; i < n; i++) sb.Append(' ').Append(i);
        sb.Append(' ').Append(n).Append('\n');
        for (int i = 0; i < n; i++)
        {
            int toSwitchEnd = n - 1 - i;
            sb.Append("end\nlocal.get 3\ni64.const ").Append(i * 7 + 3).Append("\ni64.add\nlocal.set 3\n");
            if (i % 11 == 5) sb.Append("br ").Append(toSwitchEnd + 1).Append('\n'); // continue the loop
            else if (i % 17 == 3 && i > 2000) sb.Append("local.get 3\ni64.const 1000\ni64.add\nbr ").Append(toSwitchEnd + 2).Append('\n');
            else sb.Append("br ").Append(toSwitchEnd).Append('\n');
        }
        sb.Append("end\nlocal.get 3\ni64.const 1\ni64.rotl\nlocal.set 3\n");
        sb.Append("local.get 4\nf64.const 0.5\nf64.add\nlocal.set 4\nlocal.get 5\nlocal.get 5\ni64x2.add\nlocal.set 5\n");
        sb.Append("br 0\nend\ni64.const -1\nend))");
        return sb.ToString();
    }

    [Fact]
    public void ALoopedSwitchSplitIntoTailRegionsComputesAsTheInterpreter()
    {
        // 3,000 cases: more than one method holds, with the default limits (tail regions entered by the switch).
        var (split, reference, cm) = Load(LoopedSwitch(3000), 1);
        Assert.Equal(0, cm.InterpretedCount);
        Assert.Equal(1, cm.Split.Functions);
        Assert.True(cm.Split.Regions >= 1, $"{cm.Split.Regions} regions");
        foreach (int seed in new[] { 1, 7, 12345, -99 })
            foreach (int count in new[] { 0, 1, 10, 5000 })
                Same(split, reference, "run", count, seed);
        // A small one split hard: tail regions at every few cases.
        (split, reference, _) = Load(LoopedSwitch(40), 400);
        foreach (int seed in new[] { 3, 8 })
            Same(split, reference, "run", 2000, seed);
    }

    [Fact]
    public void SpecStyleFunctionsSplitAtEveryScale()
    {
        // The same modules with the splitter aiming at several sizes: every split must compute the same.
        foreach (int divisor in new[] { 50, 300, 5000 })
        {
            var (split, reference, _) = Load(Branches, divisor);
            for (int n = 0; n < 5; n++) Same(split, reference, "br", n);
            (split, reference, _) = Load(Locals, divisor);
            Same(split, reference, "mix", 9, 2L, 0.5f, 1.0);
        }
    }
}
